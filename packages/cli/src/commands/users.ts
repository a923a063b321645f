import { CreateUser, roles, type User } from '@comity/contracts';
import type { Command } from 'commander';
import { type CliServices, cliMeta, type GlobalOptions, withNode } from '../context.ts';
import { CliError } from '../errors.ts';
import { type Column, printJson, printLine, printTable } from '../output.ts';
import { newPassword } from '../prompt.ts';
import { AppError, type ComityNode, identityRepository } from '../server.ts';
import { integer, list, parseWith } from './parse.ts';

const NewUserFields = CreateUser.omit({ password: true });

const userColumns = (agencies: Map<string, string>): Column<User>[] => [
  { header: 'id', value: (u) => u.id },
  { header: 'email', value: (u) => u.email },
  { header: 'name', value: (u) => u.displayName },
  { header: 'agency', value: (u) => agencies.get(u.agencyId) ?? u.agencyId },
  { header: 'roles', value: (u) => u.roles.join(',') },
  { header: 'clearance', value: (u) => u.clearance },
  { header: 'status', value: (u) => u.status },
  { header: 'mfa', value: (u) => (u.mfaEnrolled ? 'yes' : 'no') },
  { header: 'exercise', value: (u) => (u.exercise ? 'yes' : 'no') },
];

async function agencyNames(node: ComityNode): Promise<Map<string, string>> {
  const rows = await identityRepository.listAgencies(node.database.db);
  return new Map(rows.map((a) => [a.id, a.short_name ?? a.name]));
}

/** Lock, unlock, reset MFA: services answer not-found for an unknown id (or one not allowed). */
async function changeUser(
  cmd: Command,
  id: string,
  done: string,
  change: (s: CliServices, id: string) => Promise<{ data: User }>,
): Promise<void> {
  await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (_node, services) => {
    try {
      const { data } = await change(services, id);
      printLine(`${done} ${data.email} (${data.id}); status ${data.status}.`);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not-found') throw new CliError(`No user with id ${id}.`);
      throw e;
    }
  });
}

interface UserCreateOptions {
  email: string;
  name: string;
  agencyId: string;
  roles: string[];
  clearance: number;
  languages: string[];
  passwordStdin?: boolean;
  json?: boolean;
}

export function registerUsers(program: Command): void {
  const user = program.command('user').description('User accounts on this node');

  user
    .command('list')
    .description('List user accounts (audited as a read by the node)')
    .option('--agency-id <id>', 'only users of this agency')
    .option('--search <text>', 'only users whose name or email contains this')
    .option('--json', 'print JSON')
    .action(async (opts: { agencyId?: string; search?: string; json?: boolean }, cmd: Command) => {
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node, s) => {
        const users = (
          await s.users.list(s.nodeAdministrator, cliMeta, {
            agencyId: opts.agencyId,
            q: opts.search,
          })
        ).map((u) => u.data);
        if (opts.json) return printJson(users);
        printTable(users, userColumns(await agencyNames(node)), 'No users.');
      });
    });

  user
    .command('create')
    .description('Create a user account; they enrol a second factor at first sign-in')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--agency-id <id>', 'agency id (see `comity agency list`)')
    .requiredOption('--roles <a,b>', `comma-separated roles: ${roles.join(', ')}`, list)
    .option('--clearance <n>', 'clearance level 0–4 (0 = unclassified)', integer, 0)
    .option('--languages <en,fr>', 'comma-separated ISO 639-1 languages', list, [])
    .option('--password-stdin', 'read the password from standard input instead of asking for it')
    .option('--json', 'print the created account as JSON')
    .action(async (opts: UserCreateOptions, cmd: Command) => {
      const input = parseWith(
        NewUserFields,
        {
          email: opts.email,
          displayName: opts.name,
          agencyId: opts.agencyId,
          roles: opts.roles,
          clearance: opts.clearance,
          languages: opts.languages,
        },
        { displayName: '--name' },
      );
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (_node, s) => {
        const password = await newPassword({
          email: input.email,
          displayName: input.displayName,
          fromStdin: opts.passwordStdin,
        });
        const created = await s.users.create(null, cliMeta, { ...input, password });
        const data = 'data' in created ? created.data : created;
        if (opts.json) return printJson(data);
        printLine(`Created user ${data.email} (${data.id}) with roles ${data.roles.join(', ')}.`);
      });
    });

  user
    .command('lock <id>')
    .description('Lock an account and end its sessions')
    .action((id: string, _opts: object, cmd: Command) =>
      changeUser(cmd, id, 'Locked', (s, userId) => s.users.lock(s.nodeAdministrator, cliMeta, userId)),
    );
  user
    .command('unlock <id>')
    .description('Unlock an account (also clears its failed sign-in count)')
    .action((id: string, _opts: object, cmd: Command) =>
      changeUser(cmd, id, 'Unlocked', (s, userId) => s.users.unlock(s.nodeAdministrator, cliMeta, userId)),
    );
  user
    .command('reset-mfa <id>')
    .description('Remove an account’s second factor and recovery codes; they enrol again at next sign-in')
    .action((id: string, _opts: object, cmd: Command) =>
      changeUser(cmd, id, 'Reset the second factor of', (s, userId) =>
        s.users.resetMfa(s.nodeAdministrator, cliMeta, userId),
      ),
    );
}
