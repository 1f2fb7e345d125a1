/**
 * DOMAIN.md §1 "Input: one event table", the cleaning half: a raw dataset table and a Mapping
 * become the staged rows with their cleaning status (duplicates, invalid rows, returns, unmapped
 * actions), the cleaning report's counts, and the canonical `events` table made in place from the
 * staged rows. Orders, refund links and order nets are in ./events.ts. Pure builders; both the
 * worker and the CLI run them (src/lib/report/prepare.ts runs the steps in order).
 */
import type { ColumnInfo } from '../../engine/types';
import type { Mapping } from '../../mapping/config';
import { quoteIdent, quoteLiteral } from '../ident';
import { plain, type BuiltSql } from '../types';
import { MONEY, T } from './events';

/** Statuses a raw row can end with, in the order the cleaning rules apply. */
export const ROW_STATUSES = [
  'duplicate',
  'missing_user',
  'missing_ts',
  'named_zone',
  'bad_ts',
  'missing_action',
  'return',
  'unmapped',
  'ok',
] as const;

const isNumeric = (t: string) =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i.test(
    t,
  );
const isFloat = (t: string) => /^(FLOAT|DOUBLE|REAL|DECIMAL)/i.test(t);
const isTemporal = (t: string) => /^(DATE|TIMESTAMP)/i.test(t);

/** Trimmed text of a column, NULL when empty; integral floats lose their `.0` (ids exported as floats). */
export function textExpr(col: string, type: string): string {
  const q = quoteIdent(col);
  if (isFloat(type))
    return `CASE WHEN ${q} = trunc(${q}) AND abs(${q}) < 1e18 THEN CAST(CAST(${q} AS BIGINT) AS VARCHAR) ELSE CAST(${q} AS VARCHAR) END`;
  if (isNumeric(type) || isTemporal(type) || /BOOLEAN/i.test(type)) return `CAST(${q} AS VARCHAR)`;
  return `NULLIF(trim(CAST(${q} AS VARCHAR)), '')`;
}

/** Id text: like textExpr, plus `17850.0` written as text becomes `17850`. */
function idExpr(col: string, type: string): string {
  if (isNumeric(type) || isTemporal(type)) return textExpr(col, type);
  return `regexp_replace(${textExpr(col, type)}, '^(-?[0-9]+)\\.0+$', '\\1')`;
}

const TS_RE =
  '^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[T ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?)?[ ]*(Z|z|UTC|utc|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?$';

/**
 * SQL for (ts TIMESTAMP in UTC, ts_problem VARCHAR) from a raw column, per DOMAIN.md §1:
 * explicit offsets (Z, UTC, ±hh, ±hhmm, ±hh:mm) convert to UTC, naive stamps are UTC, a date is
 * midnight, integers are Unix seconds (or ms), named zones are rejected.
 */
