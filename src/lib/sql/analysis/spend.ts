/**
 * Channel spend (issue #8 item 1): an optional second file of daily cost per channel (`channel`,
 * `date`, `cost`, optional `impressions`, `clicks`), read into {@link SPEND_TABLE} and summed per
 * channel over (T1, T2] — T1 exclusive, T2 inclusive, as everywhere in DOMAIN.md — so that the
 * attribution report (§7) can be divided into a cost per conversion
 * (src/lib/attribution/spend.ts). Loading and messages: src/lib/report/spend.ts.
 *
 * Conventions:
 * - Header names are matched case-insensitively, surrounding whitespace ignored. `date` may be
 *   called `day`, `cost` may be called `spend` (`date` is preferred to `day` and `cost` to
 *   `spend` when a file has both; of two headers equal but for case, the first wins). A file
 *   that also has a user id column is an event file, never a spend file.
 * - Cells are read as text (`CAST(… AS VARCHAR)`), so a CSV (all VARCHAR) and a typed source
 *   (Parquet DATE / TIMESTAMP / DOUBLE / DECIMAL / BIGINT) go through the same checks; cells are
 *   trimmed like JS `String.prototype.trim` (the same rule as the path table), so the channel
 *   names here are the names src/lib/attribution/spend.ts matches.
 * - A date is `YYYY-MM-DD` (also `/` or `.` separators, 1–2 digit month and day), optionally
 *   followed by a time and an offset (`2024-03-01 00:00:00`, `2024-03-01T00:00:00+08:00`). The
 *   CALENDAR DATE AS WRITTEN is kept — an offset is not applied — because a daily spend export is
 *   dated in the ad account's own day; converting to UTC would move a day's cost to the day before.
 * - A cost is a plain decimal number (`12`, `12.5`, `1e3`; no thousands separators or currency
 *   signs), finite, ≥ 0, and below 10^14 (it is stored as DECIMAL(18,4)).
 * - `impressions` and `clicks` are whole numbers ≥ 0 (`1200` or `1200.0`); any other cell is NULL
 *   (unknown), never a reason to drop the row.
 * - A row is dropped when its date is bad, its cost is bad, or its channel is empty; each problem
 *   is counted separately (a row with two problems counts in both). Zero-cost rows are kept and
 *   counted, so that the app can say so.
 * - Several rows for one (channel, date) — e.g. one per campaign — are all kept and summed.
 */
import { quoteIdent } from '../ident';
import { plain, type BuiltSql } from '../types';
import { EngineError } from '../../engine/errors';

/** The working table of valid spend rows. */
export const SPEND_TABLE = 'af_spend';

/** The actual header names of the spend columns in a file (undefined when absent). */
export interface SpendColumns {
  channel: string;
  date: string;
  cost: string;
  impressions?: string;
  clicks?: string;
}

/** The accepted header names of each spend column, lower case, preferred name first. */
export const SPEND_ALIASES = {
  channel: ['channel'],
  date: ['date', 'day'],
  cost: ['cost', 'spend'],
  impressions: ['impressions'],
  clicks: ['clicks'],
} as const;

/** Header names that make a file an event file (a spend file has no user). */
export const USER_ID_NAMES = ['user_id', 'userid', 'user', 'customer_id', 'customerid'] as const;

/** What {@link spendLayout} found in a header. */
export interface SpendLayout {
  /** The spend columns, or null when the header is not a spend layout. */
  columns: SpendColumns | null;
  /** Required columns that are missing (by their first name: channel, date, cost). */
  missing: ('channel' | 'date' | 'cost')[];
  /** The actual name of a user id column, when there is one (then it is an event file). */
  userColumn: string | null;
}

