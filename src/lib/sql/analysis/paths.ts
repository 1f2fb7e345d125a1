/**
 * DOMAIN.md §7, last sentence: the attribution models over an AGGREGATED PATH TABLE in the common
 * interchange layout (`path` like `a > b > c`, `total_conversions`, `total_conversion_value`,
 * `total_null`), computed in SQL over the raw dataset table. The rows these builders return are
 * the {@link AttributionRows} of src/lib/attribution/report.ts (group 'all'); the report is
 * assembled there (src/lib/report/paths.ts).
 *
 * Conventions are those of src/lib/attribution/paths.ts (the JS models), and the validation
 * mirrors `parsePathsCsvRows` rule for rule and message for message:
 * - header names are matched case-insensitively, surrounding whitespace ignored; `path` and
 *   `total_conversions` are required, `total_conversion_value` and `total_null` optional (a
 *   missing column or an empty cell is 0);
 * - cells are trimmed like JS `String.prototype.trim` (every JS white space and line terminator,
 *   not only the ASCII space DuckDB's `trim` removes); the path is split on `>` and each channel
 *   trimmed;
 * - a row is malformed when its path is empty, a channel between separators is empty
 *   (`a >  > b`, `a >`), `total_conversions` is empty, or a number cell is not a plain decimal
 *   number, not finite, or negative. Malformed rows are reported (1-based data row number =
 *   `rowid + 1`, the order the file was read in) and left out of every model.
 * - Heuristics credit only converting journeys (each path's conversions and value are spread by
 *   the model's weights); repeated channels count per touch; time decay is in STEPS before the
 *   conversion, weight 2^(−d/halfLife), last touch d = 0, normalised per path.
 * - Markov: each journey of a path walks (start) → c1 → … → ck, then ck → (conversion)
 *   (`total_conversions` journeys) or ck → (null) (`total_null` journeys); self-loops are kept.
 * - Reach of a channel: journeys (conversions + nulls) whose path contains it, each path once.
 */
import { CONVERSION, COLUMNS, NULL, START } from '../../attribution/paths';
import { EngineError } from '../../engine/errors';
import { quoteIdent } from '../ident';
import { literal } from '../params';
import { plain, type BuiltSql } from '../types';

/** A dataset table and its columns (names, or ColumnInfo-like objects). */
export interface PathTableSpec {
  table: string;
  columns: readonly (string | { name: string })[];
  /** Read the valid paths from {@link PATHS_TABLE} (built once by {@link buildParsedPathsTableSql})
   * instead of parsing the raw table again in every statement. */
  parsed?: boolean;
}

/** The working table of parsed, valid paths. */
export const PATHS_TABLE = 'af_paths';

/** The single group of a path table's rows (events have one group per from-stage). */
export const PATH_GROUP = 'all';

/** At most this many malformed rows are listed (all are counted). */
export const MAX_PATH_ISSUES = 20;

/** The default time-decay half-life on paths, in steps. */
export const DEFAULT_PATH_HALF_LIFE = 1;

/** The actual header names of the interchange columns in a table (undefined when absent). */
export interface PathColumns {
  path: string;
  conversions: string;
  value?: string;
  nulls?: string;
}

/** Finds the interchange columns (first match wins, as in parsePathsCsvRows); throws when
 * `path` or `total_conversions` is missing. */
export function pathColumns(columns: PathTableSpec['columns']): PathColumns {
  const byNorm = new Map<string, string>();
  for (const c of columns) {
    const name = typeof c === 'string' ? c : c.name;
    const norm = name.trim().toLowerCase();
    if (!byNorm.has(norm)) byNorm.set(norm, name);
  }
  const path = byNorm.get(COLUMNS.path);
  const conversions = byNorm.get(COLUMNS.conversions);
  if (path === undefined || conversions === undefined) {
    const missing = [COLUMNS.path, COLUMNS.conversions].filter((c) => !byNorm.has(c));
    throw new EngineError(
      'MAPPING',
      `The path table has no column ${missing.map((c) => `"${c}"`).join(' or ')}.`,
      'A path table needs the columns path (channels joined by " > ") and total_conversions; total_conversion_value and total_null are optional. Rename the header to match.',
    );
  }
  return {
    path,
    conversions,
    value: byNorm.get(COLUMNS.value),
    nulls: byNorm.get(COLUMNS.nulls),
  };
}

