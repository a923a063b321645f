import type { Command } from 'commander';
import { cliConfig, type GlobalOptions } from '../context.ts';
import { printLine } from '../output.ts';
import { migrateToLatest, openDatabase, pendingMigrations } from '../server.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (the server also applies them at start)')
    .action(async (_opts: object, cmd: Command) => {
      const config = cliConfig(cmd.optsWithGlobals<GlobalOptions>());
      const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const where =
          config.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
        const pending = await pendingMigrations(database.db);
        if (pending.length === 0) {
          printLine(`${where}: up to date, no migration to apply.`);
          return;
        }
        const applied = await migrateToLatest(database.db);
        printLine(`${where}: applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`);
        for (const name of applied) printLine(`  ${name}`);
      } finally {
        await database.close();
      }
    });
}