/** Reads a header as a spend layout, saying why when it is not one. */
export function spendLayout(names: readonly string[]): SpendLayout {
  const byNorm = new Map<string, string>();
  for (const name of names) {
    const norm = name.trim().toLowerCase();
    if (!byNorm.has(norm)) byNorm.set(norm, name);
  }
  const find = (aliases: readonly string[]) =>
    aliases.map((a) => byNorm.get(a)).find((n) => n !== undefined);
  const channel = find(SPEND_ALIASES.channel);
  const date = find(SPEND_ALIASES.date);
  const cost = find(SPEND_ALIASES.cost);
  const missing: SpendLayout['missing'] = [];
  if (channel === undefined) missing.push('channel');
  if (date === undefined) missing.push('date');
  if (cost === undefined) missing.push('cost');
  const userColumn = find(USER_ID_NAMES) ?? null;
  const columns: SpendColumns | null =
    channel === undefined || date === undefined || cost === undefined || userColumn !== null
      ? null
      : {
          channel,
          date,
          cost,
          impressions: find(SPEND_ALIASES.impressions),
          clicks: find(SPEND_ALIASES.clicks),
        };
  return { columns, missing, userColumn };
}

/** The spend columns of a header, or null when it is not a spend layout (a required column is
 * missing, or the file has a user id column and so is an event file). */
export function spendColumns(names: readonly string[]): SpendColumns | null {
  return spendLayout(names).columns;
}

/** True when a header is a spend layout (see {@link spendColumns}). */
export function isSpendTable(names: readonly string[]): boolean {
  return spendColumns(names) !== null;
}

