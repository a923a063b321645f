import { AgencyKind, CountryCode, Email } from '@comity/contracts';
import type { Command } from 'commander';
import { type GlobalOptions, withNode } from '../context.ts';
import { CliError } from '../errors.ts';
import { note, printJson, printLine } from '../output.ts';
import { assertStrongPassword, newPassword } from '../prompt.ts';
import { countryCode, countryName, parseWith } from './parse.ts';

interface AdminCreateOptions {
  email: string;
  name: string;
  agency: string;
  kind: string;
  jurisdiction: string;
  jurisdictionName?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('The node’s first administrator');
  admin
    .command('create')
    .description(
      'Create the first administrator, with their agency and jurisdiction, on a node that has no account yet',
    )
    .requiredOption('--email <email>', 'administrator’s email (their sign-in name)')
    .requiredOption('--name <name>', 'administrator’s full name')
    .requiredOption('--agency <name>', 'name of the administrator’s agency')
    .requiredOption('--kind <kind>', `agency kind: ${AgencyKind.options.join(', ')}`)
    .requiredOption(
      '--jurisdiction <CC>',
      'ISO 3166-1 alpha-2 code of the agency’s state, e.g. FR',
      countryCode,
    )
    .option('--jurisdiction-name <name>', 'name of the jurisdiction (default: the country’s English name)')
    .option('--password-stdin', 'read the password from standard input instead of asking for it')
    .option('--json', 'print the created account as JSON')
    .action(async (opts: AdminCreateOptions, cmd: Command) => {
      const email = parseWith(Email, opts.email, { '': '--email' });
      const kind = parseWith(AgencyKind, opts.kind, { '': '--kind' });
      const jurisdiction = parseWith(CountryCode, opts.jurisdiction, { '': '--jurisdiction' });
      const jurisdictionName = opts.jurisdictionName ?? countryName(jurisdiction);
      if (!jurisdictionName) throw new CliError(`--jurisdiction-name: give a name for ${jurisdiction}.`);
      if (opts.name.trim().length < 2) throw new CliError('--name: give the administrator’s full name.');
      if (opts.agency.trim().length < 2) throw new CliError('--agency: give the agency’s name.');

      await withNode({ ...cmd.optsWithGlobals<GlobalOptions>(), create: true }, async (_node, services) => {
        if (!(await services.bootstrap.needed())) {
          throw new CliError('This node already has accounts; add more with `comity user create`.');
        }
        const ctx = { email, displayName: opts.name.trim() };
        const password = await newPassword({ ...ctx, fromStdin: opts.passwordStdin });
        // Checked before anything is written: the agency and jurisdiction are created first.
        assertStrongPassword(password, ctx);
        const user = await services.bootstrap.createFirstAdmin(
          {
            ...ctx,
            password,
            agency: { name: opts.agency.trim(), kind, jurisdiction, jurisdictionName },
          },
          null,
        );
        const data = 'data' in user ? user.data : user;
        if (opts.json) return printJson(data);
        printLine(
          `Created administrator ${data.email} (${data.id}) in “${opts.agency.trim()}”, ${jurisdiction}.`,
        );
        note('They sign in with this password and enrol a second factor (TOTP) at first sign-in.');
      });
    });
}
