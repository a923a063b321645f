import { type Agency, AgencyKind, CreateAgency, CreateJurisdiction } from '@comity/contracts';
import type { Command } from 'commander';
import { cliMeta, type GlobalOptions, withNode } from '../context.ts';
import { CliError } from '../errors.ts';
import { type Column, note, printJson, printLine, printTable } from '../output.ts';
import { identityRepository } from '../server.ts';
import { countryCode, countryName, parseWith } from './parse.ts';

const agencyColumns = (names: Map<string, string>): Column<Agency>[] => [
  { header: 'id', value: (a) => a.id },
  { header: 'name', value: (a) => a.name },
  { header: 'short', value: (a) => a.shortName },
  { header: 'kind', value: (a) => a.kind },
  { header: 'jurisdiction', value: (a) => a.jurisdiction },
  { header: 'parent', value: (a) => (a.parentId ? (names.get(a.parentId) ?? a.parentId) : null) },
  { header: 'exercise', value: (a) => (a.exercise ? 'yes' : 'no') },
];

interface AgencyCreateOptions {
  name: string;
  kind: string;
  jurisdiction: string;
  jurisdictionName?: string;
  parentId?: string;
  shortName?: string;
  json?: boolean;
}

export function registerAgencies(program: Command): void {
  const agency = program.command('agency').description('The agency directory of this node');

  agency
    .command('list')
    .description('List agencies (audited as a read by the node)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (_node, s) => {
        const agencies = (await s.directory.listAgencies(s.nodeAdministrator, cliMeta)).map((a) => a.data);
        if (opts.json) return printJson(agencies);
        const names = new Map(agencies.map((a) => [a.id, a.shortName ?? a.name]));
        printTable(agencies, agencyColumns(names), 'No agencies.');
      });
    });

  agency
    .command('create')
    .description('Create an agency; its jurisdiction is created too when it does not exist yet')
    .requiredOption('--name <name>', 'agency name')
    .requiredOption('--kind <kind>', `agency kind: ${AgencyKind.options.join(', ')}`)
    .requiredOption('--jurisdiction <CC>', 'ISO 3166-1 alpha-2 code, e.g. DE', countryCode)
    .option('--jurisdiction-name <name>', 'name for a new jurisdiction (default: the country’s English name)')
    .option('--parent-id <id>', 'the agency this one sits under')
    .option('--short-name <name>', 'abbreviation, e.g. BKA')
    .option('--json', 'print the created agency as JSON')
    .action(async (opts: AgencyCreateOptions, cmd: Command) => {
      const input = parseWith(CreateAgency, {
        name: opts.name,
        kind: opts.kind,
        jurisdiction: opts.jurisdiction,
        ...(opts.parentId ? { parentId: opts.parentId } : {}),
        ...(opts.shortName ? { shortName: opts.shortName } : {}),
      });
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node, s) => {
        if (!(await identityRepository.jurisdiction(node.database.db, input.jurisdiction))) {
          const name = opts.jurisdictionName ?? countryName(input.jurisdiction);
          if (!name)
            throw new CliError(
              `--jurisdiction-name: ${input.jurisdiction} is new on this node; give its name.`,
            );
          const j = parseWith(
            CreateJurisdiction,
            { code: input.jurisdiction, name },
            { name: '--jurisdiction-name' },
          );
          await s.directory.createJurisdictionAs(null, cliMeta, j);
          note(`Created jurisdiction ${j.code} (${j.name}).`);
        }
        const created = await s.directory.createAgencyAs(null, cliMeta, input);
        if (opts.json) return printJson(created);
        printLine(
          `Created agency ${created.name} (${created.id}), ${created.kind}, ${created.jurisdiction}.`,
        );
      });
    });
}
