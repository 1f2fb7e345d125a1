/**
 * Attribution models over AGGREGATED PATHS (DOMAIN.md §7, last paragraph; issue #4 item 4): the
 * common interchange layout `path` (`a > b > c`), `total_conversions`, `total_conversion_value`,
 * `total_null`. Pure functions: no SQL, no I/O.
 *
 * Conventions (chosen where §7 is silent for aggregated paths):
 * - A path row stands for `conversions + nulls` journeys with the same channel sequence;
 *   `conversions` of them ended in a conversion (carrying `value` in total) and `nulls` did not.
 * - Heuristic models credit only converting journeys: each path's touches share its
 *   `conversions` and its `value` by the model's weights. Repeated channels count per touch
 *   (`a > a > b` under linear gives a 2/3, b 1/3).
 * - A path with no channel has no touchpoint: its conversions are unattributed (§7: "not
 *   spread") and it is left out of every model, Markov included. The parser never yields one.
 * - Every channel seen in any path (converting or not) appears in every result, with 0 when it
 *   earns nothing, so that model results can be laid side by side.
 * - Time decay has no timestamps here: the distance of a touch is counted in STEPS before the
 *   conversion (the last touch is at distance 0, the one before it at 1, …) and the weight is
 *   2^(−d / halfLife), normalised per path. The §7 half-life of 7 days applies to event data;
 *   on paths the half-life is in steps and defaults to 1 step.
 * - Markov: see {@link markov}.
 */

/** One aggregated path: `conversions + nulls` journeys over the same ordered channels. */
export interface PathRow {
  channels: string[];
  conversions: number;
  value: number;
  nulls: number;
}

/** Per-channel credit of one model. */
export interface Credit {
  conversions: number;
  value: number;
}

export type Attribution = Record<string, Credit>;

export interface ParseIssue {
  /** 1-based position of the row in the input array (the first data row after the header is 1;
   * add 1 for a file line number when the file has a header line). 0 = the whole table. */
  row: number;
  message: string;
}

/** The names of the Markov chain's non-channel states in {@link transitionProbabilities}. */
export const START = '(start)';
export const CONVERSION = '(conversion)';
export const NULL = '(null)';

export const COLUMNS = {
  path: 'path',
  conversions: 'total_conversions',
  value: 'total_conversion_value',
  nulls: 'total_null',
} as const;

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Validates the rows of an interchange path table (already split into fields, keyed by header;
 * header names are matched case-insensitively, surrounding whitespace ignored).
 * `path` and `total_conversions` are required; `total_conversion_value` and `total_null` are
 * optional (missing column or empty cell = 0). A row with any issue is left out of `paths`.
 */
export function parsePathsCsvRows(rows: Record<string, string>[]): {
  paths: PathRow[];
  issues: ParseIssue[];
} {
  const paths: PathRow[] = [];
  const issues: ParseIssue[] = [];
  if (rows.length === 0) return { paths, issues };

  // Header names over every row (rows from a CSV reader share them; hand-built ones may not).
  const keyOf = new Map<string, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const norm = key.trim().toLowerCase();
      if (!keyOf.has(norm)) keyOf.set(norm, key);
    }
  }
  const missing = [COLUMNS.path, COLUMNS.conversions].filter((c) => !keyOf.has(c));
  if (missing.length > 0) {
    issues.push({
      row: 0,
      message: `The path table has no column ${missing.map((c) => `"${c}"`).join(' or ')}.`,
    });
    return { paths, issues };
  }
  const cell = (row: Record<string, string>, column: string): string | undefined => {
    const key = keyOf.get(column);
    const raw = key === undefined ? undefined : row[key];
    return raw === undefined || raw === null ? undefined : String(raw).trim();
  };

  rows.forEach((row, index) => {
    const n = index + 1;
    const rowIssues: string[] = [];
    const rawPath = cell(row, COLUMNS.path) ?? '';
    let channels: string[] = [];
    if (rawPath === '') {
      rowIssues.push('the path is empty.');
    } else {
      channels = rawPath.split('>').map((c) => c.trim());
      if (channels.some((c) => c === '')) {
        rowIssues.push(`the path "${rawPath}" has an empty step.`);
      }
    }
    const num = (column: string, required: boolean): number => {
      const raw = cell(row, column);
      if (raw === undefined || raw === '') {
        if (required) rowIssues.push(`${column} is empty.`);
        return 0;
      }
      if (!NUMBER_RE.test(raw)) {
        rowIssues.push(`${column} "${raw}" is not a number.`);
        return 0;
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) {
        rowIssues.push(`${column} "${raw}" is not a finite number.`);
        return 0;
      }
      if (v < 0) {
        rowIssues.push(`${column} "${raw}" is negative.`);
        return 0;
      }
      return v;
    };
    const conversions = num(COLUMNS.conversions, true);
    const value = num(COLUMNS.value, false);
    const nulls = num(COLUMNS.nulls, false);
    if (rowIssues.length > 0) {
      for (const m of rowIssues) {
        issues.push({ row: n, message: `Row ${n}: ${m}` });
      }
      return;
    }
    paths.push({ channels, conversions, value, nulls });
  });
  return { paths, issues };
}

/** Every channel of every path, sorted by code unit (deterministic across locales). */
export function channelsOf(paths: PathRow[]): string[] {
  const set = new Set<string>();
  for (const p of paths) for (const c of p.channels) set.add(c);
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every channel at zero credit. */
export function emptyAttribution(paths: PathRow[]): Attribution {
  const out: Attribution = {};
  for (const c of channelsOf(paths)) out[c] = { conversions: 0, value: 0 };
  return out;
}

/**
 * True when a table's columns are the interchange path layout: they include `path` and
 * `total_conversions` (header names matched case-insensitively, surrounding whitespace ignored).
 */
export function isPathTable(columnNames: string[]): boolean {
  const names = new Set(columnNames.map((n) => n.trim().toLowerCase()));
  return names.has(COLUMNS.path) && names.has(COLUMNS.conversions);
}