export function tsExprs(
  col: string,
  type: string,
  unit: 's' | 'ms',
): { ts: string; problem: string } {
  const q = quoteIdent(col);
  // Unix time beyond ±1e11 s (±1e14 ms, about year 5138) is not a date: such a value is invalid
  // (bad_ts) instead of overflowing the TIMESTAMP type and failing the whole file.
  const limit = unit === 'ms' ? '1e14' : '1e11';
  const unix = (x: string) =>
    `CASE WHEN abs(CAST(${x} AS DOUBLE)) < ${limit} THEN ${unit === 'ms' ? `epoch_ms(CAST(${x} AS BIGINT))` : `epoch_ms(CAST(${x} AS BIGINT) * 1000)`} END`;
  if (/^TIMESTAMP WITH TIME ZONE|^TIMESTAMPTZ/i.test(type))
    return {
      ts: `CAST(${q} AS TIMESTAMP)`,
      problem: `CASE WHEN ${q} IS NULL THEN 'missing_ts' END`,
    };
  if (isTemporal(type))
    return {
      ts: `CAST(${q} AS TIMESTAMP)`,
      problem: `CASE WHEN ${q} IS NULL THEN 'missing_ts' END`,
    };
  if (isNumeric(type))
    return {
      ts: `CASE WHEN ${q} IS NOT NULL THEN ${unix(q)} END`,
      problem: `CASE WHEN ${q} IS NULL THEN 'missing_ts' WHEN abs(${q}) >= ${limit} THEN 'bad_ts' END`,
    };
  const s = `NULLIF(trim(CAST(${q} AS VARCHAR)), '')`;
  // The struct is spelled out per field (no scalar subquery: DuckDB would flatten that into a join
  // over every row); CASE evaluates it only for rows the fast path could not parse.
  const m = `(regexp_extract(${s}, ${quoteLiteral(TS_RE)}, ['y','mo','d','h','mi','s','f','z']))`;
  const local = `TRY_CAST(concat(${m}.y, '-', lpad(${m}.mo, 2, '0'), '-', lpad(${m}.d, 2, '0'), ' ', lpad(coalesce(NULLIF(${m}.h, ''), '0'), 2, '0'), ':', coalesce(NULLIF(${m}.mi, ''), '00'), ':', coalesce(NULLIF(${m}.s, ''), '00'), CASE WHEN ${m}.f <> '' THEN '.' || ${m}.f ELSE '' END) AS TIMESTAMP)`;
  const offset = `CASE WHEN ${m}.z IN ('', 'Z', 'z', 'UTC', 'utc', 'GMT') THEN 0 ELSE (CASE WHEN left(${m}.z, 1) = '-' THEN -1 ELSE 1 END) * (CAST(substr(${m}.z, 2, 2) AS INTEGER) * 60 + coalesce(TRY_CAST(NULLIF(replace(substr(${m}.z, 4), ':', ''), '') AS INTEGER), 0)) END`;
  const parsed = `CASE WHEN ${m}.y = '' THEN NULL ELSE ${local} - to_minutes(${offset}) END`;
  // Fast path: DuckDB's own TIMESTAMPTZ parser handles ISO stamps with Z/UTC/±hh[:mm] offsets
  // (core, no ICU) at ~15x the speed of the regex; the regex remains the definition for the rest.
  // Only stamps that start like an ISO date take it, so both engines agree on what it accepts.
  const fast = `CASE WHEN regexp_matches(${s}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST(TRY_CAST(${s} AS TIMESTAMPTZ) AS TIMESTAMP) END`;
  return {
    ts: `CASE WHEN ${s} IS NULL THEN NULL WHEN regexp_full_match(${s}, '-?[0-9]{1,13}') THEN ${unix(s)} ELSE coalesce(${fast}, ${parsed}) END`,
    problem: `CASE WHEN ${s} IS NULL THEN 'missing_ts' WHEN regexp_matches(${s}, '[0-9][ T]*[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)+$') OR (regexp_matches(${s}, '[0-9][ ]+[A-Za-z]{2,5}$') AND NOT regexp_matches(${s}, '[ ](UTC|utc|GMT|Z)$')) THEN 'named_zone' END`,
  };
}

/** Everything the staging step needs. */
export interface EventsSpec {
  table: string;
  columns: ColumnInfo[];
  mapping: Mapping;
}

/** Slices of the row hashes grouped one at a time by buildDuplicateRowsSql (at least). */
export const DUP_HASH_PARTITIONS = 4;

/** Raw rows per slice of the duplicate grouping, at most (more rows, more slices). */
export const DUP_ROWS_PER_SLICE = 2_500_000;

/**
 * How many slices buildDuplicateRowsSql groups `rows` raw rows in: at least DUP_HASH_PARTITIONS,
 * and at most DUP_ROWS_PER_SLICE rows each. The grouping's hash table (≈ 40 bytes per distinct
 * row) is what grows the tab's heap; with 4 slices at 50M demo events it added 1,088 MB for good.
 */
export function duplicateSlices(rows: number): number {
  return Math.max(DUP_HASH_PARTITIONS, Math.ceil(rows / DUP_ROWS_PER_SLICE));
}

/**
 * The raw rows that are exact duplicates (DOMAIN.md §1 rule 1: all source columns equal, NULLs
 * equal): every copy after the first in file order, as `row_no` (the raw rowid).
 *
 * Memory: the window used to be partitioned by every source column over the whole table, so it
 * held and sorted every raw row (all columns, uncompressed); with the join and the sort of
 * `events` that followed, prepare took the DuckDB-WASM heap to 515 MB at 1M demo events and
 * 2.4 GB at 5M (Parquet; the tab ran out of memory at 10M). Here only a hash of each row is
 * grouped, and the exact comparison (the same window) runs on the few rows whose hash repeats: a
 * hash collision costs time, never a wrong answer. The grouping runs over {@link duplicateSlices}
 * slices of the hashes one after another, so that one slice's hash table is held at a time: at
 * 10M demo events (4 slices), +110 MB of heap instead of +363 MB in one piece, for +0.7 s
 * (3.7 → 4.4 s). Each slice hashes every row again, so more slices cost time.
 */
