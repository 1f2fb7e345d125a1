/**
 * DOMAIN.md §7, last sentence: the attribution report of an aggregated path table (interchange
 * layout), computed in SQL (src/lib/sql/analysis/paths.ts) and assembled like the event-based
 * report (src/lib/attribution/report.ts). Used by the CLI's `attribute` command; the tab can call
 * it on any dataset whose columns pass `isPathTable`.
 */
import {
  assembleGroup,
  channelsIn,
  HEURISTIC_MODELS,
  type AttributionReport,
  type AttributionRows,
  type CreditRow,
  type HeuristicModel,
} from '../attribution/report';
import { MODELS, type ModelId } from '../attribution/models';
import {
  buildPathCreditsSql,
  buildPathIssuesSql,
  buildPathReachSql,
  buildPathTotalsSql,
  buildPathTransitionsSql,
  buildParsedPathsTableSql,
  buildDropParsedPathsSql,
  checkHalfLife,
  DEFAULT_PATH_HALF_LIFE,
  PATH_GROUP,
  pathColumns,
  type PathTableSpec,
} from '../sql/analysis/paths';
import { num, type SqlRunner } from './runner';
import type { BuiltSql } from '../sql/types';

/** One malformed row's problem: `row` is the 1-based data row (the header is not a row). */
export interface PathIssue {
  row: number;
  message: string;
}

/** What {@link runPathAttribution} returns. */
export interface PathAttributionResult {
  report: AttributionReport;
  /** The problems of the first 20 malformed rows, one entry per problem ("Row n: …"), the same
   * messages as parsePathsCsvRows. */
  issues: PathIssue[];
  /** How many rows were malformed (all of them, listed or not); they are in no model. */
  malformed: number;
}

/** The SQL row sets of a path table (group 'all'), plus its touchpoints. */
export async function pathAttributionRows(
  runner: SqlRunner,
  spec: PathTableSpec & { halfLife?: number },
): Promise<{ rows: AttributionRows; touchpoints: number }> {
  const withValue = pathColumns(spec.columns).value !== undefined;
  const credits: CreditRow[] = (await runner.all(buildPathCreditsSql(spec))).map((r) => {
    const row: CreditRow = {
      group: String(r.group),
      channel: String(r.channel),
      lastTouch: num(r.lastTouch),
      firstTouch: num(r.firstTouch),
      linear: num(r.linear),
      timeDecay: num(r.timeDecay),
      positionBased: num(r.positionBased),
    };
    if (withValue)
      row.value = Object.fromEntries(
        HEURISTIC_MODELS.map((m) => [m, num(r[`value_${m}`])]),
      ) as Record<HeuristicModel, number>;
    return row;
  });
  const transitions = (await runner.all(buildPathTransitionsSql(spec))).map((r) => ({
    group: String(r.group),
    from: String(r.from),
    to: String(r.to),
    n: num(r.n),
  }));
  const reach = (await runner.all(buildPathReachSql(spec))).map((r) => ({
    group: String(r.group),
    channel: String(r.channel),
    reach: num(r.reach),
  }));
  const t = (await runner.all(buildPathTotalsSql(spec)))[0] ?? {};
  return {
    rows: {
      credits,
      transitions,
      reach,
      totals: [
        {
          group: PATH_GROUP,
          attributed: num(t.attributed),
          unattributed: num(t.unattributed),
          value: num(t.value),
        },
      ],
    },
    touchpoints: num(t.touchpoints),
  };
}

/**
 * Every attribution model over a path table: heuristic credit, transitions, reach and totals in
 * SQL, then the exact Markov solve and the rates in {@link assembleGroup}.
 *
 * - `conversions` = attributed + unattributed (unattributed is always 0: an empty path is a
 *   malformed row, reported in `issues` and left out of every model).
 * - `touchpoints` = Σ touches × conversions over converting paths: the touch occurrences the
 *   heuristic models spread (a path `a > a > b` with 2 conversions counts 6).
 * - `halfLife` is in steps (default 1); value figures are present when the table has a
 *   `total_conversion_value` column.
 */
