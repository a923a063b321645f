import type { Command } from 'commander';
import { cliMeta, type GlobalOptions, withNode } from '../context.ts';
import { describeError } from '../errors.ts';
import { printJson, printLine } from '../output.ts';
import { progressBar } from '../progress.ts';
import { verifyAuditLog } from '../server.ts';
import { registerCheckpoint } from './checkpoint.ts';

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('The verifiable audit log (RFC 9162 Merkle tree, signed checkpoints)');

  audit
    .command('verify')
    .description(
      'Seal a fresh checkpoint, then recompute the whole tree from the database and check every event and every signed checkpoint; exits 1 on any problem',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node, s) => {
        const problems: string[] = [];
        // Sealing first means events written since the last checkpoint are covered too. A log
        // damaged badly enough cannot be sealed; verification below then says what is wrong.
        await node.audit
          .checkpoint()
          .catch((e: unknown) => problems.push(`could not seal a checkpoint: ${describeError(e)}`));
        const bar = progressBar('Verifying audit log', 'events');
        const report = await verifyAuditLog(node.database.db, node.nodeId, node.keys.all(), (done, total) =>
          bar.update(done, total),
        );
        bar.stop();
        const checkpoint = await node.audit.latestCheckpoint();
        const result = {
          ...report,
          ok: report.ok && problems.length === 0,
          problems: [...problems, ...report.problems],
          checkpoint,
        };
        await s.audit.record(
          { actor: null, meta: cliMeta },
          {
            action: 'audit.verify',
            outcome: result.ok ? 'success' : 'failure',
            details: { treeSize: result.treeSize, problems: result.problems.length },
          },
        );
        if (!result.ok) process.exitCode = 1;
        if (opts.json) return printJson(result);
        if (result.ok) {
          printLine(
            `Audit log verified: ${result.treeSize} events, each matching its leaf hash, in an unbroken sequence; ` +
              `${result.checkpointsChecked} signed checkpoint${result.checkpointsChecked === 1 ? '' : 's'} checked (signature and root).`,
          );
        } else {
          printLine(
            `Audit log verification FAILED: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}.`,
          );
          for (const p of result.problems) printLine(`  - ${p}`);
        }
        printLine(`Recomputed root: ${result.rootHash} (tree size ${result.treeSize})`);
        if (checkpoint) {
          printLine(
            `Latest checkpoint: size ${checkpoint.treeSize}, issued ${checkpoint.issuedAt}, signed by key ${checkpoint.keyId}`,
          );
        }
      });
    });

  registerCheckpoint(audit);
}
