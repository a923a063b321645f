import type { Command } from 'commander';
import { cliMeta, type GlobalOptions, withNode } from '../context.ts';
import { note, printJson, printLine, printTable } from '../output.ts';
import { NodeKeysAdmin } from '../server.ts';

export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('The node’s Ed25519 signing keys (audit checkpoints, federation)');

  keys
    .command('list')
    .description(
      'List signing keys; the key id is the fingerprint (SHA-256 of the raw public key, first 16 bytes)',
    )
    .option('--json', 'print JSON (public keys only)')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node) => {
        const all = node.keys.all();
        if (opts.json) return printJson(all);
        printTable(all, [
          { header: 'id', value: (k) => k.id },
          { header: 'algorithm', value: (k) => k.algorithm },
          { header: 'state', value: (k) => (k.expiredAt ? 'retired' : 'current') },
          { header: 'created', value: (k) => k.createdAt },
          { header: 'retired', value: (k) => k.expiredAt },
          { header: 'public key (base64url)', value: (k) => k.publicKey },
        ]);
      });
    });

  keys
    .command('rotate')
    .description('Make a new current signing key; retired keys stay so older signatures still verify')
    .action(async (_opts: object, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node) => {
        // The same rotation as POST /api/federation/keys/rotate (checkpoint, transition, audit).
        const r = await new NodeKeysAdmin(node).rotate(null, cliMeta);
        printLine(
          `Rotated the signing key: ${r.previousSigningKeyId} retired, ${r.signingKeyId} is current.`,
        );
        printLine(`New fingerprint (read it to partners' administrators if they ask): ${r.fingerprint}`);
        note(
          'A running server picks up the new key within a few seconds and publishes it with the signed transition.',
        );
      });
    });
}
