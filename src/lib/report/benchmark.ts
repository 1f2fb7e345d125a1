import { BRAND_STAGES, type RuleSet } from '../sql/analysis/rules';
import { buildBrandStageCountsSql, buildCategoryBrandsSql } from '../sql/analysis/mindshare';
import { runFlows, type FlowReport } from './flow';
import { num, type SqlRunner } from './runner';

/** A brand stage of the benchmark (D…K). */
export type BenchStage = (typeof BRAND_STAGES)[number];

/** The chosen brand beside the category average at one stage (DOMAIN.md §5). */
export interface BenchmarkStage {
  brandShare: number;
  avgShare: number | null;
  /** brandShare ÷ avgShare × 100; null when the average is 0. */
  index: number | null;
  brandProgression: number | null;
  avgProgression: number | null;
  brandGmvShare: number | null;
  avgGmvShare: number | null;
}

/** `benchmark` of the analyze JSON. `byStage` is null when there is no benchmark; `reason` says why. */
export interface BenchmarkReport {
  /** The brands averaged, by name. */
  brands: string[];
  /** Every brand with rows in the brand's categories (the candidates), by name. */
  candidates: string[];
  byStage: Record<BenchStage, BenchmarkStage> | null;
  reason: null | 'no-category' | 'one-brand' | 'too-small';
  /** Users at D…K a brand needs at T to be averaged. */
  minUsers: number;
}

/** What the benchmark is computed for. */
export interface BenchmarkSpec {
  brand: string;
  asOf: string;
  from?: string;
  to?: string;
  rules: RuleSet;
  moneyAvailable: boolean;
  /** The chosen brand's flow over (from, to], when the caller has it already (not recomputed). */
  brandFlow?: FlowReport;
}

/** Users at D…K a brand needs to be averaged (DOMAIN.md §5). */
export const BENCHMARK_MIN_USERS = 100;

const mean = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/**
 * The chosen brand against the category average per stage: the unweighted mean over every brand
 * with rows in the brand's categories and ≥ 100 users at D…K at T. A brand's progression rate or
 * GMV share is left out of the mean where it is undefined (no users of the stage at T1, no GMV).
 */
export async function runBenchmark(
  runner: SqlRunner,
  spec: BenchmarkSpec,
): Promise<BenchmarkReport> {
  const candidates = (await runner.all(buildCategoryBrandsSql(spec.brand))).map((r) =>
    String(r.brand),
  );
  const none = (reason: BenchmarkReport['reason']): BenchmarkReport => ({
    brands: [],
    candidates,
    byStage: null,
    reason,
    minUsers: BENCHMARK_MIN_USERS,
  });
  if (!candidates.includes(spec.brand)) return none('no-category');
  if (candidates.length < 2) return none('one-brand');

  const counts = new Map<string, Record<string, number>>(candidates.map((b) => [b, {}]));
  for (const r of await runner.all(
    buildBrandStageCountsSql({ ...spec, brands: candidates, source: undefined }),
  )) {
    const c = counts.get(String(r.brand));
    if (c) c[String(r.stage)] = num(r.users);
  }
  const staged = (b: string) => BRAND_STAGES.reduce((a, s) => a + (counts.get(b)?.[s] ?? 0), 0);
  const share = (b: string, s: BenchStage) =>
    staged(b) ? (counts.get(b)?.[s] ?? 0) / staged(b) : 0;
  const brands = candidates.filter((b) => staged(b) >= BENCHMARK_MIN_USERS);
  if (!brands.length) return none('too-small');

  let flows: Record<string, FlowReport> | null = null;
  if (spec.from !== undefined && spec.to !== undefined) {
    const list = brands.includes(spec.brand) ? brands : [...brands, spec.brand];
    const toRun = spec.brandFlow ? list.filter((b) => b !== spec.brand) : list;
    flows = toRun.length
      ? await runFlows(runner, {
          brand: toRun[0],
          brands: toRun,
          from: spec.from,
          to: spec.to,
          rules: spec.rules,
          moneyAvailable: spec.moneyAvailable,
        })
      : {};
    if (spec.brandFlow) flows[spec.brand] = spec.brandFlow;
  }
  const progression = (b: string, s: BenchStage) =>
    flows ? (flows[b]?.byStage[s].progressionRate ?? null) : null;
  const gmvShare = (b: string, s: BenchStage) => {
    const f = flows?.[b];
    return f && f.gmvTotal ? f.gmvContribution[s].share : null;
  };
  const byStage = Object.fromEntries(
    BRAND_STAGES.map((s) => {
      const avgShare = mean(brands.map((b) => share(b, s)));
      const brandShare = share(spec.brand, s);
      return [
        s,
        {
          brandShare,
          avgShare,
          index: avgShare ? (brandShare / avgShare) * 100 : null,
          brandProgression: progression(spec.brand, s),
          avgProgression: flows ? mean(brands.map((b) => progression(b, s))) : null,
          brandGmvShare: gmvShare(spec.brand, s),
          avgGmvShare: flows ? mean(brands.map((b) => gmvShare(b, s))) : null,
        },
      ];
    }),
  ) as Record<BenchStage, BenchmarkStage>;
  return { brands, candidates, byStage, reason: null, minUsers: BENCHMARK_MIN_USERS };
}
