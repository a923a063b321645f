import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Instrument } from './legal.types.ts';

// Helpers over one instrument as data: its content hash (what makes a new version) and the flat list
// of its sourced facts with their citation and verified mark (what an instrument browser shows).

/** SHA-256 hex of the RFC 8785 canonical JSON: equal for equal content, whatever the key order. */
export function instrumentHash(instrument: Instrument): string {
  const text = canonicalize(instrument);
  if (text === undefined) throw new Error('instrument cannot be serialised');
  return crypto.createHash('sha256').update(text).digest('hex');
}

export interface SourcedRule {
  path: string;
  kind: string;
  label: string;
  citation: string;
  verified: boolean;
  note?: string;
}

function labelOf(value: Record<string, unknown>, fallback: string): string {
  for (const key of ['id', 'state', 'measure', 'label', 'instrument', 'title', 'description', 'text']) {
    const v = value[key];
    if (typeof v === 'string' && v.length > 0) return v.length > 120 ? `${v.slice(0, 117)}…` : v;
  }
  return fallback;
}

/** Every object in the instrument that carries `citation` and `verified`, depth first. */
export function sourcedRules(instrument: Instrument): SourcedRule[] {
  const out: SourcedRule[] = [];
  const walk = (value: unknown, path: string[], kind: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, [...path, String(i)], kind);
      });
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const obj = value as Record<string, unknown>;
    if (typeof obj.citation === 'string' && typeof obj.verified === 'boolean') {
      out.push({
        path: path.join('.'),
        kind,
        label: path.length === 0 ? instrument.title : labelOf(obj, kind),
        citation: obj.citation,
        verified: obj.verified,
        ...(typeof obj.note === 'string' ? { note: obj.note } : {}),
      });
    }
    for (const [key, child] of Object.entries(obj)) {
      if (typeof child === 'object' && child !== null)
        walk(child, [...path, key], path.length === 0 ? key : kind);
    }
  };
  walk(instrument, [], 'instrument');
  return out;
}
