import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { HarnessNode } from './cluster.ts';

/** Runs one read-only query against a (stopped or running) harness node's database. */
export async function query<T>(node: HarnessNode, sql: string): Promise<T[]> {
  if (node.databaseUrl) {
    const c = new pg.Client({ connectionString: node.databaseUrl });
    await c.connect();
    try {
      return (await c.query(sql)).rows as T[];
    } finally {
      await c.end();
    }
  }
  const db = new SQLite(path.join(node.dataDir, 'comity.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

export interface CheckReport {
  sent: number;
  processed: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  undelivered: number;
  unacknowledgedButAcked: number;
  missingReceipts: number;
  conversations: number;
  envelopesStored: number;
  problems: string[];
}

/**
 * The fault test's judge. Ground truth is each sender's outbox (what its node committed to send);
 * every acknowledged send the harness saw must be in it. Then, per (sender, recipient):
 *   0 lost          every ping in the outbox was processed by the recipient;
 *   0 twice         no envelope appears twice in the recipient's `federation_ping`;
 *   order kept      per conversation, processing order is sequence 1, 2, 3… without a gap;
 *   delivered       the sender's outbox has nothing pending or failed;
 *   receipts        each ping came back with a `delivered` receipt whose digest matches.
 */
export async function checkCluster(nodes: HarnessNode[], acknowledged: Set<string>): Promise<CheckReport> {
  const report: CheckReport = {
    sent: 0,
    processed: 0,
    lost: 0,
    duplicates: 0,
    outOfOrder: 0,
    undelivered: 0,
    unacknowledgedButAcked: 0,
    missingReceipts: 0,
    conversations: 0,
    envelopesStored: 0,
    problems: [],
  };
  const outboxes = new Map<
    string,
    {
      id: string;
      recipient_node: string;
      conversation_id: string;
      sequence: number;
      status: string;
      type: string;
    }[]
  >();
  const pings = new Map<
    string,
    { envelope_id: string; sender_node: string; conversation_id: string; sequence: number; seq: number }[]
  >();
  const receipts = new Map<string, Set<string>>();
  for (const n of nodes) {
    outboxes.set(
      n.nodeId,
      await query(
        n,
        'SELECT id, recipient_node, conversation_id, sequence, status, type FROM federation_outbox',
      ),
    );
    pings.set(
      n.nodeId,
      await query(
        n,
        'SELECT envelope_id, sender_node, conversation_id, sequence, seq FROM federation_ping ORDER BY seq',
      ),
    );
    const rs = await query<{ envelope_id: string; kind: string; digest_matches: number }>(
      n,
      "SELECT envelope_id, kind, digest_matches FROM federation_receipt WHERE direction = 'received'",
    );
    const set = new Set<string>();
    for (const r of rs) if (Number(r.digest_matches) === 1) set.add(`${r.envelope_id}:${r.kind}`);
    receipts.set(n.nodeId, set);
    const waiting = await query<{ n: number }>(
      n,
      "SELECT count(*) AS n FROM federation_inbox WHERE status <> 'processed'",
    );
    if (Number(waiting[0]?.n) > 0)
      report.problems.push(`${n.name}: ${waiting[0]?.n} incoming envelopes not processed`);
    const stored = await query<{ n: number }>(n, 'SELECT count(*) AS n FROM federation_inbox');
    report.envelopesStored += Number(stored[0]?.n ?? 0);
  }
  const allOutIds = new Set<string>();
  for (const rows of outboxes.values()) for (const r of rows) allOutIds.add(r.id);
  for (const id of acknowledged) {
    if (!allOutIds.has(id)) report.unacknowledgedButAcked++;
  }
  if (report.unacknowledgedButAcked)
    report.problems.push(`${report.unacknowledgedButAcked} acknowledged sends missing from outboxes`);

  for (const sender of nodes) {
    const out = outboxes.get(sender.nodeId) ?? [];
    for (const row of out) {
      if (row.status !== 'delivered') report.undelivered++;
    }
    const sentPings = out.filter((r) => r.type === 'ping');
    report.sent += sentPings.length;
    for (const recipient of nodes) {
      if (recipient === sender) continue;
      const expected = sentPings.filter((r) => r.recipient_node === recipient.nodeId);
      const got = (pings.get(recipient.nodeId) ?? []).filter((p) => p.sender_node === sender.nodeId);
      report.processed += got.length;
      const seen = new Map<string, number>();
      for (const p of got) seen.set(p.envelope_id, (seen.get(p.envelope_id) ?? 0) + 1);
      for (const [, count] of seen) if (count > 1) report.duplicates += count - 1;
      for (const e of expected) if (!seen.has(e.id)) report.lost++;
      const expectedIds = new Set(expected.map((e) => e.id));
      for (const id of seen.keys())
        if (!expectedIds.has(id)) report.problems.push(`${recipient.name} processed ${id}, never sent`);
      const byConversation = new Map<string, number[]>();
      for (const p of got)
        byConversation.set(p.conversation_id, [
          ...(byConversation.get(p.conversation_id) ?? []),
          Number(p.sequence),
        ]);
      report.conversations += byConversation.size;
      for (const [conversation, sequences] of byConversation) {
        // In each test conversation the sender sends only pings (receipts come back the other way,
        // numbered by the recipient), so processing order must be exactly 1, 2, 3…
        sequences.forEach((s, i) => {
          if (s !== i + 1) {
            report.outOfOrder++;
            if (report.problems.length < 20)
              report.problems.push(`${conversation}: position ${i + 1} holds sequence ${s}`);
          }
        });
      }
      const senderReceipts = receipts.get(sender.nodeId) ?? new Set();
      for (const e of expected) {
        // `delivered` implies `accepted` (sent only when an envelope had to wait).
        if (!senderReceipts.has(`${e.id}:delivered`)) report.missingReceipts++;
      }
    }
  }
  if (report.undelivered) report.problems.push(`${report.undelivered} outbox envelopes not delivered`);
  return report;
}
