import { STAGES, type Stage } from '../sql/analysis/rules';
import {
  buildFlowByStageSql,
  buildFlowMatrixSql,
  buildGmvContributionSql,
  buildOccasionDatesSql,
  type FlowSpec,
} from '../sql/analysis/flow';
import { num, type SqlRunner } from './runner';

type Cell = Stage | 'none';
const CELLS: Cell[] = ['none', ...STAGES];

/** Per-stage flow figures (DOMAIN.md §4). */
export interface StageFlow {
  size: number;
  deepened: number;
  stayed: number;
  regressed: number;
  lost: number;
  progressionRate: number | null;
  purchaseConversion: number | null;
}

/** `flow` of the analyze JSON (DOMAIN.md §4). Money is rounded to 2 decimals, rates are not. */
export interface FlowReport {
  matrix: Record<Cell, Record<Cell, number>>;
  deepeningRate: number | null;
  newEntrants: number;
  byStage: Record<Stage, StageFlow>;
  /** Net GMV in (T1, T2] by the buyer's stage the day before the order; null without money. */
  gmvContribution: Record<Cell, { gmv: number | null; share: number | null }>;
  gmvTotal: number | null;
}

/** The occasion dates each report's GMV contribution was computed over (for "Show SQL"). */
export const flowDates = new WeakMap<FlowReport, string[]>();

/** Runs the §4 flow between T1 and T2. */
export async function runFlow(runner: SqlRunner, spec: FlowSpec): Promise<FlowReport> {
  const matrix = Object.fromEntries(
    CELLS.map((a) => [a, Object.fromEntries(CELLS.map((b) => [b, 0]))]),
  ) as FlowReport['matrix'];
  for (const r of await runner.all(buildFlowMatrixSql(spec)))
    matrix[String(r.s1) as Cell][String(r.s2) as Cell] = num(r.users);
  const byStage = Object.fromEntries(
    STAGES.map((s) => [
      s,
      {
        size: 0,
        deepened: 0,
        stayed: 0,
        regressed: 0,
        lost: 0,
        progressionRate: null,
        purchaseConversion: null,
      },
    ]),
  ) as Record<Stage, StageFlow>;
  for (const r of await runner.all(buildFlowByStageSql(spec))) {
    const size = num(r.size);
    byStage[String(r.stage) as Stage] = {
      size,
      deepened: num(r.deepened),
      stayed: num(r.stayed),
      regressed: num(r.regressed),
      lost: num(r.lost),
      progressionRate: size ? num(r.deepened) / size : null,
      purchaseConversion: size ? num(r.purchasers) / size : null,
    };
  }
  const sized = STAGES.reduce((a, s) => a + byStage[s].size, 0);
  const deepened = STAGES.reduce((a, s) => a + byStage[s].deepened, 0);
  const newEntrants = STAGES.reduce((a, s) => a + matrix.none[s], 0);
  const dates = (await runner.all(buildOccasionDatesSql(spec))).map((r) => String(r.date));
  const raw = Object.fromEntries(CELLS.map((c) => [c, 0])) as Record<Cell, number>;
  for (const r of await runner.all(buildGmvContributionSql(spec, dates)))
    raw[String(r.stage) as Cell] = num(r.gmv);
  const total = CELLS.reduce((a, c) => a + raw[c], 0);
  const money = spec.moneyAvailable;
  const round2 = (v: number) => Math.round(v * 100) / 100;
  const gmvContribution = Object.fromEntries(
    CELLS.map((c) => [
      c,
      { gmv: money ? round2(raw[c]) : null, share: money ? (total ? raw[c] / total : 0) : null },
    ]),
  ) as FlowReport['gmvContribution'];
  const report: FlowReport = {
    matrix,
    deepeningRate: sized ? deepened / sized : null,
    newEntrants,
    byStage,
    gmvContribution,
    gmvTotal: money ? round2(total) : null,
  };
  flowDates.set(report, dates);
  return report;
}
