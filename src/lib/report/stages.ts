import { BRAND_STAGES, STAGES, type Stage } from '../sql/analysis/rules';
import {
  buildBrandSourcesSql,
  buildCrossPlatformSql,
  buildStageCountsSql,
  type StageSpec,
} from '../sql/analysis/stages';
import { num, type SqlRunner } from './runner';

/** `stages` of the analyze JSON (DOMAIN.md §2–§3). */
export interface StagesReport {
  counts: Record<Stage, number>;
  /** Share of the brand's staged users D…K (O is shown apart); 0 when there are none. */
  share: Record<Exclude<Stage, 'O'>, number>;
  bySource: Record<string, Record<Stage, number>>;
  crossPlatformUsers: number;
  aipl: { A: number; I: number; P: number; L: number };
}

const zero = (): Record<Stage, number> =>
  Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;

async function counts(runner: SqlRunner, spec: StageSpec): Promise<Record<Stage, number>> {
  const out = zero();
  for (const r of await runner.all(buildStageCountsSql(spec)))
    out[String(r.stage) as Stage] = num(r.users);
  return out;
}

/** Asset scale at T: counts and shares per stage, per source and for the union, AIPL. */
export async function runStages(runner: SqlRunner, spec: StageSpec): Promise<StagesReport> {
  const all = await counts(runner, { ...spec, source: undefined });
  const staged = BRAND_STAGES.reduce((a, s) => a + all[s], 0);
  const share = Object.fromEntries(
    BRAND_STAGES.map((s) => [s, staged ? all[s] / staged : 0]),
  ) as StagesReport['share'];
  const bySource: StagesReport['bySource'] = {};
  for (const r of await runner.all(buildBrandSourcesSql(spec.brand)))
    bySource[String(r.source)] = await counts(runner, { ...spec, source: String(r.source) });
  const [cp] = await runner.all(buildCrossPlatformSql(spec));
  return {
    counts: all,
    share,
    bySource,
    crossPlatformUsers: num(cp?.users),
    aipl: { A: all.D, I: all.E1 + all.E2 + all.P, P: all.I, L: all.N + all.K },
  };
}