export function buildDuplicateRowsSql(spec: {
  table: string;
  columns: ColumnInfo[];
  /** The raw table's rows (sets the number of slices, {@link duplicateSlices}). */
  rows?: number;
}): BuiltSql {
  const all = spec.columns.map((c) => quoteIdent(c.name)).join(', ');
  const t = quoteIdent(spec.table);
  const k = duplicateSlices(spec.rows ?? 0);
  const slices = Array.from(
    { length: k },
    (_, i) =>
      `SELECT h FROM (SELECT hash(${all}) AS h FROM ${t}) WHERE h % ${k} = ${i} GROUP BY h HAVING count(*) > 1`,
  ).join('\n  UNION ALL\n  ');
  return plain(`CREATE OR REPLACE TABLE ${T.dups} AS
WITH repeated AS (
  ${slices}
), copies AS (
  SELECT rowid AS row_no, row_number() OVER (PARTITION BY ${all} ORDER BY rowid) AS copy_no
  FROM ${t} WHERE hash(${all}) IN (SELECT h FROM repeated)
)
SELECT row_no FROM copies WHERE copy_no > 1`);
}

/**
 * One row per raw row with its canonical values and its cleaning status (ROW_STATUSES), in file
 * order (`row_no` = the raw rowid):
 * 1. exact duplicate rows: found by buildDuplicateRowsSql, removed by buildDeleteDuplicatesSql and
 *    counted by buildStatusCountsSql (they take precedence over every other status);
 * 2. invalid rows (empty/unparseable user, time or action);
 * 3. UCI-style returns (quantity ≤ 0 or cancelled invoice), then unmapped actions.
 *
 * Memory: the statement is a scan and projections only (no join, no window, no sort), so DuckDB
 * streams it and keeps the file order (DuckDB's order preservation covers scans, projections and
 * filters): `events` is then made from it in place (buildEventsInPlaceSql), without a sort or a
 * copy. Raw actions map through a CASE rather than a join with the mapping, which would not keep
 * the order.
 *
 * With `rows`, only raw rows with `from ≤ rowid < to` are staged: the first range creates the
 * table, later ones append (see STAGE_CHUNK_ROWS).
 */
