import type { Command } from 'commander';
import { withNode } from '../context.ts';
import { note, printJson, printTable } from '../output.ts';
import { listDemoAccounts } from '../server.ts';

export function registerDemo(program: Command): void {
  const demo = program
    .command('demo')
    .description('The exercise world of `npm run demo` (data dir ./data-demo unless COMITY_DATA_DIR)');
  demo
    .command('accounts')
    .description(
      'List the exercise accounts for a trainer to hand out (the shared password is printed by the demo server at start)',
    )
    .option('--json', 'print JSON: [{email, name, roles, agency, jurisdiction}]')
    .action(async (opts: { json?: boolean }) => {
      // Always the demo configuration: same data directory as `npm run demo`.
      await withNode({ demo: true }, async (node) => {
        const accounts = await listDemoAccounts(node);
        if (opts.json) return printJson(accounts);
        printTable(
          accounts,
          [
            { header: 'email', value: (a) => a.email },
            { header: 'name', value: (a) => a.name },
            { header: 'roles', value: (a) => a.roles.join(',') },
            { header: 'agency', value: (a) => a.agency },
            { header: 'jurisdiction', value: (a) => a.jurisdiction },
          ],
          'No exercise accounts: start the demo once with `npm run demo`.',
        );
        if (accounts.length)
          note('EXERCISE DATA. All share the password printed by `npm run demo` at start.');
      });
    });
}
