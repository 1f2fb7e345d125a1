import type { ColumnTable } from './types';

/** Column-major → rows. */
export function toRows(t: ColumnTable): Record<string, number | string | boolean | null>[] {
  const rows: Record<string, number | string | boolean | null>[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    const r: Record<string, number | string | boolean | null> = {};
    for (const c of t.columns) r[c.name] = t.data[c.name][i];
    rows.push(r);
  }
  return rows;
}
