import path from 'node:path';
import type { Command } from 'commander';
import { verifyPackageFile } from '../../../server/src/modules/evidence/package-verify.ts';
import { cliMeta, type GlobalOptions, withNode } from '../context.ts';
import { CliError } from '../errors.ts';
import { note, printJson, printLine } from '../output.ts';

/**
 * `comity evidence export ITEM_ID… --out PACKAGE.zip`: a signed export package, made by the node
 * (audited, custody records on every item). `comity evidence verify PACKAGE.zip`: offline check of
 * every hash and signature and of the archive's canonical form; exits 1 on any mismatch. It streams
 * the file, so packages of any size verify in constant memory. Packages are ZIP64 where needed
 * (a file or the package of 4 GiB or more, 65535 entries or more); standard unzip tools read them.
 */
export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description('Export and verify evidence packages');

  evidence
    .command('export')
    .description('Export evidence items as a signed package (files, manifest, CASE/UCO custody, PDF report)')
    .argument('<itemIds...>', 'evidence item ids')
    .requiredOption('--out <file>', 'package file to write (must not exist)')
    .option('--purpose <purpose>', 'court or agency', 'court')
    .option('--proceedings <name>', 'proceedings the package is for (speciality)')
    .option('--recipient <agencyId>', 'agency that receives the package')
    .option('--reason <text>', 'why the package is made (recorded in custody and audit)')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        itemIds: string[],
        opts: {
          out: string;
          purpose: string;
          proceedings?: string;
          recipient?: string;
          reason?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        if (opts.purpose !== 'court' && opts.purpose !== 'agency')
          throw new CliError('--purpose is court or agency.');
        const global = cmd.optsWithGlobals<GlobalOptions>();
        const out = path.resolve(opts.out);
        const result = await withNode(global, (node) =>
          node.evidence.export(
            { actor: null, meta: cliMeta },
            {
              itemIds,
              purpose: opts.purpose as 'court' | 'agency',
              proceedings: opts.proceedings ?? null,
              recipientAgencyId: opts.recipient ?? null,
              reason: opts.reason ?? 'comity evidence export (CLI)',
            },
            out,
          ),
        );
        if (opts.json) return printJson(result);
        printLine(
          `Package ${result.packageId} written to ${result.file} (${result.size} bytes, SHA-256 ${result.sha256}).`,
        );
        printLine(`Included: ${result.included.length} item(s).`);
        for (const e of result.excluded) printLine(`Excluded: ${e.exhibitNumber} (${e.rule}: ${e.reason})`);
        note(`Signed with node key ${result.keyId}. Check it with: comity evidence verify ${opts.out}`);
      },
    );

  evidence
    .command('verify')
    .description('Verify a package offline: signature, every hash, custody chains; exit 1 on any mismatch')
    .argument('<package>', 'package ZIP file')
    .option('--json', 'print the checks as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const report = await verifyPackageFile(file).catch((e: NodeJS.ErrnoException) => {
        throw new CliError(`${file}: cannot read it (${e.code ?? e.message}).`);
      });
      if (!report.ok) process.exitCode = 1;
      if (opts.json) return printJson(report);
      for (const c of report.checks)
        printLine(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.what}${c.detail ? ` (${c.detail})` : ''}`);
      printLine(report.ok ? `Package ${report.packageId} verified.` : 'Package verification FAILED.');
      if (report.ok)
        note(
          `Compare the key id ${report.keyId} with the one the node publishes (comity keys list) before trusting it.`,
        );
    });
}
