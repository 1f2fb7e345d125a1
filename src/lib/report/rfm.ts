import {
  buildRfmGroupsSql,
  buildRfmThresholdsSql,
  OTHERS,
  RFM_DIMS,
  rfmK,
  type RfmDim,
  type RfmMethod,
  type RfmSpec,
} from '../sql/analysis/rfm';
import { num, type SqlRunner } from './runner';

/** A value tier (DOMAIN.md §9). */
export type RfmTier = 'high' | 'medium' | 'low';
export const RFM_TIERS: RfmTier[] = ['high', 'medium', 'low'];

/** `rfm` of the analyze JSON (DOMAIN.md §9). Money is rounded to 2 decimals, shares are not. */
export interface RfmReport {
  method: RfmMethod;
  /** A number when every dimension has the same k (always for the equal methods), else per dimension. */
  k: number | Record<RfmDim, number>;
  monetary: 'total' | 'average';
  buyers: number;
  /** Per dimension and score ("1"…"k"): the least and greatest value that received it. */
  thresholds: Record<RfmDim, Record<string, { min: number; max: number }>>;
  scoreCounts: Record<RfmDim, Record<string, number>>;
  tiers: Record<RfmTier, { users: number; revenue: number | null; revenueShare: number | null }>;
  segments: Record<string, { users: number; revenue: number | null }>;
  grid: { r: number; f: number; users: number; revenue: number | null; avgM: number | null }[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Runs §9 RFM for the brand's buyers at T. */
export async function runRfm(runner: SqlRunner, spec: RfmSpec): Promise<RfmReport> {
  const o = spec.rfm;
  const ks = rfmK(o);
  const money = spec.moneyAvailable;
  const thresholds = { R: {}, F: {}, M: {} } as RfmReport['thresholds'];
  const scoreCounts = { R: {}, F: {}, M: {} } as RfmReport['scoreCounts'];
  for (const r of await runner.all(buildRfmThresholdsSql(spec))) {
    const d = String(r.dim) as RfmDim;
    const key = String(num(r.score));
    const fix = (v: unknown) => (d === 'M' ? round2(num(v)) : num(v));
    thresholds[d][key] = { min: fix(r.lo), max: fix(r.hi) };
    scoreCounts[d][key] = num(r.users);
  }
  const tiers = Object.fromEntries(
    RFM_TIERS.map((t) => [
      t,
      { users: 0, revenue: money ? 0 : null, revenueShare: money ? 0 : null },
    ]),
  ) as RfmReport['tiers'];
  const segments: RfmReport['segments'] = Object.fromEntries(
    [...o.segments.map((s) => s.name), OTHERS].map((n) => [
      n,
      { users: 0, revenue: money ? 0 : null },
    ]),
  );
  const grid: RfmReport['grid'] = [];
  const rawTier: Record<string, number> = {};
  for (const r of await runner.all(buildRfmGroupsSql(spec))) {
    const users = num(r.users);
    const revenue = money ? num(r.revenue) : null;
    if (r.kind === 'tier') {
      const t = String(r.key) as RfmTier;
      tiers[t] = { users, revenue: revenue === null ? null : round2(revenue), revenueShare: null };
      rawTier[t] = revenue ?? 0;
    } else if (r.kind === 'segment') {
      segments[String(r.key)] = { users, revenue: revenue === null ? null : round2(revenue) };
    } else {
      grid.push({
        r: num(r.r),
        f: num(r.f),
        users,
        revenue: revenue === null ? null : round2(revenue),
        avgM: money && r.avg_m !== null ? round2(num(r.avg_m)) : null,
      });
    }
  }
  const total = RFM_TIERS.reduce((a, t) => a + (rawTier[t] ?? 0), 0);
  if (money)
    for (const t of RFM_TIERS) tiers[t].revenueShare = total ? (rawTier[t] ?? 0) / total : 0;
  const buyers = RFM_TIERS.reduce((a, t) => a + tiers[t].users, 0);
  const same = RFM_DIMS.every((d) => ks[d] === ks.R);
  return {
    method: o.method,
    k: same ? ks.R : ks,
    monetary: o.monetary,
    buyers,
    thresholds,
    scoreCounts,
    tiers,
    segments,
    grid,
  };
}
