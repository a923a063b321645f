import type { AuditEvent } from '@comity/contracts';

const columns = [
  'id',
  'leafIndex',
  'occurredAt',
  'nodeId',
  'actorUserId',
  'actorAgencyId',
  'action',
  'objectType',
  'objectId',
  'outcome',
  'ip',
  'sessionId',
  'requestId',
  'purpose',
  'details',
] as const;

/** RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with '. */
function cell(v: unknown): string {
  let s = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const toCsv = (events: readonly AuditEvent[]): string =>
  `${[columns.join(','), ...events.map((e) => columns.map((c) => cell(e[c])).join(','))].join('\r\n')}\r\n`;
