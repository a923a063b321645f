// The SQLite audit writer thread. better-sqlite3 is synchronous: a commit's fsync blocks the
// thread that runs it. Group-committed audit events (reads, refusals) are written here, on a
// connection of their own, so the request-serving thread never waits on the disk.
// Plain JavaScript: it must start under any loader (server, CLI, tests).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, columns, sequenceSql } = workerData;
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 10000');
db.pragma('foreign_keys = ON');

const insert = db.prepare(
  `INSERT INTO audit_event (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
);
const sequence = db.prepare(sequenceSql);
const writeBatch = db.transaction((rows) => {
  for (const row of rows) insert.run(row);
  sequence.run();
});

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    writeBatch.immediate(msg.rows);
    parentPort.postMessage({ id: msg.id, ok: true });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
