/**
 * Monitoring (issue #8 item 3): two periods side by side — asset scale at each period's end, the
 * §4 flow (deepening, progression and purchase conversion per stage), the §6 journeys and the §7
 * attribution — with the change from A to B. Every figure comes from the runners of its DOMAIN.md
 * section; this module only pairs them up.
 */
import type { SqlRunner } from './runner';
import { runFlow, type FlowReport } from './flow';
import { runJourneys, type JourneysReport } from './journeys';
import { runAttribution } from './attribution';
import type { AttributionReport } from '../attribution/report';
import type { FlowSpec } from '../sql/analysis/flow';
import { JOURNEY_TYPES } from '../sql/analysis/journeys';
import { STAGES, BRAND_STAGES } from '../sql/analysis/rules';

/** One period's reports. */
export interface PeriodReports {
  from: string;
  to: string;
  flow: FlowReport;
  journeys: JourneysReport;
  attribution: AttributionReport;
}

/** How a figure reads: a count, a rate (0…1; its change is in percentage points) or money. */
export type FigureKind = 'count' | 'rate' | 'money';

/** One compared figure: A, B, B − A and (B − A) ÷ A when A is not 0. */
export interface CompareRow {
  section: 'scale' | 'flow' | 'journeys' | 'attribution';
  key: string;
  kind: FigureKind;
  a: number | null;
  b: number | null;
  delta: number | null;
  rel: number | null;
}

/** Runs the flow, journeys and attribution of one period (T1, T2]. */
export async function runPeriodReports(
  runner: SqlRunner,
  spec: FlowSpec,
  halfLifeDays?: number,
): Promise<PeriodReports> {
  const flow = await runFlow(runner, spec);
  const journeys = await runJourneys(runner, spec);
  const attribution = await runAttribution(runner, { ...spec, halfLifeDays });
  return { from: spec.from, to: spec.to, flow, journeys, attribution };
}

/** B − A and (B − A) ÷ |A| (null when either is null, or A is 0 for the relative change). */
export function change(
  a: number | null,
  b: number | null,
): { delta: number | null; rel: number | null } {
  if (a === null || b === null) return { delta: null, rel: null };
  return { delta: b - a, rel: a !== 0 ? (b - a) / Math.abs(a) : null };
}

/** Users per stage at the end of the period: the flow matrix's column sums (DOMAIN.md §4). */
export function stageSizesAtEnd(flow: FlowReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of STAGES)
    out[s] = Object.values(flow.matrix).reduce((t, row) => t + (row[s] ?? 0), 0);
  return out;
}

/** Every compared figure of A and B, in display order. */
export function comparePeriods(A: PeriodReports, B: PeriodReports): CompareRow[] {
  const rows: CompareRow[] = [];
  const add = (
    section: CompareRow['section'],
    key: string,
    kind: FigureKind,
    a: number | null,
    b: number | null,
  ) => rows.push({ section, key, kind, a, b, ...change(a, b) });

  const endA = stageSizesAtEnd(A.flow);
  const endB = stageSizesAtEnd(B.flow);
  for (const s of STAGES) add('scale', s, 'count', endA[s], endB[s]);

  add('flow', 'deepeningRate', 'rate', A.flow.deepeningRate, B.flow.deepeningRate);
  add('flow', 'newEntrants', 'count', A.flow.newEntrants, B.flow.newEntrants);
  for (const s of BRAND_STAGES)
    add(
      'flow',
      `progression.${s}`,
      'rate',
      A.flow.byStage[s].progressionRate,
      B.flow.byStage[s].progressionRate,
    );
  for (const s of BRAND_STAGES)
    add(
      'flow',
      `conversion.${s}`,
      'rate',
      A.flow.byStage[s].purchaseConversion,
      B.flow.byStage[s].purchaseConversion,
    );
  add('flow', 'gmv', 'money', A.flow.gmvTotal, B.flow.gmvTotal);

  add(
    'journeys',
    'firstTimeBuyers',
    'count',
    A.journeys.firstTimeBuyers,
    B.journeys.firstTimeBuyers,
  );
  for (const c of JOURNEY_TYPES)
    add(
      'journeys',
      `buyers.${c}`,
      'count',
      A.journeys.byType[c].buyers,
      B.journeys.byType[c].buyers,
    );
  add('journeys', 'buyers.repeat', 'count', A.journeys.repeat.buyers, B.journeys.repeat.buyers);
  for (const c of JOURNEY_TYPES)
    add('journeys', `gmv.${c}`, 'money', A.journeys.byType[c].gmv, B.journeys.byType[c].gmv);
  add('journeys', 'gmv.repeat', 'money', A.journeys.repeat.gmv, B.journeys.repeat.gmv);

  add('attribution', 'conversions', 'count', A.attribution.conversions, B.attribution.conversions);
  add(
    'attribution',
    'unattributed',
    'count',
    A.attribution.unattributed,
    B.attribution.unattributed,
  );
  const channels = [...new Set([...A.attribution.channels, ...B.attribution.channels])].sort();
  const credit = (r: AttributionReport, c: string) =>
    r.channels.includes(c) ? (r.models.markov[c]?.conversions ?? 0) : 0;
  for (const c of channels)
    add('attribution', `markov.${c}`, 'count', credit(A.attribution, c), credit(B.attribution, c));
  return rows;
}

/** A change worth flagging: a rate that moved ≥ `points` percentage points, or a count/amount that moved ≥ `share` of A. */
export function notable(r: CompareRow, points = 0.02, share = 0.1): boolean {
  if (r.delta === null || r.delta === 0) return false;
  if (r.kind === 'rate') return Math.abs(r.delta) >= points;
  return r.rel === null ? true : Math.abs(r.rel) >= share;
}
