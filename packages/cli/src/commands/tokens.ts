import { CreateApiToken, Email, tokenScopes } from '@comity/contracts';
import type { Command } from 'commander';
import { actorForUser, cliMeta, type GlobalOptions, withNode } from '../context.ts';
import { CliError } from '../errors.ts';
import { note, printJson, printLine } from '../output.ts';
import { identityRepository } from '../server.ts';
import { integer, list, parseWith } from './parse.ts';

interface TokenCreateOptions {
  email: string;
  name: string;
  scopes: string[];
  days: number;
  json?: boolean;
}

export function registerTokens(program: Command): void {
  const token = program.command('token').description('Personal API tokens');
  token
    .command('create')
    .description('Create a personal API token for a user; it is printed once and stored only as a hash')
    .requiredOption('--email <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, e.g. "nightly export"')
    .option('--scopes <a,b>', `comma-separated scopes: ${tokenScopes.join(', ')}`, list, ['read'])
    .option('--days <n>', 'days until it expires (1–365)', integer, 90)
    .option('--json', 'print the token and its metadata as JSON')
    .action(async (opts: TokenCreateOptions, cmd: Command) => {
      const email = parseWith(Email, opts.email, { '': '--email' });
      const input = parseWith(
        CreateApiToken,
        { name: opts.name, scopes: opts.scopes, expiresInDays: opts.days },
        {
          expiresInDays: '--days',
        },
      );
      await withNode(cmd.optsWithGlobals<GlobalOptions>(), async (node, s) => {
        const db = node.database.db;
        const user = await identityRepository.userByEmail(db, email);
        if (!user) throw new CliError(`No user with email ${email}.`);
        if (user.status !== 'active')
          throw new CliError(`${email} is ${user.status}; a token cannot be made for it.`);
        const agency = await identityRepository.agencyById(db, user.agency_id);
        const owner = actorForUser({
          id: user.id,
          agencyId: user.agency_id,
          jurisdiction: agency?.jurisdiction ?? '',
          roles: JSON.parse(user.roles),
          clearance: user.clearance,
          exercise: user.exercise === 1,
        });
        const { token: secret, apiToken } = await s.tokens.create(owner, cliMeta, input);
        if (opts.json) return printJson({ token: secret, apiToken });
        // The secret alone on stdout, so `TOKEN=$(comity token create …)` works; the rest on stderr.
        note(
          `Token “${apiToken.name}” for ${email}, scopes ${apiToken.scopes.join(', ')}, expires ${apiToken.expiresAt}.`,
        );
        note('It is shown only this once. Send it as `Authorization: Bearer <token>`.');
        printLine(secret);
      });
    });
}