export function buildStagedEventsSql(
  spec: EventsSpec,
  rows?: { from: number; to: number },
): BuiltSql {
  const { mapping: m, columns } = spec;
  const typeOf = (name: string) => columns.find((c) => c.name === name)?.type ?? 'VARCHAR';
  const col = (k: keyof Mapping['columns']) => m.columns[k];
  const text = (k: keyof Mapping['columns']) => {
    const c = col(k);
    return c ? textExpr(c, typeOf(c)) : 'CAST(NULL AS VARCHAR)';
  };
  const userCol = col('user_id');
  const tsCol = col('ts');
  const user = userCol ? idExpr(userCol, typeOf(userCol)) : 'CAST(NULL AS VARCHAR)';
  const ts = tsCol
    ? tsExprs(tsCol, typeOf(tsCol), m.tsUnit)
    : { ts: 'CAST(NULL AS TIMESTAMP)', problem: `'missing_ts'` };
  const actionRaw = m.actionConstant ? quoteLiteral(m.actionConstant) : text('action');
  const pairs = Object.entries(m.actions);
  // Equality on the raw text, no match (or a NULL raw action) → NULL: what the LEFT JOIN with a
  // (raw, action) table of unique raw values gave.
  const mapped = pairs.length
    ? `CASE action_raw ${pairs.map(() => 'WHEN ? THEN ?').join(' ')} END`
    : 'CAST(NULL AS VARCHAR)';
  const params: (string | null)[] = pairs.flatMap(([raw, a]) => [raw, a]);
  const action = m.actionConstant ? quoteLiteral(m.actionConstant) : 'c.action';
  const brand = col('brand') ? text('brand') : quoteLiteral(m.singleBrandName);
  const amountCol = col('amount');
  let amount = 'CAST(NULL AS ' + MONEY + ')';
  if (amountCol) {
    const a = `TRY_CAST(${quoteIdent(amountCol)} AS ${MONEY})`;
    // Quantity × price: each factor fits the money type (else empty), their product (< 1e28) is
    // computed in a wide decimal, and a product too big for the money type is empty — never a
    // failure of the whole file.
    amount = m.amountTimes
      ? `TRY_CAST(CAST(${a} AS DECIMAL(38,4)) * CAST(TRY_CAST(${quoteIdent(m.amountTimes)} AS ${MONEY}) AS DECIMAL(38,4)) AS ${MONEY})`
      : a;
  }
  const duration = col('duration_s')
    ? `TRY_CAST(${quoteIdent(col('duration_s') as string)} AS DOUBLE)`
    : 'CAST(NULL AS DOUBLE)';
  const isReturn = m.returns
    ? `(TRY_CAST(${quoteIdent(m.returns.quantityColumn)} AS DOUBLE) <= 0 OR starts_with(${textExpr(m.returns.invoiceColumn, typeOf(m.returns.invoiceColumn))}, ${quoteLiteral(m.returns.cancelPrefix)}))`
    : 'false';
  const head =
    rows && rows.from > 0 ? `INSERT INTO ${T.staged}` : `CREATE OR REPLACE TABLE ${T.staged} AS`;
  const range = rows ? `\n  WHERE rowid >= ${rows.from} AND rowid < ${rows.to}` : '';
  const sql = `${head}
WITH r AS (
  SELECT rowid AS row_no,
    ${user} AS user_id,
    ${ts.ts} AS ts,
    ${ts.problem} AS ts_problem,
    ${actionRaw} AS action_raw,
    ${brand} AS brand,
    ${text('category')} AS category,
    ${text('channel')} AS channel,
    ${text('source')} AS source,
    ${amount} AS amount_raw,
    ${col('order_id') ? idExpr(col('order_id') as string, typeOf(col('order_id') as string)) : 'CAST(NULL AS VARCHAR)'} AS order_id,
    ${duration} AS duration_s,
    ${isReturn} AS is_return
  FROM ${quoteIdent(spec.table)}${range}
), c AS (
  SELECT *, ${mapped} AS action FROM r
)
SELECT c.row_no, c.user_id, c.ts, CAST(c.ts AS DATE) AS date, c.action_raw, ${action} AS action,
  c.brand, c.category, c.channel, c.source,
  CASE WHEN ${action} IN ('purchase', 'refund') THEN c.amount_raw END AS amount,
  c.order_id, c.duration_s,
  CASE
    WHEN c.user_id IS NULL THEN 'missing_user'
    WHEN c.ts_problem IS NOT NULL THEN c.ts_problem
    WHEN c.ts IS NULL THEN 'bad_ts'
    WHEN c.action_raw IS NULL THEN 'missing_action'
    WHEN coalesce(c.is_return, false) THEN 'return'
    WHEN ${action} IS NULL THEN 'unmapped'
    ELSE 'ok'
  END AS status
FROM c`;
  return { sql, params };
}

/**
 * Raw rows staged per statement. DuckDB-WASM's database is an in-memory one with compression
 * (workers/engine/api.ts): rows are compressed when their statement commits, and until then they
 * are held uncompressed (≈ 140 MB per 1M staged rows, against ≈ 11 MB compressed). Staging 5M demo
 * events in one statement took the wasm heap from 315 to 928 MB; four DuckDB row groups (122,880
 * rows each) per statement took it nowhere (the transient fits in memory freed by earlier steps),
 * in the same time.
 */
export const STAGE_CHUNK_ROWS = 4 * 122_880;

/** One past the largest rowid of a raw table (`hi`): the end of the ranges to stage. */
export function buildRowIdEndSql(table: string): BuiltSql {
  return plain(`SELECT coalesce(max(rowid) + 1, 0)::BIGINT AS hi FROM ${quoteIdent(table)}`);
}

/**
 * Removes the duplicate copies found by buildDuplicateRowsSql from the staged rows (the file order
 * of the rest stays); buildStatusCountsSql counts them from the list as 'duplicate', the status
 * that takes precedence over every other. Deleting them only marks rows; an UPDATE of their status
 * instead took +181 MB of wasm heap at 5M demo events (and 7 times as long).
 */
