import type { AgencyRow } from './admin.api.ts';

export interface TreeRow {
  row: AgencyRow;
  depth: number;
}

/**
 * Agencies of one jurisdiction in tree order (parents before their children, siblings by name),
 * each with its depth. Agencies whose parent is elsewhere or unknown start a tree of their own;
 * a cycle cannot hide an agency.
 */
export function agencyTree(rows: AgencyRow[]): TreeRow[] {
  const ids = new Set(rows.map((r) => r.data.id));
  const children = new Map<string | null, AgencyRow[]>();
  for (const r of rows) {
    const parent = r.data.parentId && ids.has(r.data.parentId) ? r.data.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(r);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.data.name.localeCompare(b.data.name));
  const out: TreeRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.data.id)) continue;
      seen.add(r.data.id);
      out.push({ row: r, depth });
      walk(r.data.id, depth + 1);
    }
  };
  walk(null, 0);
  for (const r of rows) if (!seen.has(r.data.id)) out.push({ row: r, depth: 0 });
  return out;
}

/** Agencies grouped by jurisdiction code, in tree order within each. */
export function byJurisdiction(rows: AgencyRow[]): Map<string, TreeRow[]> {
  const groups = new Map<string, AgencyRow[]>();
  for (const r of rows) {
    const list = groups.get(r.data.jurisdiction) ?? [];
    list.push(r);
    groups.set(r.data.jurisdiction, list);
  }
  return new Map([...groups].map(([code, list]) => [code, agencyTree(list)]));
}
