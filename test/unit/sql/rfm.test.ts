/**
 * Hand-worked tests of the DOMAIN.md §9 RFM value segmentation (src/lib/report/rfm.ts,
 * src/lib/sql/analysis/rfm.ts).
 *
 * Every expected number below was worked out by hand from the rows next to it (the reasoning is in
 * the comments); nothing here was copied from what the code prints.
 *
 * As-of date T = 2024-06-30 (day of year 182; 2024 is a leap year). The RFM window is the 365 days
 * T−364 … T = 2023-07-02 … 2024-06-30 (T−365 = 2023-07-01 is out). R (days to T) for the dates used:
 *   06-30 → 0, 06-29 → 1, 06-25 → 5, 06-24 → 6, 06-23 → 7, 06-20 → 10, 06-10 → 20, 06-09 → 21,
 *   06-01 → 29, 05-31 → 30, 05-30 → 31, 05-01 → 60, 04-30 → 61, 04-01 → 90, 03-22 → 100,
 *   03-01 → 121, 2023-12-13 → 200 (18 days to 2023-12-31, + 182), 2023-07-02 → 364.
 *
 * Scoring formulas used by hand (DOMAIN.md §9):
 *   equal frequency: score = 1 + floor(k·(rank − 1)/n), rank = SQL RANK() ascending (ties share the
 *     lowest rank); R is ranked by days DESCENDING (most days → rank 1 → score 1).
 *     n = 10, k = 5: ranks 1–2 → 1, 3–4 → 2, 5–6 → 3, 7–8 → 4, 9–10 → 5.
 *     n = 10, k = 3: ranks 1–4 → 1 (0, .3, .6, .9), 5–7 → 2 (1.2, 1.5, 1.8), 8–10 → 3.
 *     n = 10, k = 7: 7·(rank−1)/10 = 0, .7, 1.4, 2.1, 2.8, 3.5, 4.2, 4.9, 5.6, 6.3
 *                    → ranks 1,2 → 1; 3 → 2; 4,5 → 3; 6 → 4; 7,8 → 5; 9 → 6; 10 → 7.
 *   equal width: min(k, 1 + floor(k·(v − min)/(max − min))), R uses (max − v); max = min → 1.
 *   custom cuts: 1 + #(c ≤ v); R: k − #(c ≤ R); k = cuts + 1 per dimension.
 * Tiers: order by score desc, M value desc, user_id text asc; position i of n: high i ≤ 0.2n,
 * medium i ≤ 0.5n, else low.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents } from '../../../src/lib/report/prepare';
import type { Row, SqlRunner } from '../../../src/lib/report/runner';
import { runRfm, type RfmReport } from '../../../src/lib/report/rfm';
import {
  buildRfmAudienceSql,
  buildRfmUsersSql,
  DEFAULT_RFM,
  type RfmOptions,
  type RfmSpec,
} from '../../../src/lib/sql/analysis/rfm';
import { DEFAULT_RULES } from '../../../src/lib/sql/analysis/rules';
import type { EngineApi } from '../../../src/lib/engine/types';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const T = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,amount,order_id';

/** The hand-built mapping; `amount: false` leaves the amount column unmapped. */
function mapping(amount = true): Mapping {
  return {
    ...emptyMapping(),
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      category: 'category',
      ...(amount ? { amount: 'amount' } : {}),
      order_id: 'order_id',
    },
    actions: IDENTITY_ACTIONS,
  };
}

/** One CSV line of brand B (category C) unless another brand is given. */
const ev = (u: string, ts: string, a: string, amt = '', o = '', b = 'B'): string =>
  [u, ts, a, b, 'C', amt, o].join(',');
/** A purchase row at 10:00 on a date. */
const buy = (u: string, date: string, amt: string, o: string, b = 'B') =>
  ev(u, `${date} 10:00:00`, 'purchase', amt, o, b);

let seq = 0;
/** Loads fixture rows and builds `events`; returns whether money is available. */
async function load(lines: string[], amount = true): Promise<boolean> {
  const ds = await loadCsv(api, [HEADER, ...lines].join('\n'), `rfm${++seq}.csv`);
  const rep = await prepareEvents(runner, ds.table, ds.columns, mapping(amount));
  return rep.moneyAvailable;
}

function spec(moneyAvailable: boolean, opts: Partial<RfmOptions> = {}): RfmSpec {
  return {
    brand: 'B',
    asOf: T,
    moneyAvailable,
    rules: DEFAULT_RULES,
    rfm: { ...DEFAULT_RFM, ...opts },
  };
}

