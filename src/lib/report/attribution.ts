import {
  ALL,
  TO_PREFIX,
  DEFAULT_HALF_LIFE_DAYS,
  buildAttributionCleanupSql,
  buildAttributionCreditsSql,
  buildAttributionFlowTableSql,
  buildAttributionReachSql,
  buildAttributionTotalsSql,
  buildAttributionTransitionsSql,
  buildAttributionTriggersSql,
  buildConversionsTableSql,
  buildTouchesTableSql,
  type AttributionSpec,
} from '../sql/analysis/attribution';
import {
  HEURISTIC_MODELS,
  VALUE_DECIMALS,
  assembleGroup,
  channelsIn,
  type AttributionReport,
  type AttributionRows,
  type CreditRow,
} from '../attribution/report';
import { STAGES } from '../sql/analysis/rules';
import { num, type SqlRunner } from './runner';
import type { BuiltSql } from '../sql/types';

/** Options of the event attribution: the flow period and the time-decay half-life in days. */
export interface AttributionOptions extends AttributionSpec {
  halfLifeDays?: number;
}

/** Every statement behind the attribution view, in the order they run (for "Show SQL"). */
export function attributionStatements(spec: AttributionOptions): BuiltSql[] {
  return [
    buildAttributionFlowTableSql(spec),
    buildConversionsTableSql(spec),
    buildTouchesTableSql(spec),
    buildAttributionCreditsSql(spec.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS),
    buildAttributionTransitionsSql(spec),
    buildAttributionReachSql(spec),
    buildAttributionTotalsSql(),
    buildAttributionTriggersSql(),
  ];
}

const FROM_ORDER = ['none', ...STAGES] as string[];
const TO_ORDER = STAGES.filter((s) => s !== 'O') as string[];

/** DOMAIN.md §7 over (T1, T2]: conversions, their touchpoints, and every model per channel. */
export async function runAttribution(
  runner: SqlRunner,
  spec: AttributionOptions,
): Promise<AttributionReport> {
  const halfLife = spec.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  if (!(halfLife > 0) || !Number.isFinite(halfLife))
    throw new RangeError(
      `The time-decay half-life must be a positive number of days (got ${halfLife}).`,
    );
  const [flowT, convT, touchT, creditsQ, transQ, reachQ, totalsQ, triggersQ] =
    attributionStatements(spec);
  // The working tables are dropped only after a complete run: a run cancelled by a newer request
  // must not drop the tables the newer run has just built (CREATE OR REPLACE makes leftovers
  // harmless).
  await runner.exec(flowT);
  await runner.exec(convT);
  await runner.exec(touchT);
  const credits: CreditRow[] = (await runner.all(creditsQ)).map((r) => ({
    group: String(r.group),
    channel: String(r.channel),
    ...(Object.fromEntries(HEURISTIC_MODELS.map((m) => [m, num(r[m])])) as Record<
      (typeof HEURISTIC_MODELS)[number],
      number
    >),
    value: Object.fromEntries(HEURISTIC_MODELS.map((m) => [m, num(r[`v_${m}`])])),
  }));
  const transitions = (await runner.all(transQ)).map((r) => ({
    group: String(r.group),
    from: String(r.from),
    to: String(r.to),
    n: num(r.n),
  }));
  const reach = (await runner.all(reachQ)).map((r) => ({
    group: String(r.group),
    channel: String(r.channel),
    reach: num(r.reach),
  }));
  const pairs = (await runner.all(totalsQ)).map((r) => ({
    from: String(r.from),
    to: String(r.to),
    attributed: num(r.attributed),
    unattributed: num(r.unattributed),
    touchpoints: num(r.touchpoints),
    value: num(r.value),
  }));
  // Totals per from-stage, per to-stage (`to:<stage>`) and over all conversions.
  const totalsBy = new Map<string, { attributed: number; unattributed: number; value: number }>();
  for (const p of pairs)
    for (const g of [p.from, TO_PREFIX + p.to, ALL]) {
      const t = totalsBy.get(g) ?? { attributed: 0, unattributed: 0, value: 0 };
      t.attributed += p.attributed;
      t.unattributed += p.unattributed;
      t.value += p.value;
      totalsBy.set(g, t);
    }
  const triggers = (await runner.all(triggersQ)).map((r) => ({
    to: String(r.to),
    action: String(r.action),
    conversions: num(r.conversions),
  }));
  // A to-stage model's rate divides by the channel's overall reach (its users at every stage).
  const toGroups = TO_ORDER.filter((s) => totalsBy.has(TO_PREFIX + s));
  for (const r of reach.filter((x) => x.group === ALL))
    for (const s of toGroups) reach.push({ ...r, group: TO_PREFIX + s });
  const rows: AttributionRows = {
    credits,
    transitions,
    reach,
    totals: [...totalsBy].map(([group, t]) => ({ group, ...t })),
  };
  const channels = channelsIn(rows);
  // Attributed GMV (`value`) needs money: without an amount column every value would be 0.
  const withValue = spec.moneyAvailable;
  const group = (g: string) => assembleGroup(rows, g, channels, withValue, VALUE_DECIMALS);
  const all = group(ALL);
  const groups = FROM_ORDER.filter((g) => totalsBy.has(g));
  for (const q of buildAttributionCleanupSql()) await runner.exec(q);
  return {
    source: 'events',
    ...all,
    conversions: all.attributed + all.unattributed,
    touchpoints: pairs.reduce((a, p) => a + p.touchpoints, 0),
    halfLife,
    halfLifeUnit: 'days',
    channels,
    byFromStage: Object.fromEntries(groups.map((g) => [g, group(g)])),
    byToStage: Object.fromEntries(toGroups.map((s) => [s, group(TO_PREFIX + s)])),
    transitions: pairs.map(({ from, to, attributed, unattributed }) => ({
      from,
      to,
      conversions: attributed + unattributed,
      unattributed,
    })),
    triggers,
  };
}

const STATEMENT_NAMES = [
  'buildAttributionFlowTableSql (§4, §7)',
  'buildConversionsTableSql (§7 conversions and triggers)',
  'buildTouchesTableSql (§7 touchpoints)',
  'buildAttributionCreditsSql (§7 heuristic models)',
  'buildAttributionTransitionsSql (§7 Markov paths)',
  'buildAttributionReachSql (§7 reach)',
  'buildAttributionTotalsSql (§7 conversions)',
  'buildAttributionTriggersSql (§7 trigger events)',
];

/** The statements of {@link runAttribution}, named after their builders (for "Show SQL"). */
export function attributionQueries(spec: AttributionOptions): { name: string; q: BuiltSql }[] {
  return attributionStatements(spec).map((q, i) => ({ name: STATEMENT_NAMES[i], q }));
}
