/**
 * The optional spend file (issue #8 item 1): checks a loaded dataset as a spend layout, keeps its
 * valid rows in `af_spend` and sums them per channel over (T1, T2]
 * (src/lib/sql/analysis/spend.ts). The same statements serve the tab and the CLI; the cost per
 * conversion is src/lib/attribution/spend.ts.
 */
import { EngineError } from '../engine/errors';
import {
  buildSpendByChannelSql,
  buildSpendIssuesSql,
  buildSpendSummarySql,
  buildSpendTableSql,
  spendLayout,
  SPEND_ALIASES,
  type SpendColumns,
} from '../sql/analysis/spend';
import type { BuiltSql } from '../sql/types';
import { normalizeValue, num, type SqlRunner } from './runner';

/** Counts of the rows left out (bad dates, costs, channels) and of the zero-cost rows kept. */
export interface SpendIssues {
  badDates: number;
  badCosts: number;
  emptyChannels: number;
  zeroCostRows: number;
}

/** What {@link loadSpend} returns. */
export interface LoadedSpend {
  columns: SpendColumns;
  /** Rows in the file. */
  rows: number;
  /** Valid rows kept in af_spend. */
  kept: number;
  issues: SpendIssues;
  /** First and last date of the kept rows (YYYY-MM-DD). */
  dateFrom: string;
  dateTo: string;
  /** The channels of the kept rows, sorted by code unit. */
  channels: string[];
}

/** One channel's spend over (T1, T2]. */
export interface SpendByChannel {
  channel: string;
  cost: number;
  /** Null when no row of the channel has a count. */
  impressions: number | null;
  clicks: number | null;
  /** Distinct dates with a row. */
  days: number;
}

const HINT =
  'A spend file has one row per channel and day: the columns channel, date (or day) and cost (or spend), optionally impressions and clicks, and no user id column.';

const names = (key: keyof typeof SPEND_ALIASES) =>
  SPEND_ALIASES[key].map((n) => `"${n}"`).join(' or ');

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The layout's columns, or an EngineError saying what is wrong with the header. */
function columnsOrThrow(columns: readonly string[]): SpendColumns {
  const layout = spendLayout(columns);
  if (layout.columns) return layout.columns;
  if (layout.userColumn !== null)
    throw new EngineError(
      'MAPPING',
      `This looks like an event file, not a spend file: it has a user id column ("${layout.userColumn}").`,
      `Load it as the event file. ${HINT}`,
    );
  throw new EngineError(
    'MAPPING',
    `The spend file has ${layout.missing.map((k) => `no column ${names(k)}`).join(' and ')}.`,
    `${HINT} Rename the header to match.`,
  );
}

/**
 * Checks a loaded table as a spend file and (re)builds af_spend from its valid rows. Throws a
 * 'MAPPING' EngineError when the header is not a spend layout or when no valid row is left; af_spend
 * is then left as it was.
 */
export async function loadSpend(
  runner: SqlRunner,
  source: string,
  columns: readonly string[],
): Promise<LoadedSpend> {
  const cols = columnsOrThrow(columns);
  const [c = {}] = await runner.all(buildSpendIssuesSql(source, cols));
  const rows = num(c.rows);
  const kept = num(c.kept);
  const issues: SpendIssues = {
    badDates: num(c.bad_dates),
    badCosts: num(c.bad_costs),
    emptyChannels: num(c.empty_channels),
    zeroCostRows: num(c.zero_cost_rows),
  };
  if (kept === 0)
    throw new EngineError(
      'MAPPING',
      rows === 0
        ? 'The spend file has no rows.'
        : `No spend row is usable: of ${rows} rows, ${issues.badDates} have a bad date, ${issues.badCosts} a bad cost and ${issues.emptyChannels} an empty channel.`,
      'Dates must read YYYY-MM-DD (a time after it is ignored), costs must be plain numbers ≥ 0 without thousands separators or currency signs, and every row needs a channel.',
    );
  await runner.exec(buildSpendTableSql(source, cols));
  const summary = await runner.all(buildSpendSummarySql());
  const from = summary.map((r) => String(r.date_from)).sort(byCodeUnit);
  const to = summary.map((r) => String(r.date_to)).sort(byCodeUnit);
  return {
    columns: cols,
    rows,
    kept,
    issues,
    dateFrom: from[0],
    dateTo: to[to.length - 1],
    channels: summary.map((r) => String(r.channel)).sort(byCodeUnit),
  };
}

const count = (v: unknown) => {
  const n = normalizeValue(v);
  return n === null ? null : num(n);
};

/** Spend per channel for the dates in (from, to] (T1 excluded, T2 included), ordered by channel. */
export async function runSpendByChannel(
  runner: SqlRunner,
  from: string,
  to: string,
): Promise<SpendByChannel[]> {
  return (await runner.all(buildSpendByChannelSql(from, to))).map((r) => ({
    channel: String(r.channel),
    cost: num(r.cost),
    impressions: count(r.impressions),
    clicks: count(r.clicks),
    days: num(r.days),
  }));
}

/**
 * The spend statements, named after their builders (for "Show SQL"): the by-channel sum of
 * (from, to], preceded by the load statements when `load` gives the source table and its header.
 */
export function spendQueries(
  from: string,
  to: string,
  load?: { source: string; columns: readonly string[] },
): { name: string; q: BuiltSql }[] {
  const out: { name: string; q: BuiltSql }[] = [];
  if (load) {
    const cols = columnsOrThrow(load.columns);
    out.push(
      {
        name: 'buildSpendIssuesSql (spend file checks)',
        q: buildSpendIssuesSql(load.source, cols),
      },
      { name: 'buildSpendTableSql (valid spend rows)', q: buildSpendTableSql(load.source, cols) },
      { name: 'buildSpendSummarySql (spend dates and channels)', q: buildSpendSummarySql() },
    );
  }
  out.push({
    name: 'buildSpendByChannelSql (spend per channel over (T1, T2])',
    q: buildSpendByChannelSql(from, to),
  });
  return out;
}