/** Every character JS `String.prototype.trim` removes (WhiteSpace + LineTerminator), as an RE2
 * class: tab, LF, VT, FF, CR, space, NBSP, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F,
 * U+3000, BOM. */
const WS = String.raw`[\t\n\x{0B}\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;

/** JS-style trim of a VARCHAR expression. */
const jsTrim = (e: string) => `regexp_replace(${e}, '^${WS}+|${WS}+$', '', 'g')`;

/** The number syntax parsePathsCsvRows accepts (its NUMBER_RE). */
const NUMBER_RE = String.raw`[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?`;

/** One trimmed cell as text (NULL stays NULL), or NULL when the column is absent. */
const cell = (column: string | undefined) =>
  column === undefined ? 'CAST(NULL AS VARCHAR)' : jsTrim(`CAST(${quoteIdent(column)} AS VARCHAR)`);

/** The validation message of one number cell (NULL when fine), as parsePathsCsvRows words it. */
function numberIssue(name: string, raw: string, num: string, required: boolean): string {
  const q = (text: string) => literal(`${name} "`) + ` || ${raw} || ` + literal(`" ${text}`);
  return `CASE WHEN ${raw} IS NULL OR ${raw} = '' THEN ${required ? literal(`${name} is empty.`) : 'CAST(NULL AS VARCHAR)'}
    WHEN NOT regexp_full_match(${raw}, '${NUMBER_RE}') THEN ${q('is not a number.')}
    WHEN ${num} IS NULL OR isinf(${num}) THEN ${q('is not a finite number.')}
    WHEN ${num} < 0 THEN ${q('is negative.')} END`;
}

/**
 * The shared CTEs: `checked` (every row with its list of `reasons`), `paths` (the valid rows:
 * row_no, steps, k, conv, val, nulls) and `touches` (one row per touch: …, channel, i 1-based).
 */
function pathCtes(spec: PathTableSpec): string {
  const touches = `touches AS (
  -- Two unnests in one SELECT advance in lockstep: channel i of the path, and i (1-based).
  SELECT row_no, steps, k, conv, val, nulls,
    unnest(steps) AS channel, unnest(range(1, k + 1)) AS i
  FROM paths
)`;
  if (spec.parsed)
    return `checked AS (SELECT * FROM ${PATHS_TABLE}),
paths AS (SELECT row_no, steps, k, conv, val, nulls FROM checked WHERE len(reasons) = 0),
${touches}`;
  return `${parsedCtes(spec)},\n${touches}`;
}

/** `raw`, `parsed`, `checked` (every row with its list of `reasons`) and `paths` (the valid rows:
 * row_no, steps, k, conv, val, nulls). */
function parsedCtes(spec: PathTableSpec): string {
  const cols = pathColumns(spec.columns);
  const num = (raw: string) =>
    `CASE WHEN regexp_full_match(${raw}, '${NUMBER_RE}') THEN TRY_CAST(${raw} AS DOUBLE) END`;
  return `raw AS (
  SELECT rowid + 1 AS row_no,
    coalesce(${cell(cols.path)}, '') AS p,
    ${cell(cols.conversions)} AS c_raw,
    ${cell(cols.value)} AS v_raw,
    ${cell(cols.nulls)} AS n_raw
  FROM ${quoteIdent(spec.table)}
),
parsed AS (
  SELECT *,
    CASE WHEN p = '' THEN CAST([] AS VARCHAR[])
      ELSE regexp_split_to_array(p, '${WS}*>${WS}*') END AS steps,
    ${num('c_raw')} AS c_num, ${num('v_raw')} AS v_num, ${num('n_raw')} AS n_num
  FROM raw
),
checked AS (
  SELECT *, list_filter([
      CASE WHEN p = '' THEN 'the path is empty.'
        WHEN list_contains(steps, '') THEN 'the path "' || p || '" has an empty step.' END,
      ${numberIssue(COLUMNS.conversions, 'c_raw', 'c_num', true)},
      ${numberIssue(COLUMNS.value, 'v_raw', 'v_num', false)},
      ${numberIssue(COLUMNS.nulls, 'n_raw', 'n_num', false)}
    ], x -> x IS NOT NULL) AS reasons
  FROM parsed
),
paths AS (
  SELECT row_no, steps, len(steps) AS k,
    coalesce(c_num, 0)::DOUBLE AS conv, coalesce(v_num, 0)::DOUBLE AS val,
    coalesce(n_num, 0)::DOUBLE AS nulls
  FROM checked WHERE len(reasons) = 0
)`;
}

/**
 * Every row parsed and checked once into {@link PATHS_TABLE}: (row_no, reasons, steps, k, conv,
 * val, nulls); a row is valid when `reasons` is empty. The checks and every model read it.
 */
export function buildParsedPathsTableSql(spec: PathTableSpec): BuiltSql {
  return plain(`CREATE OR REPLACE TABLE ${PATHS_TABLE} AS WITH ${parsedCtes({ ...spec, parsed: false })}
SELECT row_no, reasons, steps, len(steps) AS k,
  coalesce(c_num, 0)::DOUBLE AS conv, coalesce(v_num, 0)::DOUBLE AS val,
  coalesce(n_num, 0)::DOUBLE AS nulls
FROM checked`);
}

/** Drops {@link PATHS_TABLE}. */
export function buildDropParsedPathsSql(): BuiltSql {
  return plain(`DROP TABLE IF EXISTS ${PATHS_TABLE}`);
}

/**
 * The malformed rows: `row` (1-based data row), `reason` (one row per problem, in the order
 * parsePathsCsvRows reports them; prefix "Row n: " for its message), `j` (the problem's position)
 * and `malformed` (the count of ALL malformed rows). Only the first {@link MAX_PATH_ISSUES}
 * malformed rows are listed; no row at all means none is malformed.
 */
export function buildPathIssuesSql(spec: PathTableSpec): BuiltSql {
  return plain(`WITH ${pathCtes(spec)},
bad AS (SELECT row_no, reasons FROM checked WHERE len(reasons) > 0),
listed AS (SELECT row_no, reasons FROM bad ORDER BY row_no LIMIT ${MAX_PATH_ISSUES})
SELECT l.row_no::BIGINT AS "row", r.reason, r.j::BIGINT AS j,
  (SELECT count(*) FROM bad)::BIGINT AS malformed
FROM listed l, unnest(l.reasons) WITH ORDINALITY AS r(reason, j)
ORDER BY "row", j`);
}

/** Validates a half-life in steps (positive and finite). */
export function checkHalfLife(halfLife: number): number {
  if (!(typeof halfLife === 'number' && Number.isFinite(halfLife) && halfLife > 0))
    throw new EngineError(
      'CONFIG',
      `The time-decay half-life must be a positive number of steps (got ${String(halfLife)}).`,
      'Example: --half-life 2 (a touch two steps before the conversion weighs half the last one).',
    );
  return halfLife;
}

const HEURISTICS = ['lastTouch', 'firstTouch', 'linear', 'timeDecay', 'positionBased'] as const;

/**
 * Heuristic credit per channel (CreditRow-shaped): `group` ('all'), `channel`, the conversions
 * credited by each model (`lastTouch`, `firstTouch`, `linear`, `timeDecay`, `positionBased`) and
 * the value credited by each (`value_lastTouch`, …). Every channel of every valid path has a row
 * (0 when it earns nothing). Sorted by channel.
 */
export function buildPathCreditsSql(spec: PathTableSpec & { halfLife?: number }): BuiltSql {
  const h = literal(checkHalfLife(spec.halfLife ?? DEFAULT_PATH_HALF_LIFE));
  const sums = HEURISTICS.flatMap((m) => [
    `coalesce(sum(conv * w_${m}), 0)::DOUBLE AS ${quoteIdent(m)}`,
    `coalesce(sum(val * w_${m}), 0)::DOUBLE AS ${quoteIdent(`value_${m}`)}`,
  ]);
  return plain(`WITH ${pathCtes(spec)},
w AS (
  SELECT channel, conv, val,
    CASE WHEN i = k THEN 1 ELSE 0 END::DOUBLE AS w_lastTouch,
    CASE WHEN i = 1 THEN 1 ELSE 0 END::DOUBLE AS w_firstTouch,
    1 / k::DOUBLE AS w_linear,
    -- 2^(−(k−i)/h) ÷ Σ_{j=1..k} 2^(−(k−j)/h); the sum is geometric: (1 − r^k) ÷ (1 − r), r = 2^(−1/h).
    pow(2::DOUBLE, -(k - i)::DOUBLE / ${h}) * (1 - pow(2::DOUBLE, -1 / ${h}::DOUBLE))
      / (1 - pow(2::DOUBLE, -k::DOUBLE / ${h})) AS w_timeDecay,
    CASE WHEN k = 1 THEN 1::DOUBLE WHEN k = 2 THEN 0.5::DOUBLE
      WHEN i = 1 OR i = k THEN 0.4::DOUBLE ELSE 0.2::DOUBLE / (k - 2) END AS w_positionBased
  FROM touches
)
SELECT ${literal(PATH_GROUP)} AS "group", channel,
  ${sums.join(',\n  ')}
FROM w GROUP BY channel ORDER BY channel`);
}

/**
 * Markov transition counts (`group`, `from`, `to`, `n`), aggregated over the valid paths: every
 * journey (conversions + nulls) walks (start) → c1 and c_i → c_{i+1} (self-loops kept); then
 * ck → (conversion) with n = conversions and ck → (null) with n = nulls. Pairs whose total is 0
 * are kept, so that a channel seen only in empty paths still has a removal effect (0).
 */
export function buildPathTransitionsSql(spec: PathTableSpec): BuiltSql {
  return plain(`WITH ${pathCtes(spec)},
t AS (
  SELECT CASE WHEN i = 1 THEN ${literal(START)} ELSE steps[i - 1] END AS f, channel AS g,
    conv + nulls AS n
  FROM touches
  UNION ALL SELECT steps[k], ${literal(CONVERSION)}, conv FROM paths WHERE k > 0
  UNION ALL SELECT steps[k], ${literal(NULL)}, nulls FROM paths WHERE k > 0
)
SELECT ${literal(PATH_GROUP)} AS "group", f AS "from", g AS "to", sum(n)::DOUBLE AS n
FROM t GROUP BY f, g ORDER BY f, g`);
}

/** Reach per channel (`group`, `channel`, `reach`): journeys (conversions + nulls) of the valid
 * paths that contain the channel, each path counted once per channel. */
export function buildPathReachSql(spec: PathTableSpec): BuiltSql {
  return plain(`WITH ${pathCtes(spec)},
d AS (SELECT unnest(list_distinct(steps)) AS channel, conv + nulls AS journeys FROM paths)
SELECT ${literal(PATH_GROUP)} AS "group", channel, sum(journeys)::DOUBLE AS reach
FROM d GROUP BY channel ORDER BY channel`);
}

/**
 * Totals over the valid paths, one row: `attributed` (conversions of paths with ≥ 1 channel),
 * `unattributed` (conversions of paths with none: always 0 here, since an empty path is
 * malformed), `value` (the attributed paths' conversion value), `touchpoints` (Σ touches ×
 * conversions over converting paths: the touch occurrences the heuristics spread) and `journeys`
 * (Σ conversions + nulls).
 */
export function buildPathTotalsSql(spec: PathTableSpec): BuiltSql {
  return plain(`WITH ${pathCtes(spec)}
SELECT ${literal(PATH_GROUP)} AS "group",
  coalesce(sum(conv) FILTER (WHERE k > 0), 0)::DOUBLE AS attributed,
  coalesce(sum(conv) FILTER (WHERE k = 0), 0)::DOUBLE AS unattributed,
  coalesce(sum(val) FILTER (WHERE k > 0), 0)::DOUBLE AS value,
  coalesce(sum(k * conv) FILTER (WHERE conv > 0), 0)::DOUBLE AS touchpoints,
  coalesce(sum(conv + nulls), 0)::DOUBLE AS journeys
FROM paths`);
}
