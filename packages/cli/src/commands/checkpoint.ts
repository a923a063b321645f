import fs from 'node:fs/promises';
import { ConsistencyProof, SignedCheckpoint } from '@comity/contracts';
import type { Command } from 'commander';
import { type GlobalOptions, withNode } from '../context.ts';
import { CliError } from '../errors.ts';
import { note, printJson, printLine } from '../output.ts';
import { keyFingerprint, parseHash, verifyCheckpointSignature, verifyConsistency } from '../server.ts';
import { integer } from './parse.ts';

async function readJson<T>(
  file: string,
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } };
  },
  what: string,
): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${file}: not JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(`${file}: not ${what}.`);
  return parsed.data;
}

async function writeOut(out: string | undefined, value: unknown): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out) await fs.writeFile(out, text, { mode: 0o644 });
  else process.stdout.write(text);
}

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/** What anyone can check with the checkpoint alone: the key id is the key's fingerprint and it signed this text. */
function checkpointChecks(cp: SignedCheckpoint, label: string, expectedKeyId: string | undefined): Check[] {
  const checks: Check[] = [];
  let fingerprint = '';
  try {
    fingerprint = keyFingerprint(Buffer.from(cp.publicKey, 'base64url'));
  } catch {
    // an unreadable key fails both checks below
  }
  checks.push({
    check: `${label}: key id is the public key's fingerprint`,
    ok: fingerprint === cp.keyId,
    detail: `key ${cp.keyId}`,
  });
  checks.push({
    check: `${label}: Ed25519 signature`,
    ok: verifyCheckpointSignature(cp),
    detail: `node ${cp.nodeId}, size ${cp.treeSize}, root ${cp.rootHash}, issued ${cp.issuedAt}`,
  });
  if (expectedKeyId) {
    checks.push({
      check: `${label}: signed by the expected key`,
      ok: cp.keyId === expectedKeyId,
      detail: `expected ${expectedKeyId}`,
    });
  }
  return checks;
}

interface VerifyOptions {
  consistency?: string;
  against?: string;
  keyId?: string;
  json?: boolean;
}

export function registerCheckpoint(audit: Command): void {
  const checkpoint = audit
    .command('checkpoint')
    .description('Signed checkpoints (tree size, root hash, time) for outside auditors');

  checkpoint
    .command('export')
    .description('Write the latest signed checkpoint as JSON (sealing a new one if the log grew)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { out?: string }, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node) => {
        const cp = await node.audit.checkpoint();
        if (!cp) throw new CliError('The audit log is empty: there is no checkpoint to export yet.');
        await writeOut(opts.out, cp);
        if (opts.out) {
          note(`Wrote the checkpoint at tree size ${cp.treeSize} (root ${cp.rootHash}) to ${opts.out}.`);
          note(
            `Signing key ${cp.keyId}: an auditor compares it with the node's published key (comity keys list).`,
          );
        }
      });
    });

  checkpoint
    .command('verify <file>')
    .description(
      'Verify a checkpoint offline: its signature and, given a newer checkpoint and an RFC 9162 consistency proof (GET /api/audit/consistency or `comity audit consistency`), that the newer log extends this one',
    )
    .option(
      '--consistency <proof.json>',
      'consistency proof {fromSize, toSize, path[]} from this checkpoint to the newer one',
    )
    .option('--against <newer.json>', 'the newer checkpoint')
    .option('--key-id <id>', 'fail unless the checkpoints are signed by this key')
    .option('--json', 'print the checks as JSON')
    .action(async (file: string, opts: VerifyOptions) => {
      if (Boolean(opts.consistency) !== Boolean(opts.against)) {
        throw new CliError(
          'Give --consistency and --against together (a proof and the newer checkpoint it leads to).',
        );
      }
      const older = await readJson(file, SignedCheckpoint, 'a signed checkpoint');
      const checks = checkpointChecks(older, file, opts.keyId);
      if (opts.consistency && opts.against) {
        const newer = await readJson(opts.against, SignedCheckpoint, 'a signed checkpoint');
        const proof = await readJson(opts.consistency, ConsistencyProof, 'a consistency proof');
        checks.push(...checkpointChecks(newer, opts.against, opts.keyId));
        checks.push({
          check: 'same node',
          ok: older.nodeId === newer.nodeId,
          detail: `${older.nodeId} / ${newer.nodeId}`,
        });
        const sizesMatch = proof.fromSize === older.treeSize && proof.toSize === newer.treeSize;
        checks.push({
          check: 'proof is between these two sizes',
          ok: sizesMatch,
          detail: `proof ${proof.fromSize} → ${proof.toSize}, checkpoints ${older.treeSize} → ${newer.treeSize}`,
        });
        const path = proof.path.map(parseHash);
        const oldRoot = parseHash(older.rootHash);
        const newRoot = parseHash(newer.rootHash);
        const consistent =
          sizesMatch &&
          oldRoot !== null &&
          newRoot !== null &&
          path.every((h) => h !== null) &&
          verifyConsistency(older.treeSize, newer.treeSize, oldRoot, newRoot, path as Buffer[]);
        checks.push({
          check: 'RFC 9162 consistency: the newer log extends the older unchanged',
          ok: consistent,
          detail: `${proof.path.length} hash${proof.path.length === 1 ? '' : 'es'} in the proof`,
        });
      }
      const ok = checks.every((c) => c.ok);
      if (!ok) process.exitCode = 1;
      if (opts.json) return printJson({ ok, checks });
      for (const c of checks) printLine(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check} (${c.detail})`);
      printLine(ok ? 'Checkpoint verified.' : 'Checkpoint verification FAILED.');
      if (ok && !opts.keyId) {
        note(
          `Compare the key id ${older.keyId} with the one the node publishes (comity keys list) before trusting it.`,
        );
      }
    });

  audit
    .command('consistency')
    .description(
      'Write an RFC 9162 consistency proof between two tree sizes (same as GET /api/audit/consistency)',
    )
    .requiredOption('--from <size>', 'tree size of the older checkpoint', integer)
    .option('--to <size>', 'tree size of the newer checkpoint (default: the latest, sealed now)', integer)
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { from: number; to?: number; out?: string }, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node) => {
        const latest = await node.audit.checkpoint();
        const toSize = opts.to ?? latest?.treeSize ?? 0;
        const path = await node.audit.consistencyProof(opts.from, toSize);
        if (!path) {
          throw new CliError(
            `Sizes must satisfy 1 ≤ --from ≤ --to ≤ ${latest?.treeSize ?? 0} (the tree size now).`,
          );
        }
        await writeOut(opts.out, { fromSize: opts.from, toSize, path });
        if (opts.out) note(`Wrote the consistency proof ${opts.from} → ${toSize} to ${opts.out}.`);
      });
    });
}
