/** CSV ingestion checks: column types, rows not split on the delimiter, the serial-reader retry. */
import type { ColumnInfo, ColumnTable } from '../../src/lib/engine/types';
import { quoteIdent } from '../../src/lib/sql/ident';
import { buildTypeCheckSql, type CsvReadSpec } from '../../src/lib/sql/csv';
import type { BuiltSql } from '../../src/lib/sql/types';
import { toRows } from '../../src/lib/engine/rows';
import type { IngestContext } from './ingest';
import { errText } from './files';

/** Columns per type-check statement. */
const TYPE_CHECK_BATCH = 25;

/**
 * The types to show for text-stored CSV columns: the sniffer's proposal, except columns whose
 * values have leading zeros (ids, zips) or do not all parse as that type, which stay text.
 */
export async function detectTypes(
  ctx: IngestContext,
  table: string,
  sniffed: ColumnInfo[],
  userTypes: Record<string, string>,
  warnings: string[],
): Promise<ColumnInfo[]> {
  const candidates = sniffed.filter((c) => c.type !== 'VARCHAR' && !userTypes[c.name]);
  if (!candidates.length)
    return sniffed.map((c) => ({ name: c.name, type: userTypes[c.name] ?? c.type }));
  // In batches: one statement's planning time grows with the square of its expressions, so a file
  // with 2,000 numeric columns would take minutes in a single query.
  const r: Record<string, unknown> = {};
  for (let start = 0; start < candidates.length; start += TYPE_CHECK_BATCH) {
    const part = candidates.slice(start, start + TYPE_CHECK_BATCH);
    const got = toRows(await ctx.run(buildTypeCheckSql(table, part)))[0] ?? {};
    part.forEach((_c, i) => {
      for (const k of ['z', 'b', 'e']) r[`${k}${start + i}`] = got[`${k}${i}`];
    });
  }
  const zeros = candidates.filter((_c, i) => Number(r[`z${i}`] ?? 0) > 0).map((c) => c.name);
  const bad = candidates.filter((c, i) => !zeros.includes(c.name) && Number(r[`b${i}`] ?? 0) > 0);
  if (zeros.length)
    warnings.push(`Kept as text because values have leading zeros: ${zeros.join(', ')}.`);
  for (const c of bad) {
    const i = candidates.indexOf(c);
    warnings.push(
      `Column "${c.name}" looks like ${c.type} but ${Number(r[`b${i}`])} values are not (e.g. "${String(r[`e${i}`])}"), so it is treated as text.`,
    );
  }
  const text = new Set([...zeros, ...bad.map((c) => c.name)]);
  return sniffed.map((c) => ({
    name: c.name,
    type: userTypes[c.name] ?? (text.has(c.name) ? 'VARCHAR' : c.type),
  }));
}

/** Warns when rows stayed in one cell holding another delimiter: the file mixes delimiters. */
export async function checkUnsplitRows(
  ctx: IngestContext,
  table: string,
  spec: CsvReadSpec,
  name: string,
  warnings: string[],
): Promise<void> {
  const others = [',', ';', '\t', '|'].filter((d) => d !== spec.delimiter);
  const [first, ...rest] = spec.columns.map((c) => quoteIdent(c.name));
  const cell = `CAST(${first} AS VARCHAR)`;
  const r = toRows(
    await ctx.run({
      sql: `SELECT count(*)::BIGINT AS n, min(${cell}) AS example FROM ${quoteIdent(table)} WHERE ${rest.map((c) => `${c} IS NULL`).join(' AND ')} AND (${others.map(() => `contains(${cell}, ?)`).join(' OR ')})`,
      params: others,
    }),
  )[0];
  const n = Number(r?.n ?? 0);
  if (n > 0)
    warnings.push(
      `${n} ${n === 1 ? 'row' : 'rows'} of "${name}" ${n === 1 ? 'was' : 'were'} not split on "${spec.delimiter === '\t' ? 'tab' : spec.delimiter}" (e.g. "${String(r.example)}"): the file seems to mix delimiters. Set the delimiter by hand in the import options, or export the file again with one delimiter.`,
    );
}

/**
 * Runs a CSV statement; when DuckDB's parallel scanner refuses a quoted newline together with
 * null padding (it depends on where the newline falls), runs it again with the serial reader.
 */
export async function runCsv(ctx: IngestContext, q: BuiltSql): Promise<ColumnTable> {
  try {
    return await ctx.run(q);
  } catch (e) {
    if (!/parallel=false/.test(errText(e)) || !q.sql.includes('null_padding=true')) throw e;
    return ctx.run({
      ...q,
      sql: q.sql.replace('null_padding=true', 'null_padding=true, parallel=false'),
    });
  }
}
