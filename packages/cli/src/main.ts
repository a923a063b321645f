import { Command, CommanderError } from 'commander';
import { registerAdmin } from './commands/admin.ts';
import { registerAgencies } from './commands/agencies.ts';
import { registerAudit } from './commands/audit.ts';
import { registerBackup } from './commands/backup.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEvidence } from './commands/evidence.ts';
import { registerKeys } from './commands/keys.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerTokens } from './commands/tokens.ts';
import { registerUsers } from './commands/users.ts';
import { describeError } from './errors.ts';
import { VERSION } from './server.ts';

/**
 * `comity`: operate a node from its own machine. Reads the same environment as the server
 * (COMITY_DATA_DIR, DATABASE_URL, …) and acts as the node itself; every change and every read of
 * accounts is audited like the same action through the API.
 */
export function buildProgram(): Command {
  const program = new Command('comity')
    .description('Operate a Comity node: database, accounts, agencies, tokens, audit log, keys, backups.')
    .version(VERSION)
    .option(
      '--demo',
      'use the demo data directory (./data-demo unless COMITY_DATA_DIR is set), as `npm run demo`',
    )
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerMigrate(program);
  registerAdmin(program);
  registerUsers(program);
  registerAgencies(program);
  registerTokens(program);
  registerAudit(program);
  registerKeys(program);
  registerBackup(program);
  registerDemo(program);
  registerEvidence(program);
  for (const cmd of allCommands(program)) cmd.exitOverride();
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    // Commander has already printed usage errors and help; it only tells us the code.
    if (e instanceof CommanderError) return e.exitCode;
    process.stderr.write(`comity: ${describeError(e)}\n`);
    if (process.env.COMITY_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return typeof (e as { exitCode?: unknown }).exitCode === 'number'
      ? (e as { exitCode: number }).exitCode
      : 1;
  }
}

// Exit explicitly: a pool or timer left open by a library must not keep the process alive.
process.exit(await run(process.argv));
