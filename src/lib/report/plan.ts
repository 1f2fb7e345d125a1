/**
 * The planner's base period (issue #8, docs/planner.md): the §4 flow of one brand over (T1, T2]
 * and the period's first-time and repeat buyers by stage at T1, measured into the planner's
 * inputs. The same code runs in the tab and the CLI; the plan itself is arithmetic
 * (src/lib/plan/planner.ts).
 */
import { num, type SqlRunner } from './runner';
import { flowQueries, runFlow, type FlowReport } from './flow';
import { measurePlanInputs, type MeasuredInputs, type PlanBaseRow } from '../plan/measure';
import type { FlowSpec } from '../sql/analysis/flow';
import { buildPlanBaseSql } from '../sql/analysis/plan';
import type { BuiltSql } from '../sql/types';

/** The base period's flow, its buyers by stage at T1, and the inputs measured from them. */
export interface PlanBase {
  flow: FlowReport;
  buyers: PlanBaseRow[];
  measured: MeasuredInputs;
}

const orNull = (v: unknown) => (v === null || v === undefined ? null : num(v));

/** Runs the flow and the buyers of the base period and measures the planner's inputs. */
export async function runPlanBase(runner: SqlRunner, spec: FlowSpec): Promise<PlanBase> {
  const flow = await runFlow(runner, spec);
  const buyers = (await runner.all(buildPlanBaseSql(spec))).map((r) => ({
    stage: String(r.stage),
    firstBuyers: num(r.first_buyers),
    firstGmv: orNull(r.first_gmv),
    repeatBuyers: num(r.repeat_buyers),
    repeatGmv: orNull(r.repeat_gmv),
  }));
  return { flow, buyers, measured: measurePlanInputs(flow, buyers) };
}

/** The statements behind the planner's measured inputs, for "Show SQL". */
export function planQueries(spec: FlowSpec): { name: string; q: BuiltSql }[] {
  return [
    ...flowQueries(spec),
    { name: 'buildPlanBaseSql (planner: buyers by stage at T1)', q: buildPlanBaseSql(spec) },
  ];
}
