/**
 * The planner's inputs measured on a base period (T1, T2] (docs/planner.md "Measured inputs"):
 * stage sizes and progression from the §4 flow; first-time and repeat buyers, and their GMV, by
 * stage at T1 (buildPlanBaseSql). Pure: it maps the rows, it runs no SQL of its own.
 */
import type { FlowReport } from '../report/flow';
import {
  PLAN_STAGES,
  POST_SALES,
  PRE_SALES,
  type PlanInputs,
  type PlanStage,
  type PostSalesStage,
  type PreSalesStage,
} from './planner';

/** One row of buildPlanBaseSql: the period's buyers whose stage at T1 was `stage`. */
export interface PlanBaseRow {
  stage: string;
  firstBuyers: number;
  firstGmv: number | null;
  repeatBuyers: number;
  repeatGmv: number | null;
}

/** What the planner measures; the target, mix and costs are the user's. */
export type MeasuredInputs = Omit<PlanInputs, 'targetGmv' | 'mix' | 'costPerTransition'> & {
  /** The base period's actual GMV: first orders + repeat occasions (null without money). */
  baseGmv: number | null;
  /** First-time buyers in the period (the §6 count). */
  firstTimeBuyers: number;
  /** Repeat buyers in the period (the §6 count). */
  repeatBuyers: number;
  /** Repeat buyers who were not at I, N or K at T1 (lapsed buyers): not modelled by the plan. */
  repeatOutsideAssets: number;
};

const rate = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? v : 0;
const ratio = (n: number, d: number) => (d > 0 ? n / d : 0);

/**
 * assets_s = users of s at T1 and today_s = users of s at T2 (the flow matrix's row and column
 * sums); progression_s = the §4 progression rate; conversion_s (D…P) = first-time buyers whose
 * stage at T1 was s ÷ assets_s; repeatRate_s (I, N, K) = repeat buyers at s ÷ assets_s;
 * newcomers = first-time buyers whose T1 stage was none, O, or I…K (a refunded earlier order);
 * g1 = first-order GMV ÷ first-time buyers; g2 = repeat GMV ÷ repeat buyers (all stages).
 */
export function measurePlanInputs(flow: FlowReport, rows: PlanBaseRow[]): MeasuredInputs {
  const at = (s: string) => rows.find((r) => r.stage === s);
  const assets = {} as Record<PlanStage, number>;
  const today = {} as Record<PlanStage, number>;
  for (const s of PLAN_STAGES) {
    assets[s] = flow.byStage[s].size;
    today[s] = Object.values(flow.matrix).reduce((t, row) => t + (row[s] ?? 0), 0);
  }
  const conversion = {} as Record<PreSalesStage, number>;
  const progression = {} as Record<PreSalesStage, number>;
  for (const s of PRE_SALES) {
    conversion[s] = ratio(at(s)?.firstBuyers ?? 0, assets[s]);
    progression[s] = rate(flow.byStage[s].progressionRate);
  }
  const repeatRate = {} as Record<PostSalesStage, number>;
  for (const s of POST_SALES) repeatRate[s] = ratio(at(s)?.repeatBuyers ?? 0, assets[s]);

  const sum = (f: (r: PlanBaseRow) => number) => rows.reduce((t, r) => t + f(r), 0);
  const firstTimeBuyers = sum((r) => r.firstBuyers);
  const repeatBuyers = sum((r) => r.repeatBuyers);
  const fromPre = PRE_SALES.reduce((t, s) => t + (at(s)?.firstBuyers ?? 0), 0);
  const repeatFromPost = POST_SALES.reduce((t, s) => t + (at(s)?.repeatBuyers ?? 0), 0);
  const money = rows.every((r) => r.firstGmv !== null && r.repeatGmv !== null);
  const firstGmv = money ? sum((r) => r.firstGmv ?? 0) : null;
  const repeatGmv = money ? sum((r) => r.repeatGmv ?? 0) : null;
  return {
    assets,
    today,
    conversion,
    progression,
    repeatRate,
    newcomerFirstBuyers: firstTimeBuyers - fromPre,
    firstGmvPerBuyer: firstGmv !== null && firstTimeBuyers > 0 ? firstGmv / firstTimeBuyers : null,
    repeatGmvPerBuyer: repeatGmv !== null && repeatBuyers > 0 ? repeatGmv / repeatBuyers : null,
    baseGmv: firstGmv !== null && repeatGmv !== null ? firstGmv + repeatGmv : null,
    firstTimeBuyers,
    repeatBuyers,
    repeatOutsideAssets: repeatBuyers - repeatFromPost,
  };
}
