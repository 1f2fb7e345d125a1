import type { ColumnTable } from '../../src/lib/engine/types';

interface ArrowLike {
  numRows: number;
  schema: { fields: { name: string; type: { toString(): string } }[] };
  getChildAt(i: number): { get(i: number): unknown } | null;
}

function plainValue(v: unknown): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (
    typeof v === 'object' &&
    v !== null &&
    'toJSON' in v &&
    typeof (v as { toJSON: unknown }).toJSON === 'function'
  )
    return JSON.stringify((v as { toJSON(): unknown }).toJSON(), (_k, x) =>
      typeof x === 'bigint' ? Number(x) : x,
    );
  return String(v);
}

/** Arrow table → plain column-major table (results are aggregates, so a copy is cheap). */
export function toColumnTable(t: ArrowLike): ColumnTable {
  const columns = t.schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
  const data: ColumnTable['data'] = {};
  columns.forEach((c, ci) => {
    const vec = t.getChildAt(ci);
    const arr: (number | string | boolean | null)[] = new Array(t.numRows);
    for (let i = 0; i < t.numRows; i++) arr[i] = vec ? plainValue(vec.get(i)) : null;
    data[c.name] = arr;
  });
  return { columns, data, rowCount: t.numRows };
}
