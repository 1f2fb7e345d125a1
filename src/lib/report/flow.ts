import { STAGES, type Stage } from '../sql/analysis/rules';
import {
  buildFlowByStageSql,
  buildFlowMatrixSql,
  buildGmvContributionSql,
  type FlowSpec,
} from '../sql/analysis/flow';
import { num, type SqlRunner } from './runner';
import type { BuiltSql } from '../sql/types';

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

function emptyFlow(): {
  matrix: FlowReport['matrix'];
  byStage: Record<Stage, StageFlow & { purchasers: number }>;
  gmv: Record<Cell, number>;
} {
  return {
    matrix: Object.fromEntries(
      CELLS.map((a) => [a, Object.fromEntries(CELLS.map((b) => [b, 0]))]),
    ) as FlowReport['matrix'],
    byStage: Object.fromEntries(
      STAGES.map((s) => [
        s,
        {
          size: 0,
          deepened: 0,
          stayed: 0,
          regressed: 0,
          lost: 0,
          purchasers: 0,
          progressionRate: null,
          purchaseConversion: null,
        },
      ]),
    ) as Record<Stage, StageFlow & { purchasers: number }>,
    gmv: Object.fromEntries(CELLS.map((c) => [c, 0])) as Record<Cell, number>,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Runs the §4 flow between T1 and T2 for each brand of `spec.brands` (default: the brand). */
export async function runFlows(
  runner: SqlRunner,
  spec: FlowSpec,
): Promise<Record<string, FlowReport>> {
  const brands = spec.brands ?? [spec.brand];
  const acc = new Map(brands.map((b) => [b, emptyFlow()]));
  const get = (b: unknown) => acc.get(String(b));
  for (const r of await runner.all(buildFlowMatrixSql(spec))) {
    const f = get(r.brand);
    if (f) f.matrix[String(r.s1) as Cell][String(r.s2) as Cell] = num(r.users);
  }
  for (const r of await runner.all(buildFlowByStageSql(spec))) {
    const f = get(r.brand);
    if (!f) continue;
    const size = num(r.size);
    f.byStage[String(r.stage) as Stage] = {
      size,
      deepened: num(r.deepened),
      stayed: num(r.stayed),
      regressed: num(r.regressed),
      lost: num(r.lost),
      purchasers: num(r.purchasers),
      progressionRate: size ? num(r.deepened) / size : null,
      purchaseConversion: size ? num(r.purchasers) / size : null,
    };
  }
  for (const r of await runner.all(buildGmvContributionSql(spec))) {
    const f = get(r.brand);
    if (f) f.gmv[String(r.stage) as Cell] = num(r.gmv);
  }
  const money = spec.moneyAvailable;
  const out: Record<string, FlowReport> = {};
  for (const [brand, f] of acc) {
    const byStage = Object.fromEntries(
      STAGES.map((s) => {
        const { purchasers: _p, ...rest } = f.byStage[s];
        return [s, rest];
      }),
    ) as Record<Stage, StageFlow>;
    const sized = STAGES.reduce((a, s) => a + byStage[s].size, 0);
    const deepened = STAGES.reduce((a, s) => a + byStage[s].deepened, 0);
    const total = CELLS.reduce((a, c) => a + f.gmv[c], 0);
    out[brand] = {
      matrix: f.matrix,
      deepeningRate: sized ? deepened / sized : null,
      newEntrants: STAGES.reduce((a, s) => a + f.matrix.none[s], 0),
      byStage,
      gmvContribution: Object.fromEntries(
        CELLS.map((c) => [
          c,
          {
            gmv: money ? round2(f.gmv[c]) : null,
            share: money ? (total ? f.gmv[c] / total : 0) : null,
          },
        ]),
      ) as FlowReport['gmvContribution'],
      gmvTotal: money ? round2(total) : null,
    };
  }
  return out;
}

/** Runs the §4 flow between T1 and T2 for the brand. */
export async function runFlow(runner: SqlRunner, spec: FlowSpec): Promise<FlowReport> {
  const all = await runFlows(runner, { ...spec, brands: [spec.brand] });
  return all[spec.brand];
}

/** The statements behind a flow, for "Show SQL". */
export function flowQueries(spec: FlowSpec): { name: string; q: BuiltSql }[] {
  return [
    { name: 'buildFlowMatrixSql (§4)', q: buildFlowMatrixSql(spec) },
    { name: 'buildFlowByStageSql (§4)', q: buildFlowByStageSql(spec) },
    { name: 'buildGmvContributionSql (§4)', q: buildGmvContributionSql(spec) },
  ];
}