export function buildDeleteDuplicatesSql(): BuiltSql {
  return plain(`DELETE FROM ${T.staged} WHERE row_no IN (SELECT row_no FROM ${T.dups})`);
}

/** Counts per cleaning status (for the cleaning report): staged rows, and the duplicate copies. */
export function buildStatusCountsSql(): BuiltSql {
  return plain(`SELECT status, count(*)::BIGINT AS n FROM ${T.staged} GROUP BY status
UNION ALL
SELECT 'duplicate' AS status, count(*)::BIGINT AS n FROM ${T.dups} HAVING count(*) > 0
ORDER BY status`);
}

/** The most frequent raw action values that map to no canonical action. */
export function buildUnmappedValuesSql(limit = 20): BuiltSql {
  return {
    sql: `SELECT action_raw AS value, count(*)::BIGINT AS n FROM ${T.staged} WHERE status = 'unmapped' GROUP BY 1 ORDER BY n DESC, value LIMIT ?`,
    params: [limit],
  };
}

/** Purchase rows with an amount column mapped but no amount, and all purchase rows. */
export function buildPurchaseAmountCoverageSql(): BuiltSql {
  return plain(
    `SELECT count(*)::BIGINT AS purchases, count(amount)::BIGINT AS priced FROM ${T.staged} WHERE status = 'ok' AND action = 'purchase'`,
  );
}

/**
 * Kept purchase and refund rows whose amount cell is not empty but is no number (text, NaN, too
 * big for the money type): they count as an empty amount, and the cleaning report says so.
 */
export function buildUnreadableAmountsSql(table: string, amountCol: string): BuiltSql {
  const v = `NULLIF(trim(CAST(t.${quoteIdent(amountCol)} AS VARCHAR)), '')`;
  return plain(`SELECT count(*)::BIGINT AS n, min(${v}) AS example
FROM ${T.staged} s JOIN ${quoteIdent(table)} t ON t.rowid = s.row_no
WHERE s.status = 'ok' AND s.action IN ('purchase', 'refund') AND ${v} IS NOT NULL AND TRY_CAST(${v} AS ${MONEY}) IS NULL`);
}

/** Events dated before 1970 or after 2100 (kept; the cleaning report warns): n, lo, hi. */
export function buildOutOfRangeDatesSql(): BuiltSql {
  return plain(`SELECT count(*)::BIGINT AS n, CAST(min(date) AS VARCHAR) AS lo, CAST(max(date) AS VARCHAR) AS hi
FROM ${T.events} WHERE date < DATE '1970-01-01' OR date >= DATE '2101-01-01'`);
}

/**
 * Turns the staged table into `events` without copying it: the rows that are not clean are
 * deleted, the two staging columns dropped (DuckDB shares the other columns' data with the altered
 * table), and it is renamed. The result is the canonical events (the clean rows only, with the
 * columns row_no, user_id, ts, date, action, brand, category, channel, source, amount, order_id,
 * duration_s), in file order; a second copy of every event (and, before, a sort of all of them) is
 * never made. Run one statement at a time, after the cleaning report has been read. The deleted
 * rows (under 1 % of the demo data) keep their storage until DuckDB vacuums them; DuckDB also keeps
 * deletion marks for every 2,048-row vector that lost a row (the deletes of buildDeleteDuplicatesSql
 * and of this step grew the wasm heap by 157 MB at 10M demo events, against ≈ 150 MB for a
 * compressed copy of `events` that would also cost ≈ 20 s to write).
 */
export function buildEventsInPlaceSql(): BuiltSql[] {
  return [
    plain(`DELETE FROM ${T.staged} WHERE status <> 'ok'`),
    plain(`ALTER TABLE ${T.staged} DROP COLUMN action_raw`),
    plain(`ALTER TABLE ${T.staged} DROP COLUMN status`),
    plain(`DROP TABLE IF EXISTS ${T.events}`),
    plain(`ALTER TABLE ${T.staged} RENAME TO ${T.events}`),
  ];
}

/** Drops the staging table once the report has been read. */
export function buildDropStagedSql(): BuiltSql {
  return plain(`DROP TABLE IF EXISTS ${T.staged}`);
}

/** Drops the list of duplicate copies once they are counted. */
export function buildDropDuplicatesSql(): BuiltSql {
  return plain(`DROP TABLE IF EXISTS ${T.dups}`);
}