export async function runPathAttribution(
  runner: SqlRunner,
  spec: PathTableSpec & { halfLife?: number },
): Promise<PathAttributionResult> {
  const halfLife = checkHalfLife(spec.halfLife ?? DEFAULT_PATH_HALF_LIFE);
  const withValue = pathColumns(spec.columns).value !== undefined;
  // Parse and check once; the checks and every model read the parsed rows.
  await runner.exec(buildParsedPathsTableSql(spec));
  const issueRows = await runner.all(buildPathIssuesSql({ ...spec, parsed: true }));
  const issues = issueRows.map((r) => ({
    row: num(r.row),
    message: `Row ${num(r.row)}: ${String(r.reason)}`,
  }));
  const malformed = issueRows.length > 0 ? num(issueRows[0].malformed) : 0;
  const { rows, touchpoints } = await pathAttributionRows(runner, {
    ...spec,
    halfLife,
    parsed: true,
  });
  await runner.exec(buildDropParsedPathsSql());
  const channels = channelsIn(rows);
  const group = assembleGroup(rows, PATH_GROUP, channels, withValue);
  const report: AttributionReport = {
    source: 'paths',
    conversions: group.attributed + group.unattributed,
    attributed: group.attributed,
    unattributed: group.unattributed,
    touchpoints,
    halfLife,
    halfLifeUnit: 'steps',
    channels,
    models: group.models,
    markov: group.markov,
    byFromStage: {},
    transitions: [],
  };
  return { report, issues, malformed };
}

// ---------------------------------------------------------------------------------------------
// Plain-text rendering (the CLI's default output).

const MODEL_LABEL: Record<ModelId, string> = {
  lastTouch: 'last touch',
  firstTouch: 'first touch',
  linear: 'linear',
  timeDecay: 'time decay',
  positionBased: 'position',
  markov: 'markov',
};

const fmt = (v: number, digits = 2) =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** A readable summary: totals, then channels × models (conversions, and value when present),
 * reach, removal effects, and the malformed rows. */
export function formatPathAttribution(result: PathAttributionResult): string {
  const { report: r, issues, malformed } = result;
  const out: string[] = [];
  const plural = (n: number, one: string, many: string) => `${fmt(n, 0)} ${n === 1 ? one : many}`;
  out.push(
    `Path attribution: ${fmt(r.conversions, Number.isInteger(r.conversions) ? 0 : 2)} conversions` +
      ` (${fmt(r.unattributed, 0)} unattributed), ${plural(r.channels.length, 'channel', 'channels')},` +
      ` ${fmt(r.touchpoints, Number.isInteger(r.touchpoints) ? 0 : 2)} touchpoints.`,
  );
  out.push(
    `Markov base conversion rate ${fmt(r.markov.baseConversionRate * 100, 4)}%; time decay half-life ${r.halfLife} ${r.halfLife === 1 ? 'step' : 'steps'}.`,
  );
  const withValue = r.channels.some((c) => r.models.lastTouch[c]?.value !== undefined);
  const block = (title: string, pick: (m: ModelId, c: string) => number) => {
    const body = r.channels.map((c) => [
      c,
      fmt(r.models.lastTouch[c]?.reach ?? 0, 0),
      ...MODELS.map((m) => fmt(pick(m, c))),
      ...(title === 'Conversions' ? [fmt(r.markov.removalEffects[c] ?? 0, 4)] : []),
    ]);
    const totals = MODELS.map((m) => r.channels.reduce((s, c) => s + pick(m, c), 0));
    body.push([
      'total',
      '',
      ...totals.map((v) => fmt(v)),
      ...(title === 'Conversions' ? [''] : []),
    ]);
    const head = [
      'channel',
      'reach',
      ...MODELS.map((m) => MODEL_LABEL[m]),
      ...(title === 'Conversions' ? ['removal'] : []),
    ];
    out.push('', `${title} by model:`, table(head, body));
  };
  block('Conversions', (m, c) => r.models[m][c]?.conversions ?? 0);
  if (withValue) block('Conversion value', (m, c) => r.models[m][c]?.value ?? 0);
  if (malformed > 0) {
    out.push(
      '',
      `${plural(malformed, 'malformed row was', 'malformed rows were')} left out of every model` +
        (malformed > new Set(issues.map((i) => i.row)).size ? ' (the first 20 are listed):' : ':'),
      ...issues.map((i) => `  ${i.message}`),
    );
  }
  return out.join('\n') + '\n';
}

/** The statements of {@link runPathAttribution}, named after their builders (for "Show SQL"). */
export function pathQueries(
  spec: PathTableSpec & { halfLife?: number },
): { name: string; q: BuiltSql }[] {
  const parsed = { ...spec, parsed: true };
  return [
    {
      name: 'buildParsedPathsTableSql (§7 paths, parsed and checked once)',
      q: buildParsedPathsTableSql(spec),
    },
    { name: 'buildPathIssuesSql (§7 path table checks)', q: buildPathIssuesSql(parsed) },
    { name: 'buildPathCreditsSql (§7 heuristic models)', q: buildPathCreditsSql(parsed) },
    { name: 'buildPathTransitionsSql (§7 Markov paths)', q: buildPathTransitionsSql(parsed) },
    { name: 'buildPathReachSql (§7 reach)', q: buildPathReachSql(parsed) },
    { name: 'buildPathTotalsSql (§7 conversions)', q: buildPathTotalsSql(parsed) },
  ];
}