/** The per-user rows of buildRfmUsersSql, keyed by user id. */
async function users(s: RfmSpec): Promise<Map<string, Row>> {
  const rs = await runner.all(buildRfmUsersSql(s));
  return new Map(rs.map((r) => [String(r.user_id), r]));
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** [R days, F, M value, r, f, m] per user. */
type Rfm = [number, number, number | null, number, number, number | null];
function rfmOf(u: Map<string, Row>): Record<string, Rfm> {
  const out: Record<string, Rfm> = {};
  for (const [id, r] of u)
    out[id] = [
      Number(r.recency),
      Number(r.frequency),
      n(r.monetary),
      Number(r.r),
      Number(r.f),
      n(r.m),
    ];
  return out;
}
/** [score, pos, tier, segment] per user. */
function rankOf(u: Map<string, Row>): Record<string, [number, number, string, string]> {
  const out: Record<string, [number, number, string, string]> = {};
  for (const [id, r] of u)
    out[id] = [Number(r.score), Number(r.pos), String(r.tier), String(r.segment)];
  return out;
}
/** The user ids an audience query returns, in its order. */
async function audience(
  s: RfmSpec,
  pick: { tier?: string; segment?: string; r?: number; f?: number },
): Promise<string[]> {
  return (await runner.all(buildRfmAudienceSql(s, pick))).map((r) => String(r.user_id));
}
/** Non-empty grid cells as "r,f" → [users, revenue, avgM]. */
function gridOf(rep: RfmReport): Record<string, [number, number | null, number | null]> {
  const out: Record<string, [number, number | null, number | null]> = {};
  for (const c of rep.grid) if (c.users > 0) out[`${c.r},${c.f}`] = [c.users, c.revenue, c.avgM];
  return out;
}
const segUsers = (rep: RfmReport) =>
  Object.fromEntries(Object.entries(rep.segments).map(([k, v]) => [k, v.users]));

// ---------------------------------------------------------------------------------------------
// Fixture 1: ten buyers u1…u10 of brand B with ties in R, F and M.
//   user  orders (date amount)                                   R    F   M (total)
//   u1    01-10 100, 03-10 100, 05-10 100, 06-30 23:00 100        0    4   400
//   u2    2023-09-01 100, 02-01 100, 06-25 100                    5    3   300
//   u3    2023-12-01 50, 04-01 50, 06-25 50                       5    3   150
//   u4    01-05 120.50, 06-20 (two rows of one order 79.50+100)   10   2   300
//   u5    05-01 60, 06-10 40                                      20   2   100
//   u6    06-10 100                                               20   1   100
//   u7    06-10 50                                                20   1    50
//   u8    05-01 80                                                60   1    80
//   u9    02-15 150, 04-01 50                                     90   2   200
//   u10   2023-08-01 100, 04-01 100                               90   2   200
// Not in the population: v1 (a view only); u1's brand-X order (999) is another brand's.
// Total GMV of the population = 400+300+150+300+100+100+50+80+200+200 = 1880.
// ---------------------------------------------------------------------------------------------
const F1 = [
  buy('u1', '2024-01-10', '100', 'o1a'),
  buy('u1', '2024-03-10', '100', 'o1b'),
  buy('u1', '2024-05-10', '100', 'o1c'),
  ev('u1', '2024-06-30 23:00:00', 'purchase', '100', 'o1d'),
  buy('u1', '2024-06-15', '999', 'x1', 'X'),
  buy('u2', '2023-09-01', '100', 'o2a'),
  buy('u2', '2024-02-01', '100', 'o2b'),
  buy('u2', '2024-06-25', '100', 'o2c'),
  buy('u3', '2023-12-01', '50', 'o3a'),
  buy('u3', '2024-04-01', '50', 'o3b'),
  buy('u3', '2024-06-25', '50', 'o3c'),
  buy('u4', '2024-01-05', '120.50', 'o4a'),
  buy('u4', '2024-06-20', '79.50', 'o4b'),
  buy('u4', '2024-06-20', '100.00', 'o4b'),
  buy('u5', '2024-05-01', '60', 'o5a'),
  buy('u5', '2024-06-10', '40', 'o5b'),
  buy('u6', '2024-06-10', '100', 'o6'),
  ev('u6', '2024-06-11 10:00:00', 'view'),
  buy('u7', '2024-06-10', '50', 'o7'),
  buy('u8', '2024-05-01', '80', 'o8'),
  buy('u9', '2024-02-15', '150', 'o9a'),
  buy('u9', '2024-04-01', '50', 'o9b'),
  buy('u10', '2023-08-01', '100', 'o10a'),
  buy('u10', '2024-04-01', '100', 'o10b'),
  ev('v1', '2024-06-29 10:00:00', 'view'),
];

describe('RFM equal frequency (fixture 1, n = 10)', () => {
  it('k = 5: ties share the lowest rank, R ranked by days descending; tiers, thresholds, counts', async () => {
    const money = await load(F1);
    const s = spec(money);
    const u = await users(s);
    // R ranks (days desc): 90 u9,u10 → 1; 60 u8 → 3; 20 u5,u6,u7 → 4; 10 u4 → 7; 5 u2,u3 → 8;
    //   0 u1 → 10.  k=5 scores: rank 1 → 1, 3 → 1+floor(10/10)=2, 4 → 1+floor(15/10)=2,
    //   7 → 1+floor(30/10)=4, 8 → 1+floor(35/10)=4, 10 → 1+floor(45/10)=5.
    // F ranks (asc): F1 u6,u7,u8 → 1; F2 u4,u5,u9,u10 → 4; F3 u2,u3 → 8; F4 u1 → 10.
    //   scores: 1 → 1, 4 → 1+floor(15/10)=2, 8 → 4, 10 → 5.
    // M ranks (asc): 50 u7 → 1; 80 u8 → 2; 100 u5,u6 → 3; 150 u3 → 5; 200 u9,u10 → 6;
    //   300 u2,u4 → 8; 400 u1 → 10.  scores: 1,2 → 1; 3 → 2; 5 → 3; 6 → 1+floor(25/10)=3;
    //   8 → 4; 10 → 5.
    expect(rfmOf(u)).toEqual({
      u1: [0, 4, 400, 5, 5, 5],
      u2: [5, 3, 300, 4, 4, 4],
      u3: [5, 3, 150, 4, 4, 3],
      u4: [10, 2, 300, 4, 2, 4],
      u5: [20, 2, 100, 2, 2, 2],
      u6: [20, 1, 100, 2, 1, 2],
      u7: [20, 1, 50, 2, 1, 1],
      u8: [60, 1, 80, 2, 1, 1],
      u9: [90, 2, 200, 1, 2, 3],
      u10: [90, 2, 200, 1, 2, 3],
    });
    // Scores (weights 1): u1 15, u2 12, u3 11, u4 10, u5 6, u6 5, u7 4, u8 4, u9 6, u10 6.
    // Order: u1, u2, u3, u4, then score 6: M desc u9 = u10 = 200 > u5 100, and "u10" < "u9" as
    // text → u10 (5), u9 (6), u5 (7); u6 (8); score 4: u8 (M 80) before u7 (M 50).
    // n = 10: high i ≤ 2, medium i ≤ 5 (u10 exactly on the 50% edge), low the rest (u9 at 6).
    // Segments (first match wins): u1 (5,5,5) Champions; u2 (4,4,4) and u3 (4,4,3) match both
    // Potential Loyalist (3–5,3–5,2–5) and Loyal Customers (2–4,2–4,2–4) → Potential Loyalist;
    // u4 (4,2,4) F=2 fails PL → Loyal Customers; u5 (2,2,2) → Loyal Customers;
    // u6 (2,1,2), u7 (2,1,1), u8 (2,1,1): F=1 fails PL/LC/Can't Lose/At Risk/Need Attention,
    // R=2 fails Promising/New → About To Sleep (2–3,1–3,1–4);
    // u9, u10 (1,2,3): At Risk needs M ≥ 4, Need Attention F ≥ 3, About To Sleep R ≥ 2 → Lost.
    expect(rankOf(u)).toEqual({
      u1: [15, 1, 'high', 'Champions'],
      u2: [12, 2, 'high', 'Potential Loyalist'],
      u3: [11, 3, 'medium', 'Potential Loyalist'],
      u4: [10, 4, 'medium', 'Loyal Customers'],
      u10: [6, 5, 'medium', 'Lost'],
      u9: [6, 6, 'low', 'Lost'],
      u5: [6, 7, 'low', 'Loyal Customers'],
      u6: [5, 8, 'low', 'About To Sleep'],
      u8: [4, 9, 'low', 'About To Sleep'],
      u7: [4, 10, 'low', 'About To Sleep'],
    });
    // revenue = total net GMV: u4's two-row order o4b = 179.50 → 120.50 + 179.50 = 300.
    expect(Number(u.get('u4')?.revenue)).toBe(300);
    expect(u.has('v1')).toBe(false);

    const rep = await runRfm(runner, s);
    expect(rep.method).toBe('equal-frequency');
    expect(rep.k).toBe(5);
    expect(rep.monetary).toBe('total');
    expect(rep.buyers).toBe(10);
    // Per score, the min and max value that received it (scores that occur only).
    expect(rep.thresholds.R).toEqual({
      '1': { min: 90, max: 90 },
      '2': { min: 20, max: 60 },
      '4': { min: 5, max: 10 },
      '5': { min: 0, max: 0 },
    });
    expect(rep.thresholds.F).toEqual({
      '1': { min: 1, max: 1 },
      '2': { min: 2, max: 2 },
      '4': { min: 3, max: 3 },
      '5': { min: 4, max: 4 },
    });
    expect(rep.thresholds.M).toEqual({
      '1': { min: 50, max: 80 },
      '2': { min: 100, max: 100 },
      '3': { min: 150, max: 200 },
      '4': { min: 300, max: 300 },
      '5': { min: 400, max: 400 },
    });
    expect(rep.scoreCounts.R).toEqual({ '1': 2, '2': 4, '4': 3, '5': 1 });
    expect(rep.scoreCounts.F).toEqual({ '1': 3, '2': 4, '4': 2, '5': 1 });
    expect(rep.scoreCounts.M).toEqual({ '1': 2, '2': 2, '3': 3, '4': 2, '5': 1 });
    // Tiers: high u1+u2 = 700; medium u3+u4+u10 = 150+300+200 = 650;
    // low u9+u5+u6+u8+u7 = 200+100+100+80+50 = 530; total 1880.
    expect(rep.tiers.high.users).toBe(2);
    expect(rep.tiers.medium.users).toBe(3);
    expect(rep.tiers.low.users).toBe(5);
    expect(rep.tiers.high.revenue).toBe(700);
    expect(rep.tiers.medium.revenue).toBe(650);
    expect(rep.tiers.low.revenue).toBe(530);
    expect(rep.tiers.high.revenueShare).toBeCloseTo(700 / 1880, 12);
    expect(rep.tiers.medium.revenueShare).toBeCloseTo(650 / 1880, 12);
    expect(rep.tiers.low.revenueShare).toBeCloseTo(530 / 1880, 12);
    expect(
      (rep.tiers.high.revenueShare ?? 0) +
        (rep.tiers.medium.revenueShare ?? 0) +
        (rep.tiers.low.revenueShare ?? 0),
    ).toBeCloseTo(1, 12);
    // Every configured segment plus Others, zero-user segments included.
    expect(segUsers(rep)).toEqual({
      Champions: 1,
      'Potential Loyalist': 2,
      'Loyal Customers': 2,
      Promising: 0,
      'New Customers': 0,
      "Can't Lose Them": 0,
      'At Risk': 0,
      'Need Attention': 0,
      'About To Sleep': 3,
      Lost: 2,
      Others: 0,
    });
    // Segment revenue: Champions 400; PL 300+150 = 450; LC 300+100 = 400;
    // About To Sleep 100+50+80 = 230; Lost 200+200 = 400.
    expect(rep.segments.Champions.revenue).toBe(400);
    expect(rep.segments['Potential Loyalist'].revenue).toBe(450);
    expect(rep.segments['Loyal Customers'].revenue).toBe(400);
    expect(rep.segments['About To Sleep'].revenue).toBe(230);
    expect(rep.segments.Lost.revenue).toBe(400);
    // Grid (r, f): (5,5) u1; (4,4) u2,u3 → 450, avg M 225; (4,2) u4; (2,2) u5;
    // (2,1) u6,u7,u8 → 230, avg M 230/3; (1,2) u9,u10 → 400, avg M 200.
    const g = gridOf(rep);
    expect(Object.keys(g).sort()).toEqual(['1,2', '2,1', '2,2', '4,2', '4,4', '5,5']);
    expect(g['5,5']).toEqual([1, 400, 400]);
    expect(g['4,4']).toEqual([2, 450, 225]);
    expect(g['4,2']).toEqual([1, 300, 300]);
    expect(g['2,2']).toEqual([1, 100, 100]);
    expect(g['1,2']).toEqual([2, 400, 200]);
    expect(g['2,1'][0]).toBe(3);
    expect(g['2,1'][1]).toBe(230);
    expect(g['2,1'][2]).toBeCloseTo(230 / 3, 2);
  });

  it('k = 3', async () => {
    const money = await load(F1);
    const s = spec(money, { k: 3 });
    // k=3, n=10: ranks 1–4 → 1, 5–7 → 2, 8–10 → 3.
    // R ranks: u9,u10 1; u8 3; u5,u6,u7 4 → 1; u4 7 → 2; u2,u3 8 and u1 10 → 3.
    // F ranks: F1 1, F2 4 → 1; F3 8, F4 10 → 3.
    // M ranks: u7 1, u8 2, u5/u6 3 → 1; u3 5, u9/u10 6 → 2; u2/u4 8, u1 10 → 3.
    expect(rfmOf(await users(s))).toEqual({
      u1: [0, 4, 400, 3, 3, 3],
      u2: [5, 3, 300, 3, 3, 3],
      u3: [5, 3, 150, 3, 3, 2],
      u4: [10, 2, 300, 2, 1, 3],
      u5: [20, 2, 100, 1, 1, 1],
      u6: [20, 1, 100, 1, 1, 1],
      u7: [20, 1, 50, 1, 1, 1],
      u8: [60, 1, 80, 1, 1, 1],
      u9: [90, 2, 200, 1, 1, 2],
      u10: [90, 2, 200, 1, 1, 2],
    });
    const rep = await runRfm(runner, s);
    expect(rep.k).toBe(3);
    expect(rep.scoreCounts.R).toEqual({ '1': 6, '2': 1, '3': 3 });
    expect(rep.scoreCounts.F).toEqual({ '1': 7, '3': 3 });
    expect(rep.scoreCounts.M).toEqual({ '1': 4, '2': 3, '3': 3 });
    expect(rep.thresholds.R).toEqual({
      '1': { min: 20, max: 90 },
      '2': { min: 10, max: 10 },
      '3': { min: 0, max: 5 },
    });
    expect(rep.thresholds.F).toEqual({ '1': { min: 1, max: 2 }, '3': { min: 3, max: 4 } });
    expect(rep.thresholds.M).toEqual({
      '1': { min: 50, max: 100 },
      '2': { min: 150, max: 200 },
      '3': { min: 300, max: 400 },
    });
  });

  it('k = 7', async () => {
    const money = await load(F1);
    const s = spec(money, { k: 7 });
    // k=7, n=10: ranks 1,2 → 1; 3 → 2; 4,5 → 3; 6 → 4; 7,8 → 5; 9 → 6; 10 → 7.
    // R ranks: u9,u10 1 → 1; u8 3 → 2; u5,u6,u7 4 → 3; u4 7 → 5; u2,u3 8 → 5; u1 10 → 7.
    // F ranks: F1 1 → 1; F2 4 → 3; F3 8 → 5; F4 10 → 7.
    // M ranks: u7 1 → 1; u8 2 → 1; u5,u6 3 → 2; u3 5 → 3; u9,u10 6 → 4; u2,u4 8 → 5; u1 10 → 7.
    expect(rfmOf(await users(s))).toEqual({
      u1: [0, 4, 400, 7, 7, 7],
      u2: [5, 3, 300, 5, 5, 5],
      u3: [5, 3, 150, 5, 5, 3],
      u4: [10, 2, 300, 5, 3, 5],
      u5: [20, 2, 100, 3, 3, 2],
      u6: [20, 1, 100, 3, 1, 2],
      u7: [20, 1, 50, 3, 1, 1],
      u8: [60, 1, 80, 2, 1, 1],
      u9: [90, 2, 200, 1, 3, 4],
      u10: [90, 2, 200, 1, 3, 4],
    });
    const rep = await runRfm(runner, s);
    expect(rep.k).toBe(7);
    expect(rep.scoreCounts.R).toEqual({ '1': 2, '2': 1, '3': 3, '5': 3, '7': 1 });
    expect(rep.scoreCounts.F).toEqual({ '1': 3, '3': 4, '5': 2, '7': 1 });
    expect(rep.scoreCounts.M).toEqual({ '1': 2, '2': 2, '3': 1, '4': 2, '5': 2, '7': 1 });
  });

  it("monetary 'average': M = total / F; the tier tie-break uses that M; revenue stays total", async () => {
    const money = await load(F1);
    const s = spec(money, { monetary: 'average' });
    // Average M: u1 400/4 = 100, u2 300/3 = 100, u3 150/3 = 50, u4 300/2 = 150, u5 100/2 = 50,
    // u6 100, u7 50, u8 80, u9 200/2 = 100, u10 200/2 = 100.
    // M ranks (asc): 50 u3,u5,u7 → 1; 80 u8 → 4; 100 u1,u2,u6,u9,u10 → 5; 150 u4 → 10.
    // k=5 scores: 1 → 1; 4 → 1+floor(15/10) = 2; 5 → 1+floor(20/10) = 3; 10 → 5.
    // R and F scores as in k = 5 above.
    const u = await users(s);
    expect(rfmOf(u)).toEqual({
      u1: [0, 4, 100, 5, 5, 3],
      u2: [5, 3, 100, 4, 4, 3],
      u3: [5, 3, 50, 4, 4, 1],
      u4: [10, 2, 150, 4, 2, 5],
      u5: [20, 2, 50, 2, 2, 1],
      u6: [20, 1, 100, 2, 1, 3],
      u7: [20, 1, 50, 2, 1, 1],
      u8: [60, 1, 80, 2, 1, 2],
      u9: [90, 2, 100, 1, 2, 3],
      u10: [90, 2, 100, 1, 2, 3],
    });
    // Scores: u1 13, u2 11, u3 9, u4 11, u5 5, u6 6, u7 4, u8 5, u9 6, u10 6.
    // u2 and u4 tie at 11: M (average) u4 150 > u2 100 → u4 is 2nd (high), u2 3rd (medium).
    // (With the total, 300 = 300, text order would have put u2 first.)
    // Score 6: u6, u9, u10 all M 100 → text "u10" < "u6" < "u9". Score 5: u8 (80) before u5 (50).
    expect(rankOf(u)).toEqual({
      u1: [13, 1, 'high', expect.any(String)],
      u4: [11, 2, 'high', expect.any(String)],
      u2: [11, 3, 'medium', expect.any(String)],
      u3: [9, 4, 'medium', expect.any(String)],
      u10: [6, 5, 'medium', expect.any(String)],
      u6: [6, 6, 'low', expect.any(String)],
      u9: [6, 7, 'low', expect.any(String)],
      u8: [5, 8, 'low', expect.any(String)],
      u5: [5, 9, 'low', expect.any(String)],
      u7: [4, 10, 'low', expect.any(String)],
    });
    expect(Number(u.get('u1')?.revenue)).toBe(400);
    const rep = await runRfm(runner, s);
    expect(rep.monetary).toBe('average');
    expect(rep.thresholds.M).toEqual({
      '1': { min: 50, max: 50 },
      '2': { min: 80, max: 80 },
      '3': { min: 100, max: 100 },
      '5': { min: 150, max: 150 },
    });
    expect(rep.scoreCounts.M).toEqual({ '1': 3, '2': 1, '3': 5, '5': 1 });
    // Tier revenue is the total net GMV: high u1+u4 = 400+300 = 700;
    // medium u2+u3+u10 = 300+150+200 = 650; low u6+u9+u8+u5+u7 = 100+200+80+100+50 = 530.
    expect(rep.tiers.high.revenue).toBe(700);
    expect(rep.tiers.medium.revenue).toBe(650);
    expect(rep.tiers.low.revenue).toBe(530);
  });

  it('weights wR 2, wF 1, wM 0.5 change the tier order', async () => {
    const money = await load(F1);
    const s = spec(money, { weights: { R: 2, F: 1, M: 0.5 } });
    // (r,f,m) from k = 5: u1 (5,5,5) 10+5+2.5 = 17.5; u2 (4,4,4) 8+4+2 = 14;
    // u3 (4,4,3) 8+4+1.5 = 13.5; u4 (4,2,4) 8+2+2 = 12; u5 (2,2,2) 4+2+1 = 7;
    // u6 (2,1,2) 4+1+1 = 6; u7, u8 (2,1,1) 4+1+0.5 = 5.5; u9, u10 (1,2,3) 2+2+1.5 = 5.5.
    // Score 5.5: M desc u9 = u10 200 (text: u10, u9), u8 80, u7 50.
    // Now u5 (7) is medium at 5 and u10 drops to low (it was medium with weights 1).
    const u = await users(s);
    const got = Object.fromEntries(Object.entries(rankOf(u)).map(([id, v]) => [id, v.slice(0, 3)]));
    expect(got).toEqual({
      u1: [17.5, 1, 'high'],
      u2: [14, 2, 'high'],
      u3: [13.5, 3, 'medium'],
      u4: [12, 4, 'medium'],
      u5: [7, 5, 'medium'],
      u6: [6, 6, 'low'],
      u10: [5.5, 7, 'low'],
      u9: [5.5, 8, 'low'],
      u8: [5.5, 9, 'low'],
      u7: [5.5, 10, 'low'],
    });
    const rep = await runRfm(runner, s);
    // high 400+300 = 700; medium 150+300+100 = 550; low 100+200+200+80+50 = 630.
    expect(rep.tiers.high.revenue).toBe(700);
    expect(rep.tiers.medium.revenue).toBe(550);
    expect(rep.tiers.low.revenue).toBe(630);
    expect(rep.tiers.medium.revenueShare).toBeCloseTo(550 / 1880, 12);
  });

  it('custom segments: first match wins in the configured order, the rest are Others', async () => {
    const money = await load(F1);
    const s = spec(money, {
      segments: [
        { name: 'Top', R: [4, 5], F: [4, 5], M: [4, 5] },
        { name: 'Big spenders', R: [1, 5], F: [1, 5], M: [4, 5] },
        { name: 'Recent', R: [4, 5], F: [1, 5], M: [1, 5] },
      ],
    });
    // (r,f,m) from k = 5: u1 (5,5,5) Top; u2 (4,4,4) Top (also Big spenders and Recent);
    // u3 (4,4,3): M 3 fails Top and Big spenders → Recent; u4 (4,2,4): F 2 fails Top → Big
    // spenders (before Recent); u5…u10 have r ≤ 2 and m ≤ 3 → Others.
    const u = await users(s);
    expect(Object.fromEntries(Object.entries(rankOf(u)).map(([id, v]) => [id, v[3]]))).toEqual({
      u1: 'Top',
      u2: 'Top',
      u3: 'Recent',
      u4: 'Big spenders',
      u5: 'Others',
      u6: 'Others',
      u7: 'Others',
      u8: 'Others',
      u9: 'Others',
      u10: 'Others',
    });
    const rep = await runRfm(runner, s);
    expect(segUsers(rep)).toEqual({ Top: 2, 'Big spenders': 1, Recent: 1, Others: 6 });
    // Others revenue: 100+100+50+80+200+200 = 730.
    expect(rep.segments.Top.revenue).toBe(700);
    expect(rep.segments['Big spenders'].revenue).toBe(300);
    expect(rep.segments.Recent.revenue).toBe(150);
    expect(rep.segments.Others.revenue).toBe(730);
    expect(await audience(s, { segment: 'Others' })).toEqual(['u10', 'u5', 'u6', 'u7', 'u8', 'u9']);
  });

  it('audience: a tier, a segment, a grid cell (ordered by user_id as text)', async () => {
    const money = await load(F1);
    const s = spec(money);
    // From the k = 5 case: high = u1, u2; low = u9, u5, u6, u8, u7;
    // Loyal Customers = u4, u5; grid (2,1) = u6, u7, u8; grid (1,2) = u9, u10.
    expect(await audience(s, { tier: 'high' })).toEqual(['u1', 'u2']);
    expect(await audience(s, { tier: 'medium' })).toEqual(['u10', 'u3', 'u4']);
    expect(await audience(s, { tier: 'low' })).toEqual(['u5', 'u6', 'u7', 'u8', 'u9']);
    expect(await audience(s, { segment: 'Loyal Customers' })).toEqual(['u4', 'u5']);
    expect(await audience(s, { segment: 'Potential Loyalist' })).toEqual(['u2', 'u3']);
    expect(await audience(s, { segment: 'Others' })).toEqual([]);
    expect(await audience(s, { r: 2, f: 1 })).toEqual(['u6', 'u7', 'u8']);
    expect(await audience(s, { r: 1, f: 2 })).toEqual(['u10', 'u9']);
    expect(await audience(s, { r: 3, f: 3 })).toEqual([]);
    // Both conditions (medium ∩ Loyal Customers = {u3,u4,u10} ∩ {u4,u5}) → u4.
    expect(await audience(s, { tier: 'medium', segment: 'Loyal Customers' })).toEqual(['u4']);
    // The audience rows carry the user columns too.
    const [row] = await runner.all(buildRfmAudienceSql(s, { segment: 'Champions' }));
    expect(String(row.user_id)).toBe('u1');
    expect([Number(row.recency), Number(row.frequency), Number(row.monetary)]).toEqual([0, 4, 400]);
    expect([row.tier, row.segment]).toEqual(['high', 'Champions']);
  });

  it('without money (no amount column): M and m are null, score = r + f, segments ignore M', async () => {
    const money = await load(F1, false);
    expect(money).toBe(false);
    const s = spec(money);
    // Without money every order is an occasion (no refunds here anyway): F as before
    // (u4's two-row order o4b is still one order). r and f as in k = 5.
    // Scores r+f: u1 10, u2 8, u3 8, u4 6, u5 4, u6 3, u7 3, u8 3, u9 3, u10 3.
    // Ties: no M, so user_id text: u2 before u3; score 3: u10, u6, u7, u8, u9.
    // Segments with M ignored: u1 (5,5) Champions; u2, u3 (4,4) Potential Loyalist;
    // u4 (4,2), u5 (2,2) Loyal Customers; u6, u7, u8 (2,1) About To Sleep;
    // u9, u10 (1,2): At Risk (R 1–2, F 2–5) now matches → At Risk (Lost with money).
    const u = await users(s);
    expect(rfmOf(u)).toEqual({
      u1: [0, 4, null, 5, 5, null],
      u2: [5, 3, null, 4, 4, null],
      u3: [5, 3, null, 4, 4, null],
      u4: [10, 2, null, 4, 2, null],
      u5: [20, 2, null, 2, 2, null],
      u6: [20, 1, null, 2, 1, null],
      u7: [20, 1, null, 2, 1, null],
      u8: [60, 1, null, 2, 1, null],
      u9: [90, 2, null, 1, 2, null],
      u10: [90, 2, null, 1, 2, null],
    });
    expect(rankOf(u)).toEqual({
      u1: [10, 1, 'high', 'Champions'],
      u2: [8, 2, 'high', 'Potential Loyalist'],
      u3: [8, 3, 'medium', 'Potential Loyalist'],
      u4: [6, 4, 'medium', 'Loyal Customers'],
      u5: [4, 5, 'medium', 'Loyal Customers'],
      u10: [3, 6, 'low', 'At Risk'],
      u6: [3, 7, 'low', 'About To Sleep'],
      u7: [3, 8, 'low', 'About To Sleep'],
      u8: [3, 9, 'low', 'About To Sleep'],
      u9: [3, 10, 'low', 'At Risk'],
    });
    expect(u.get('u1')?.revenue ?? null).toBeNull();
    const rep = await runRfm(runner, s);
    expect(rep.buyers).toBe(10);
    expect(rep.thresholds.M).toEqual({});
    expect(rep.scoreCounts.M).toEqual({});
    expect(rep.thresholds.F).toEqual({
      '1': { min: 1, max: 1 },
      '2': { min: 2, max: 2 },
      '4': { min: 3, max: 3 },
      '5': { min: 4, max: 4 },
    });
    expect(rep.tiers).toEqual({
      high: { users: 2, revenue: null, revenueShare: null },
      medium: { users: 3, revenue: null, revenueShare: null },
      low: { users: 5, revenue: null, revenueShare: null },
    });
    expect(segUsers(rep)).toMatchObject({
      Champions: 1,
      'Potential Loyalist': 2,
      'Loyal Customers': 2,
      'About To Sleep': 3,
      'At Risk': 2,
      Lost: 0,
      Others: 0,
    });
    for (const v of Object.values(rep.segments)) expect(v.revenue).toBeNull();
    for (const c of rep.grid) {
      expect(c.revenue).toBeNull();
      expect(c.avgM).toBeNull();
    }
    expect(gridOf(rep)['1,2'][0]).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Fixture 2 (equal width, k = 5): seven buyers with one order each, so F = 1 for all (max = min
// → every F score is 1).
//   user  date        R    M
//   w1    06-30       0    0.10
//   w2    06-10      20    0.30
//   w3    06-09      21    0.70
//   w4    05-01      60    1.10
//   w5    04-30      61    0.29
//   w6    03-22     100    0.50
//   w7    04-30      61    1.10
// R: min 0, max 100 → r = min(5, 1 + floor(5·(100 − R)/100)) = min(5, 1 + floor((100 − R)/20)):
//   w1 100 → 6 → 5; w2 80 → 5 (edge); w3 79 → 4; w4 40 → 3 (edge); w5, w7 39 → 2; w6 0 → 1.
// M: min 0.10, max 1.10 → m = min(5, 1 + floor(5·(M − 0.10)/1.00)):
//   w1 0 → 1; w2 5·0.20 = 1 → 2 (edge; a float 0.30 − 0.10 = 0.1999… would give 1);
//   w3 5·0.60 = 3 → 4 (edge); w4, w7 5 → 6 → 5; w5 5·0.19 = 0.95 → 1; w6 5·0.40 = 2 → 3 (edge).
// ---------------------------------------------------------------------------------------------
const F2 = [
  buy('w1', '2024-06-30', '0.10', 'a1'),
  buy('w2', '2024-06-10', '0.30', 'a2'),
  buy('w3', '2024-06-09', '0.70', 'a3'),
  buy('w4', '2024-05-01', '1.10', 'a4'),
  buy('w5', '2024-04-30', '0.29', 'a5'),
  buy('w6', '2024-03-22', '0.50', 'a6'),
  buy('w7', '2024-04-30', '1.10', 'a7'),
];

describe('RFM equal width (fixture 2)', () => {
  it('k = 5 with values on bin edges, F all 1 (max = min)', async () => {
    const money = await load(F2);
    const s = spec(money, { method: 'equal-width' });
    const u = await users(s);
    expect(rfmOf(u)).toEqual({
      w1: [0, 1, 0.1, 5, 1, 1],
      w2: [20, 1, 0.3, 5, 1, 2],
      w3: [21, 1, 0.7, 4, 1, 4],
      w4: [60, 1, 1.1, 3, 1, 5],
      w5: [61, 1, 0.29, 2, 1, 1],
      w6: [100, 1, 0.5, 1, 1, 3],
      w7: [61, 1, 1.1, 2, 1, 5],
    });
    // Scores: w1 7, w2 8, w3 9, w4 9, w5 4, w6 5, w7 8.
    // Order: score 9 → M w4 1.10 > w3 0.70; score 8 → M w7 1.10 > w2 0.30; w1; w6; w5.
    // n = 7: high i ≤ 1.4 (w4), medium i ≤ 3.5 (w3, w7), low the rest.
    // Segments: w1 (5,1,1), w2 (5,1,2) New Customers (Promising needs R ≤ 4);
    // w3 (4,1,4), w4 (3,1,5) Promising; w5 (2,1,1) About To Sleep; w6 (1,1,3) Lost;
    // w7 (2,1,5): F 1 fails PL/LC/Can't Lose/At Risk/Need Attention, R 2 fails Promising/New/Lost,
    // M 5 fails About To Sleep (1–4) → Others.
    expect(rankOf(u)).toEqual({
      w4: [9, 1, 'high', 'Promising'],
      w3: [9, 2, 'medium', 'Promising'],
      w7: [8, 3, 'medium', 'Others'],
      w2: [8, 4, 'low', 'New Customers'],
      w1: [7, 5, 'low', 'New Customers'],
      w6: [5, 6, 'low', 'Lost'],
      w5: [4, 7, 'low', 'About To Sleep'],
    });
    const rep = await runRfm(runner, s);
    expect(rep.method).toBe('equal-width');
    expect(rep.k).toBe(5);
    expect(rep.buyers).toBe(7);
    expect(rep.thresholds.R).toEqual({
      '1': { min: 100, max: 100 },
      '2': { min: 61, max: 61 },
      '3': { min: 60, max: 60 },
      '4': { min: 21, max: 21 },
      '5': { min: 0, max: 20 },
    });
    expect(rep.thresholds.F).toEqual({ '1': { min: 1, max: 1 } });
    expect(rep.thresholds.M).toEqual({
      '1': { min: 0.1, max: 0.29 },
      '2': { min: 0.3, max: 0.3 },
      '3': { min: 0.5, max: 0.5 },
      '4': { min: 0.7, max: 0.7 },
      '5': { min: 1.1, max: 1.1 },
    });
    expect(rep.scoreCounts.R).toEqual({ '1': 1, '2': 2, '3': 1, '4': 1, '5': 2 });
    expect(rep.scoreCounts.F).toEqual({ '1': 7 });
    expect(rep.scoreCounts.M).toEqual({ '1': 2, '2': 1, '3': 1, '4': 1, '5': 2 });
    // Tier revenue: high 1.10; medium 0.70 + 1.10 = 1.80; low 0.30 + 0.10 + 0.50 + 0.29 = 1.19;
    // total 4.09.
    expect(rep.tiers.high).toMatchObject({ users: 1, revenue: 1.1 });
    expect(rep.tiers.medium).toMatchObject({ users: 2, revenue: 1.8 });
    expect(rep.tiers.low).toMatchObject({ users: 4, revenue: 1.19 });
    expect(rep.tiers.high.revenueShare).toBeCloseTo(1.1 / 4.09, 12);
    expect(rep.tiers.medium.revenueShare).toBeCloseTo(1.8 / 4.09, 12);
    expect(rep.tiers.low.revenueShare).toBeCloseTo(1.19 / 4.09, 12);
    expect(rep.segments.Others).toEqual({ users: 1, revenue: 1.1 });
    expect(rep.segments.Promising.users).toBe(2);
    expect(rep.segments['New Customers'].users).toBe(2);
    expect(await audience(s, { segment: 'Others' })).toEqual(['w7']);
  });
});

// ---------------------------------------------------------------------------------------------
// Fixture 3 (custom cuts): R [7, 30, 90] → k_R = 4; F [2] → k_F = 2; M [100, 200, 500, 1000] → k_M = 5.
//   r = 4 − #(c ≤ R); f = 1 + #(c ≤ F); m = 1 + #(c ≤ M).
//   user  orders                                   R    F   M        r  f  m
//   c1    02-01 300, 04-01 200, 06-30 500          0    3   1000     4  2  5   (M on the cut 1000)
//   c2    2023-10-01 40, 06-23 60                  7    2   100      3  2  2   (R on 7, F on 2, M on 100)
//   c3    06-24 99.99                              6    1   99.99    4  1  1
//   c4    05-31 200                                30   1   200      2  1  3   (R on 30, M on 200)
//   c5    04-01 500                                90   1   500      1  1  4   (R on 90, M on 500)
//   c6    2023-08-01 499.99, 2023-12-13 500        200  2   999.99   1  2  4
//   c7    05-30 150                                31   1   150      2  1  2
// ---------------------------------------------------------------------------------------------
const F3 = [
  buy('c1', '2024-02-01', '300', 'c1a'),
  buy('c1', '2024-04-01', '200', 'c1b'),
  buy('c1', '2024-06-30', '500', 'c1c'),
  buy('c2', '2023-10-01', '40', 'c2a'),
  buy('c2', '2024-06-23', '60', 'c2b'),
  buy('c3', '2024-06-24', '99.99', 'c3a'),
  buy('c4', '2024-05-31', '200', 'c4a'),
  buy('c5', '2024-04-01', '500', 'c5a'),
  buy('c6', '2023-08-01', '499.99', 'c6a'),
  buy('c6', '2023-12-13', '500', 'c6b'),
  buy('c7', '2024-05-30', '150', 'c7a'),
];

describe('RFM custom cuts (fixture 3)', () => {
  it('values on and between cut points, a different k per dimension, R reversed', async () => {
    const money = await load(F3);
    const s = spec(money, {
      method: 'custom',
      cuts: { R: [7, 30, 90], F: [2], M: [100, 200, 500, 1000] },
    });
    const u = await users(s);
    expect(rfmOf(u)).toEqual({
      c1: [0, 3, 1000, 4, 2, 5],
      c2: [7, 2, 100, 3, 2, 2],
      c3: [6, 1, 99.99, 4, 1, 1],
      c4: [30, 1, 200, 2, 1, 3],
      c5: [90, 1, 500, 1, 1, 4],
      c6: [200, 2, 999.99, 1, 2, 4],
      c7: [31, 1, 150, 2, 1, 2],
    });
    // Scores: c1 11, c2 7, c3 6, c4 6, c5 6, c6 7, c7 5.
    // Order: c1; score 7: M c6 999.99 > c2 100; score 6: c5 500 > c4 200 > c3 99.99; c7.
    // n = 7: high i ≤ 1.4 (c1), medium i ≤ 3.5 (c6, c2), low the rest.
    const got = Object.fromEntries(Object.entries(rankOf(u)).map(([id, v]) => [id, v.slice(0, 3)]));
    expect(got).toEqual({
      c1: [11, 1, 'high'],
      c6: [7, 2, 'medium'],
      c2: [7, 3, 'medium'],
      c5: [6, 4, 'low'],
      c4: [6, 5, 'low'],
      c3: [6, 6, 'low'],
      c7: [5, 7, 'low'],
    });
    const rep = await runRfm(runner, s);
    expect(rep.method).toBe('custom');
    expect(rep.k).toEqual({ R: 4, F: 2, M: 5 });
    expect(rep.thresholds.R).toEqual({
      '1': { min: 90, max: 200 },
      '2': { min: 30, max: 31 },
      '3': { min: 7, max: 7 },
      '4': { min: 0, max: 6 },
    });
    expect(rep.thresholds.F).toEqual({ '1': { min: 1, max: 1 }, '2': { min: 2, max: 3 } });
    expect(rep.thresholds.M).toEqual({
      '1': { min: 99.99, max: 99.99 },
      '2': { min: 100, max: 150 },
      '3': { min: 200, max: 200 },
      '4': { min: 500, max: 999.99 },
      '5': { min: 1000, max: 1000 },
    });
    expect(rep.scoreCounts.R).toEqual({ '1': 2, '2': 2, '3': 1, '4': 2 });
    expect(rep.scoreCounts.F).toEqual({ '1': 4, '2': 3 });
    expect(rep.scoreCounts.M).toEqual({ '1': 1, '2': 2, '3': 1, '4': 2, '5': 1 });
    // Revenue: high 1000; medium 999.99 + 100 = 1099.99; low 500+200+99.99+150 = 949.99;
    // total 3049.98.
    expect(rep.tiers.high.revenue).toBe(1000);
    expect(rep.tiers.medium.revenue).toBe(1099.99);
    expect(rep.tiers.low.revenue).toBe(949.99);
    expect(rep.tiers.medium.revenueShare).toBeCloseTo(1099.99 / 3049.98, 12);
    // Grid (r, f): (4,2) c1; (3,2) c2; (4,1) c3; (2,1) c4, c7; (1,1) c5; (1,2) c6.
    expect(Object.fromEntries(Object.entries(gridOf(rep)).map(([k, v]) => [k, v[0]]))).toEqual({
      '4,2': 1,
      '3,2': 1,
      '4,1': 1,
      '2,1': 2,
      '1,1': 1,
      '1,2': 1,
    });
    expect(await audience(s, { r: 2, f: 1 })).toEqual(['c4', 'c7']);
  });
});

// ---------------------------------------------------------------------------------------------
// Fixture 4 (refunds and the window), default options.
//   r1: r1a 06-01 100 refunded in full (empty amount) on 06-05 → not an occasion;
//       r1b 03-01 50 → R 121 (the refunded later order does not count for R), F 1, M 50.
//   r2: r2a 06-10 100 minus a partial refund of 30 on 06-15 → 70; r2b 06-20 25 → R 10, F 2, M 95.
//   r3: r3a 05-01 80, refund 80 on 05-02 → net 0 → no occasion → not a buyer.
//   r4: r4a 2023-07-01 (T−365) 1000 → outside; r4b 2023-07-02 (T−364) 40 → R 364, F 1, M 40.
//   r5: r5a 2024-07-01 500 (after T) ignored; r5b 06-30 20 → R 0, F 1, M 20.
//   r6: only an order after T → not a buyer.
//   r7: r7a 06-01 60, refunded in full on 07-05 (after T, ignored at T) → R 29, F 1, M 60.
//   r8: only an order at T−365 → not a buyer.
// Buyers: r1, r2, r4, r5, r7 (n = 5). With k = 5 and n = 5, score = rank:
//   R days desc: r4 364 → 1, r1 121 → 2, r7 29 → 3, r2 10 → 4, r5 0 → 5.
//   F asc: F 1 (r1, r4, r5, r7) rank 1 → 1; F 2 (r2) rank 5 → 5.
//   M asc: r5 20 → 1, r4 40 → 2, r1 50 → 3, r7 60 → 4, r2 95 → 5.
// ---------------------------------------------------------------------------------------------
const F4 = [
  buy('r1', '2024-06-01', '100', 'r1a'),
  ev('r1', '2024-06-05 10:00:00', 'refund', '', 'r1a'),
  buy('r1', '2024-03-01', '50', 'r1b'),
  buy('r2', '2024-06-10', '100', 'r2a'),
  ev('r2', '2024-06-15 10:00:00', 'refund', '30', 'r2a'),
  buy('r2', '2024-06-20', '25', 'r2b'),
  buy('r3', '2024-05-01', '80', 'r3a'),
  ev('r3', '2024-05-02 10:00:00', 'refund', '80', 'r3a'),
  buy('r4', '2023-07-01', '1000', 'r4a'),
  buy('r4', '2023-07-02', '40', 'r4b'),
  buy('r5', '2024-07-01', '500', 'r5a'),
  buy('r5', '2024-06-30', '20', 'r5b'),
  buy('r6', '2024-07-02', '70', 'r6a'),
  buy('r7', '2024-06-01', '60', 'r7a'),
  ev('r7', '2024-07-05 10:00:00', 'refund', '60', 'r7a'),
  buy('r8', '2023-07-01', '30', 'r8a'),
];

describe('RFM occasions: refunds and the 365-day window (fixture 4)', () => {
  it('full refunds are not occasions, partial refunds reduce M, T−365 and after-T orders are out', async () => {
    const money = await load(F4);
    const s = spec(money);
    const u = await users(s);
    expect(rfmOf(u)).toEqual({
      r1: [121, 1, 50, 2, 1, 3],
      r2: [10, 2, 95, 4, 5, 5],
      r4: [364, 1, 40, 1, 1, 2],
      r5: [0, 1, 20, 5, 1, 1],
      r7: [29, 1, 60, 3, 1, 4],
    });
    expect(Number(u.get('r2')?.revenue)).toBe(95);
    const rep = await runRfm(runner, s);
    expect(rep.buyers).toBe(5);
    // Total: 50 + 95 + 40 + 20 + 60 = 265.
    const tierRevenue = ['high', 'medium', 'low'] as const;
    expect(tierRevenue.reduce((a, t) => a + (rep.tiers[t].revenue ?? 0), 0)).toBeCloseTo(265, 9);
  });
});

// ---------------------------------------------------------------------------------------------
// Fixture 5 (the `stages` restriction; DOMAIN.md §2 default rules at T):
//   s1: s1a 01-01 100, s1b 06-30 100 (2 occasions → N) + member 05-01 → K.  R 0, F 2, M 200.
//   s2: s2a 02-01 50, s2b 06-20 50 → N.                                      R 10, F 2, M 100.
//   s3: 2023-09-01 100, 01-01 100, 06-10 100 → N.                            R 20, F 3, M 300.
//   s4: s4a 06-29 1000 + review 06-29: 1 occasion → I (K requires N).       R 1, F 1, M 1000.
//   s5: s5a 06-25 10 → I.                                                    R 5, F 1, M 10.
//   s6: s6a 05-01 30, s6b 06-01 40 refunded in full 06-02 → 1 occasion → I. R 60, F 1, M 30.
//   p1: cart 06-29 → P (not a buyer).
// ---------------------------------------------------------------------------------------------
const F5 = [
  buy('s1', '2024-01-01', '100', 's1a'),
  buy('s1', '2024-06-30', '100', 's1b'),
  ev('s1', '2024-05-01 10:00:00', 'member'),
  buy('s2', '2024-02-01', '50', 's2a'),
  buy('s2', '2024-06-20', '50', 's2b'),
  buy('s3', '2023-09-01', '100', 's3a'),
  buy('s3', '2024-01-01', '100', 's3b'),
  buy('s3', '2024-06-10', '100', 's3c'),
  buy('s4', '2024-06-29', '1000', 's4a'),
  ev('s4', '2024-06-29 11:00:00', 'review'),
  buy('s5', '2024-06-25', '10', 's5a'),
  buy('s6', '2024-05-01', '30', 's6a'),
  buy('s6', '2024-06-01', '40', 's6b'),
  ev('s6', '2024-06-02 10:00:00', 'refund', '', 's6b'),
  ev('p1', '2024-06-29 10:00:00', 'cart'),
];

describe('RFM within stages (fixture 5)', () => {
  it('stages N and K: only s1 (K), s2, s3 (N), scored among themselves (n = 3)', async () => {
    const money = await load(F5);
    const s = spec(money, { stages: ['N', 'K'] });
    // n = 3, k = 5: score = 1 + floor(5·(rank − 1)/3): rank 1 → 1, 2 → 1+floor(1.67) = 2,
    // 3 → 1+floor(3.33) = 4.
    // R days desc: s3 20 → 1, s2 10 → 2, s1 0 → 4. F asc: s1, s2 (2) rank 1 → 1; s3 (3) rank 3 → 4.
    // M asc: s2 100 → 1, s1 200 → 2, s3 300 → 4.
    // Scores: s1 4+1+2 = 7, s2 2+1+1 = 4, s3 1+4+4 = 9 → order s3, s1, s2.
    // n = 3: high i ≤ 0.6 → nobody; medium i ≤ 1.5 → s3; low s1, s2.
    const u = await users(s);
    expect(rfmOf(u)).toEqual({
      s1: [0, 2, 200, 4, 1, 2],
      s2: [10, 2, 100, 2, 1, 1],
      s3: [20, 3, 300, 1, 4, 4],
    });
    const got = Object.fromEntries(Object.entries(rankOf(u)).map(([id, v]) => [id, v.slice(0, 3)]));
    expect(got).toEqual({ s3: [9, 1, 'medium'], s1: [7, 2, 'low'], s2: [4, 3, 'low'] });
    const rep = await runRfm(runner, s);
    expect(rep.buyers).toBe(3);
    expect(rep.tiers.high.users).toBe(0);
    expect(rep.tiers.medium).toMatchObject({ users: 1, revenue: 300 });
    expect(rep.tiers.low).toMatchObject({ users: 2, revenue: 300 });
    expect(rep.tiers.medium.revenueShare).toBeCloseTo(0.5, 12);
    expect(rep.tiers.low.revenueShare).toBeCloseTo(0.5, 12);
  });

  it('stage I: s4, s5, s6 (the fully refunded order of s6 does not make it N)', async () => {
    const money = await load(F5);
    const s = spec(money, { stages: ['I'] });
    const u = await users(s);
    expect([...u.keys()].sort()).toEqual(['s4', 's5', 's6']);
    expect(rfmOf(u).s6.slice(0, 3)).toEqual([60, 1, 30]);
    expect(rfmOf(u).s4.slice(0, 3)).toEqual([1, 1, 1000]);
    // Unrestricted: every buyer (s1…s6), p1 is not one.
    expect((await runRfm(runner, spec(money))).buyers).toBe(6);
  });

  it('stage P only: no buyer is at P, so nobody is scored', async () => {
    const money = await load(F5);
    const s = spec(money, { stages: ['P'] });
    expect((await runner.all(buildRfmUsersSql(s))).length).toBe(0);
    const rep = await runRfm(runner, s);
    expect(rep.buyers).toBe(0);
    expect(rep.tiers.high.users + rep.tiers.medium.users + rep.tiers.low.users).toBe(0);
  });
});