/** Every character JS `String.prototype.trim` removes, as an RE2 class (as in ./paths.ts). */
const WS = String.raw`[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;

/** A cell as JS-trimmed text (NULL stays NULL), or NULL when the column is absent. */
const cell = (column: string | undefined) =>
  column === undefined
    ? 'CAST(NULL AS VARCHAR)'
    : `regexp_replace(CAST(${quoteIdent(column)} AS VARCHAR), '^${WS}+|${WS}+$', '', 'g')`;

/** Date (groups 1–3), then an optional time of day and offset. */
const DATE_RE = String.raw`([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[T ]+(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]{1,9})?)?)?[ ]*(?:Z|z|UTC|utc|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?`;

/** A plain decimal number (the path table's NUMBER_RE). */
const NUMBER_RE = String.raw`[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?`;

/** A whole count, possibly written as a float with a zero fraction (Parquet DOUBLE → `1200.0`). */
const COUNT_RE = String.raw`[+]?[0-9]+(\.0*)?`;

const countExpr = (raw: string) =>
  `CASE WHEN regexp_full_match(${raw}, '${COUNT_RE}')
      THEN TRY_CAST(regexp_replace(${raw}, '\\.0*$', '') AS BIGINT) END`;

/** `raw` (trimmed text cells), `parsed` and `checked` (with bad_date, bad_cost, empty_channel
 * and ok). */
function spendCtes(source: string, cols: SpendColumns): string {
  const part = (i: number) => `regexp_extract(d_raw, '^${DATE_RE}$', ${i})`;
  return `raw AS (
  SELECT ${cell(cols.channel)} AS channel, ${cell(cols.date)} AS d_raw,
    ${cell(cols.cost)} AS c_raw, ${cell(cols.impressions)} AS i_raw, ${cell(cols.clicks)} AS k_raw
  FROM ${quoteIdent(source)}
),
parsed AS (
  SELECT channel,
    CASE WHEN regexp_full_match(d_raw, '${DATE_RE}')
      THEN TRY_CAST(${part(1)} || '-' || lpad(${part(2)}, 2, '0') || '-' || lpad(${part(3)}, 2, '0') AS DATE)
    END AS date,
    CASE WHEN regexp_full_match(c_raw, '${NUMBER_RE}') THEN TRY_CAST(c_raw AS DOUBLE) END AS c_num,
    CASE WHEN regexp_full_match(c_raw, '${NUMBER_RE}')
      THEN coalesce(TRY_CAST(c_raw AS DECIMAL(18,4)), TRY_CAST(TRY_CAST(c_raw AS DOUBLE) AS DECIMAL(18,4)))
    END AS cost,
    ${countExpr('i_raw')} AS impressions,
    ${countExpr('k_raw')} AS clicks
  FROM raw
),
checked AS (
  SELECT *,
    date IS NULL AS bad_date,
    (c_num IS NULL OR isinf(c_num) OR isnan(c_num) OR c_num < 0 OR cost IS NULL) AS bad_cost,
    (channel IS NULL OR channel = '') AS empty_channel
  FROM parsed
)`;
}

const OK = 'NOT bad_date AND NOT bad_cost AND NOT empty_channel';

/**
 * One row of counts over the source table: `rows`, `bad_dates`, `bad_costs`, `empty_channels`
 * (each problem counted on its own), `zero_cost_rows` (valid rows whose cost is 0) and `kept`
 * (the valid rows {@link buildSpendTableSql} keeps).
 */
export function buildSpendIssuesSql(source: string, cols: SpendColumns): BuiltSql {
  return plain(`WITH ${spendCtes(source, cols)}
SELECT count(*)::BIGINT AS "rows",
  count(*) FILTER (WHERE bad_date)::BIGINT AS bad_dates,
  count(*) FILTER (WHERE bad_cost)::BIGINT AS bad_costs,
  count(*) FILTER (WHERE empty_channel)::BIGINT AS empty_channels,
  count(*) FILTER (WHERE ${OK} AND cost = 0)::BIGINT AS zero_cost_rows,
  count(*) FILTER (WHERE ${OK})::BIGINT AS kept
FROM checked`);
}

/** {@link SPEND_TABLE} from the valid rows: (channel VARCHAR, date DATE, cost DECIMAL(18,4),
 * impressions BIGINT, clicks BIGINT); the counts are NULL when absent or not a whole number. */
export function buildSpendTableSql(source: string, cols: SpendColumns): BuiltSql {
  return plain(`CREATE OR REPLACE TABLE ${SPEND_TABLE} AS WITH ${spendCtes(source, cols)}
SELECT channel::VARCHAR AS channel, date::DATE AS date, cost::DECIMAL(18,4) AS cost,
  impressions::BIGINT AS impressions, clicks::BIGINT AS clicks
FROM checked WHERE ${OK}`);
}

/** Drops {@link SPEND_TABLE} (the spend file was removed). */
export function buildDropSpendSql(): BuiltSql {
  return plain(`DROP TABLE IF EXISTS ${SPEND_TABLE}`);
}

/** Per channel over the whole of {@link SPEND_TABLE}: `channel`, `rows`, `date_from`, `date_to`
 * (YYYY-MM-DD) and `cost` (DOUBLE), ordered by channel. */
export function buildSpendSummarySql(): BuiltSql {
  return plain(`SELECT channel, count(*)::BIGINT AS "rows",
  strftime(min(date), '%Y-%m-%d') AS date_from, strftime(max(date), '%Y-%m-%d') AS date_to,
  sum(cost)::DOUBLE AS cost
FROM ${SPEND_TABLE} GROUP BY channel ORDER BY channel`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a period bound (YYYY-MM-DD). */
function checkDate(label: string, d: string): string {
  if (typeof d !== 'string' || !ISO_DATE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
    throw new EngineError(
      'CONFIG',
      `The ${label} date must be YYYY-MM-DD (got ${String(d)}).`,
      'Pick the period again.',
    );
  return d;
}

/**
 * Spend per channel for the dates in (from, to] (`from` = T1 excluded, `to` = T2 included):
 * `channel`, `cost` (DOUBLE), `impressions` and `clicks` (BIGINT sums; NULL when no row of the
 * channel has one), `days` (distinct dates with a row), ordered by channel. A channel with no row
 * in the period has no output row.
 */
export function buildSpendByChannelSql(from: string, to: string): BuiltSql {
  return {
    sql: `SELECT channel, sum(cost)::DOUBLE AS cost,
  sum(impressions)::BIGINT AS impressions, sum(clicks)::BIGINT AS clicks,
  count(DISTINCT date)::BIGINT AS days
FROM ${SPEND_TABLE}
WHERE date > CAST(? AS DATE) AND date <= CAST(? AS DATE)
GROUP BY channel ORDER BY channel`,
    params: [checkDate('start (T1)', from), checkDate('end (T2)', to)],
  };
}
