import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import {
  cliConfig,
  cliMeta,
  type GlobalOptions,
  requireExistingDatabase,
  sqliteFile,
  withNode,
} from '../context.ts';
import { CliError } from '../errors.ts';
import { note, printLine } from '../output.ts';
import { progressBar } from '../progress.ts';
import { type Config, VERSION } from '../server.ts';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: 'comity-backup/1';
  createdAt: string;
  comityVersion: string;
  engine: 'sqlite';
  nodeId: string | null;
  sourceDataDir: string;
  files: ManifestFile[];
}

const DB_NAME = 'comity.sqlite';

async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

async function prepareOutDir(out: string): Promise<void> {
  const existing = await fsp.readdir(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new CliError(`--out ${out}: ${e.code === 'ENOTDIR' ? 'not a directory' : e.message}`);
  });
  if (existing && existing.length > 0)
    throw new CliError(`--out ${out} is not empty; give a new or empty directory.`);
  await fsp.mkdir(out, { recursive: true, mode: 0o700 });
}

/**
 * SQLite's online backup API on a separate read-only connection: pages are copied a step at a
 * time while the server keeps writing, and the copy restarts itself if a write lands in between,
 * so the result is one consistent snapshot (https://www.sqlite.org/backup.html).
 */
async function backupSqlite(source: string, target: string): Promise<void> {
  const src = new SQLite(source, { readonly: true, fileMustExist: true });
  src.pragma('busy_timeout = 5000');
  const bar = progressBar('Database', 'pages');
  try {
    const { totalPages } = await src.backup(target, {
      progress({ totalPages, remainingPages }) {
        bar.update(totalPages - remainingPages, totalPages);
        return 256;
      },
    });
    bar.update(totalPages, totalPages);
  } finally {
    bar.stop();
    src.close();
  }
  // The copy holds the node's private signing keys and every account: owner-only.
  await fsp.chmod(target, 0o600);
  const copy = new SQLite(target, { fileMustExist: true });
  try {
    // A self-contained single file: no -wal beside it once closed.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new CliError(`The backup copy failed SQLite's integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Copies the blobs folder file by file; returns the copied files' paths relative to `out`. */
async function copyBlobs(from: string, out: string): Promise<string[]> {
  const files = await listFiles(from);
  const sizes = await Promise.all(files.map(async (f) => (await fsp.stat(path.join(from, f))).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const bar = progressBar('Blobs', 'bytes');
  let done = 0;
  try {
    for (const [i, f] of files.entries()) {
      const target = path.join(out, 'blobs', f);
      await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await fsp.copyFile(path.join(from, f), target, fs.constants.COPYFILE_EXCL);
      done += sizes[i]!;
      bar.update(done, total);
    }
  } finally {
    bar.stop();
  }
  return files.map((f) => path.join('blobs', f));
}

function readNodeId(file: string): string | null {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM node_setting WHERE key = 'node.id'").get() as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/**
 * `postgres://u:secret@h/db` → `postgres://u@h/db`: guidance never prints the password, and the
 * command still runs as printed, with the password from ~/.pgpass or PGPASSWORD.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** POSIX shell single-quoting, so the printed command can be pasted as is. */
const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function postgresGuidance(config: Config, out: string): void {
  const url = redactUrl(config.databaseUrl ?? '');
  const dump = path.join(out, 'comity.dump');
  printLine(
    'The database is PostgreSQL (DATABASE_URL): back it up with PostgreSQL’s own tool, which takes a',
  );
  printLine('consistent snapshot while the server runs. Use pg_dump of the server’s major version or newer:');
  printLine('');
  printLine(`  mkdir -p ${shq(out)} && pg_dump --format=custom --no-owner --file=${shq(dump)} ${shq(url)}`);
  printLine('');
  printLine('The password is left out: pg_dump reads it from ~/.pgpass or PGPASSWORD. Restore with:');
  printLine(`  pg_restore --clean --if-exists --no-owner --dbname=${shq(url)} ${shq(dump)}`);
  const blobs = path.join(config.dataDir, 'blobs');
  if (fs.existsSync(blobs)) printLine(`Also copy the blobs folder ${blobs} (e.g. rsync -a) after the dump.`);
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'Consistent online backup of the SQLite database and the blobs folder, with a SHA-256 manifest (PostgreSQL: prints the pg_dump command)',
    )
    .requiredOption('--out <dir>', 'new or empty directory to write the backup to')
    .action(async (opts: { out: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const config = cliConfig(globals);
      const out = path.resolve(opts.out);
      if (config.engine === 'postgres') return postgresGuidance(config, out);
      requireExistingDatabase(config);
      await prepareOutDir(out);
      const startedAt = new Date().toISOString();
      // Not migrated first: a backup taken before an upgrade must hold the schema it had.
      await withNode({ ...globals, migrate: false }, async (_node, s) => {
        try {
          const dbCopy = path.join(out, DB_NAME);
          await backupSqlite(sqliteFile(config), dbCopy);
          const blobsDir = path.join(config.dataDir, 'blobs');
          const copied = [DB_NAME, ...(fs.existsSync(blobsDir) ? await copyBlobs(blobsDir, out) : [])];
          const files: ManifestFile[] = [];
          for (const f of copied) {
            const abs = path.join(out, f);
            files.push({
              path: f.split(path.sep).join('/'),
              bytes: (await fsp.stat(abs)).size,
              sha256: await sha256File(abs),
            });
          }
          const manifest: BackupManifest = {
            format: 'comity-backup/1',
            createdAt: startedAt,
            comityVersion: VERSION,
            engine: 'sqlite',
            nodeId: readNodeId(dbCopy),
            sourceDataDir: config.dataDir,
            files,
          };
          await fsp.writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
            mode: 0o600,
          });
          // The same hashes in coreutils format: `sha256sum -c SHA256SUMS` in the backup folder.
          await fsp.writeFile(
            path.join(out, 'SHA256SUMS'),
            files.map((f) => `${f.sha256}  ${f.path}\n`).join(''),
            {
              mode: 0o600,
            },
          );
          const bytes = files.reduce((a, f) => a + f.bytes, 0);
          await s.audit.record(
            { actor: null, meta: cliMeta },
            { action: 'node.backup', objectType: 'node', details: { files: files.length, bytes } },
          );
          printLine(
            `Backup written to ${out}: ${files.length} file${files.length === 1 ? '' : 's'}, ${bytes} bytes.`,
          );
          note(
            'manifest.json and SHA256SUMS list each file with its SHA-256. Keep the backup as safe as the node: it holds its signing keys.',
          );
        } catch (e) {
          await s.audit.record(
            { actor: null, meta: cliMeta },
            { action: 'node.backup', objectType: 'node', outcome: 'failure', details: {} },
          );
          throw e;
        }
      });
    });
}
