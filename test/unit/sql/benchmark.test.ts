/**
 * Hand-worked tests of the DOMAIN.md §5 benchmark (src/lib/report/benchmark.ts). The fixture is
 * generated with loops; each group's rows are stated next to it, and every expected number below
 * was worked out by hand from those rows (nothing was copied from what the code prints).
 *
 * T1 = from = 2024-06-15, T2 = to = as-of T = 2024-06-30. Windows (DOMAIN.md §2):
 *   at T1: 15 d = 06-01 … 06-15; at T2: 15 d = 06-16 … 06-30.
 *   GMV contribution (§4): orders dated in (T1, T2] = 06-16 … 06-30, each in the stage its buyer had
 *   on the day before the order's date; share = stage GMV ÷ all of the brand's GMV in the period
 *   (the "none (new)" bucket included in the total).
 * Rank for progression: none 0, O 1, D 2, E1 3, E2 4, P 5, I 6, N 7, K 8.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import {
  runBenchmark,
  type BenchmarkReport,
  type BenchmarkStage,
} from '../../../src/lib/report/benchmark';
import { DEFAULT_RULES } from '../../../src/lib/sql/analysis/rules';
import { runFlow } from '../../../src/lib/report/flow';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const T1 = '2024-06-15';
const T2 = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,amount,order_id';

function mapping(opts: { amount?: boolean; category?: boolean } = {}): Mapping {
  return {
    ...emptyMapping(),
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      ...(opts.category === false ? {} : { category: 'category' }),
      ...(opts.amount === false ? {} : { amount: 'amount' }),
      order_id: 'order_id',
    },
    actions: IDENTITY_ACTIONS,
  };
}

/** One CSV line (10:00 UTC on the given date). */
const r = (u: string, d: string, a: string, b: string, c: string, amt = '', o = ''): string =>
  [u, `${d} 10:00:00`, a, b, c, amt, o].join(',');

/** `n` users `${prefix}${i}`, each with the rows `rows(id)`. */
function group(prefix: string, n: number, rows: (u: string) => string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(...rows(`${prefix}${i}`));
  return out;
}

async function prep(lines: string[], m: Mapping, name: string): Promise<CleaningReport> {
  const ds = await loadCsv(api, [HEADER, ...lines].join('\n'), name);
  return prepareEvents(runner, ds.table, ds.columns, m);
}

// ---------------------------------------------------------------------------------------------
// Main fixture
// ---------------------------------------------------------------------------------------------
const MAIN: string[] = [
  // ---- Brand A, category C (the chosen brand) -------------------------------------------------
  // A1 ×60: view 06-10, view 06-20. T1: D (one view in 06-01…06-15). T2: D (one view in
  //   06-16…06-30, one date only → not E1). D → D: stayed.
  ...group('a1_', 60, (u) => [
    r(u, '2024-06-10', 'view', 'A', 'C'),
    r(u, '2024-06-20', 'view', 'A', 'C'),
  ]),
  // A2 ×40: view 06-20. T1: none. T2: D. (new entrants: in no progression rate)
  ...group('a2_', 40, (u) => [r(u, '2024-06-20', 'view', 'A', 'C')]),
  // A3 ×30: view 06-10, cart 06-25. T1: D. T2: P (cart in 15 d; the view is out of T2's window).
  //   D → P: deepened.
  ...group('a3_', 30, (u) => [
    r(u, '2024-06-10', 'view', 'A', 'C'),
    r(u, '2024-06-25', 'cart', 'A', 'C'),
  ]),
  // A4 ×20: cart 06-12, order of 100 on 06-20. T1: P. T2: I (one occasion). P → I: deepened.
  //   Order 06-20: stage on 06-19 = P (cart 06-12 in 06-05…06-19; no occasion yet) → P bucket 100.
  ...group('a4_', 20, (u) => [
    r(u, '2024-06-12', 'cart', 'A', 'C'),
    r(u, '2024-06-20', 'purchase', 'A', 'C', '100', `o_${u}`),
  ]),
  // A5 ×10: only an order of 50 on 06-20. T1: none. T2: I. Stage on 06-19: none → none bucket 50.
  ...group('a5_', 10, (u) => [r(u, '2024-06-20', 'purchase', 'A', 'C', '50', `o_${u}`)]),
  // A at T2: D 60+40 = 100, P 30, I 20+10 = 30 → D…K = 160.
  // A at T1: D 60+30 = 90 (30 deepened), P 20 (20 deepened).
  //   progression D = 30/90 = 1/3, P = 20/20 = 1; other stages: no users at T1 → null.
  // A GMV in (T1, T2]: P 20×100 = 2000, none 10×50 = 500, total 2500 → P share 0.8, others 0.

  // ---- Brand B, category C --------------------------------------------------------------------
  // B1 ×80: view 06-10, view 06-20. T1 D, T2 D: stayed.
  ...group('b1_', 80, (u) => [
    r(u, '2024-06-10', 'view', 'B', 'C'),
    r(u, '2024-06-20', 'view', 'B', 'C'),
  ]),
  // B2 ×40: view 06-10, search 06-22. T1 D, T2 E1: deepened.
  ...group('b2_', 40, (u) => [
    r(u, '2024-06-10', 'view', 'B', 'C'),
    r(u, '2024-06-22', 'search', 'B', 'C'),
  ]),
  // B3 ×80: search 06-12, search 06-22. T1 E1, T2 E1: stayed.
  ...group('b3_', 80, (u) => [
    r(u, '2024-06-12', 'search', 'B', 'C'),
    r(u, '2024-06-22', 'search', 'B', 'C'),
  ]),
  // B4 ×20: view 06-10, order of 30 on 06-20. T1 D, T2 I: deepened.
  //   Stage on 06-19 = D (view 06-10 in 06-05…06-19) → D bucket 30.
  ...group('b4_', 20, (u) => [
    r(u, '2024-06-10', 'view', 'B', 'C'),
    r(u, '2024-06-20', 'purchase', 'B', 'C', '30', `o_${u}`),
  ]),
  // B5 ×10: search 06-12, order of 40 on 06-25. T1 E1, T2 I: deepened.
  //   Stage on 06-24 = E1 (search 06-12 in 06-10…06-24) → E1 bucket 40.
  ...group('b5_', 10, (u) => [
    r(u, '2024-06-12', 'search', 'B', 'C'),
    r(u, '2024-06-25', 'purchase', 'B', 'C', '40', `o_${u}`),
  ]),
  // B at T2: D 80, E1 40+80 = 120, I 20+10 = 30 → D…K = 230 (qualifies).
  // B at T1: D 80+40+20 = 140 (60 deepened), E1 80+10 = 90 (10 deepened).
  //   progression D = 60/140 = 3/7, E1 = 10/90 = 1/9.
  // B GMV: D 20×30 = 600, E1 10×40 = 400, total 1000 → D 0.6, E1 0.4.

  // ---- Brand Y, category C: exactly 100 users → qualifies (≥ 100) -------------------------------
  // Y ×100: view 06-20. T1 none, T2 D. Share D = 100/100 = 1. No user at T1 → no progression
  //   rate defined; no GMV → excluded from the GMV-share average.
  ...group('y_', 100, (u) => [r(u, '2024-06-20', 'view', 'Y', 'C')]),

  // ---- Brand X, category C: 99 users → too small, not averaged ---------------------------------
  // X ×99: view 06-20. T2 D (99 staged users < 100). T1 none.
  ...group('x_', 99, (u) => [r(u, '2024-06-20', 'view', 'X', 'C')]),

  // ---- Brand Z, category Q only: 300 users, but no row in C → not averaged ---------------------
  ...group('z_', 300, (u) => [r(u, '2024-06-20', 'view', 'Z', 'Q')]),
];

// Brands averaged with A chosen: A (160), B (230), Y (100) → ['A', 'B', 'Y'].
// Shares at T2:
//   A: D 100/160, P 30/160, I 30/160;  B: D 80/230, E1 120/230, I 30/230;  Y: D 1.
const SA = { D: 100 / 160, E1: 0, E2: 0, P: 30 / 160, I: 30 / 160, N: 0, K: 0 };
const SB = { D: 80 / 230, E1: 120 / 230, E2: 0, P: 0, I: 30 / 230, N: 0, K: 0 };
const SY = { D: 1, E1: 0, E2: 0, P: 0, I: 0, N: 0, K: 0 };
const SX = { D: 1, E1: 0, E2: 0, P: 0, I: 0, N: 0, K: 0 }; // X: 99/99 at D
const BSTAGES = ['D', 'E1', 'E2', 'P', 'I', 'N', 'K'] as const;
type BS = (typeof BSTAGES)[number];
// avgShare = (A + B + Y) / 3: D (0.625 + 8/23 + 1)/3, E1 (12/23)/3 = 4/23, E2 0, P 0.1875/3 =
//   0.0625, I (0.1875 + 3/23)/3, N 0, K 0.
const AVG_SHARE = Object.fromEntries(
  BSTAGES.map((s) => [s, (SA[s] + SB[s] + SY[s]) / 3]),
) as Record<BS, number>;
// Progression means over the brands whose rate is defined:
//   D: A 1/3, B 3/7 (Y undefined) → (1/3 + 3/7)/2 = 8/21; E1: B only → 1/9; P: A only → 1;
//   E2, I, N, K: no brand has users there at T1 → null.
const AVG_PROG: Record<BS, number | null> = {
  D: 8 / 21,
  E1: 1 / 9,
  E2: null,
  P: 1,
  I: null,
  N: null,
  K: null,
};
// GMV-share means over A and B (Y has no GMV in the period: excluded):
//   D (0 + 0.6)/2 = 0.3, E1 (0 + 0.4)/2 = 0.2, P (0.8 + 0)/2 = 0.4, E2/I/N/K 0.
const AVG_GMV: Record<BS, number> = { D: 0.3, E1: 0.2, E2: 0, P: 0.4, I: 0, N: 0, K: 0 };

function close(label: string, got: number | null, exp: number | null, digits = 12): void {
  if (exp === null) expect([label, got]).toEqual([label, null]);
  else {
    expect(got, label).not.toBeNull();
    expect(got, label).toBeCloseTo(exp, digits);
  }
}

function checkStage(s: string, got: BenchmarkStage, exp: Partial<BenchmarkStage>): void {
  for (const k of Object.keys(exp) as (keyof BenchmarkStage)[])
    close(`${s}.${k}`, got[k], exp[k] as number | null, k === 'index' ? 9 : 12);
}

const run = (brand: string, money: boolean, period = true): Promise<BenchmarkReport> =>
  runBenchmark(runner, {
    brand,
    asOf: T2,
    ...(period ? { from: T1, to: T2 } : {}),
    rules: DEFAULT_RULES,
    moneyAvailable: money,
  });

describe('benchmark (DOMAIN.md §5), hand-worked', () => {
  it('a flow the caller already has gives the same benchmark as computing it again', async () => {
    const rep = await prep(MAIN, mapping(), 'bench.csv');
    const spec = { from: T1, to: T2, rules: DEFAULT_RULES, moneyAvailable: rep.moneyAvailable };
    for (const brand of ['A', 'X']) {
      const brandFlow = await runFlow(runner, { ...spec, brand });
      const reused = await runBenchmark(runner, { ...spec, brand, asOf: T2, brandFlow });
      expect(reused).toEqual(await run(brand, rep.moneyAvailable));
    }
  });

  it('chosen brand A: shares, indexes, progression and GMV shares against the category average', async () => {
    const rep = await prep(MAIN, mapping(), 'bench.csv');
    expect(rep.moneyAvailable).toBe(true);
    const b = await run('A', rep.moneyAvailable);
    expect(b.reason).toBeNull();
    expect(b.minUsers).toBe(100);
    expect(b.brands).toEqual(['A', 'B', 'Y']); // X 99 < 100; Z not in C
    expect(b.candidates).toEqual(['A', 'B', 'X', 'Y']); // every brand with rows in C
    expect(b.byStage).not.toBeNull();
    const st = b.byStage!;
    expect(Object.keys(st).sort()).toEqual([...BSTAGES].sort()); // D…K only, no O
    const A_PROG: Record<BS, number | null> = {
      D: 1 / 3,
      E1: null,
      E2: null,
      P: 1,
      I: null,
      N: null,
      K: null,
    };
    const A_GMV: Record<BS, number> = { D: 0, E1: 0, E2: 0, P: 0.8, I: 0, N: 0, K: 0 };
    for (const s of BSTAGES)
      checkStage(s, st[s], {
        brandShare: SA[s],
        avgShare: AVG_SHARE[s],
        // index = A share ÷ avg share × 100; null where the average is 0 (E2, N, K).
        // D: avg = (5/8 + 8/23 + 1)/3 = 121/184 → (5/8)/(121/184) × 100 = 11500/121 ≈ 95.04;
        // E1: 0 / (4/23) × 100 = 0; P: 0.1875 / 0.0625 × 100 = 300;
        // I: avg = (3/16 + 3/23)/3 = 39/368 → (3/16)/(39/368) × 100 = 2300/13 ≈ 176.92.
        index: AVG_SHARE[s] === 0 ? null : (SA[s] / AVG_SHARE[s]) * 100,
        brandProgression: A_PROG[s],
        avgProgression: AVG_PROG[s],
        brandGmvShare: A_GMV[s],
        avgGmvShare: AVG_GMV[s],
      });
    // spot values written out by hand
    expect(st.P.index).toBeCloseTo(300, 9);
    expect(st.D.index).toBeCloseTo(11500 / 121, 9);
    expect(st.I.index).toBeCloseTo(2300 / 13, 9);
    expect(st.E1.index).toBe(0);
    expect(st.E2.index).toBeNull();
    expect(st.E1.avgShare).toBeCloseTo(4 / 23, 12);
    expect(st.D.avgProgression).toBeCloseTo(8 / 21, 12);
  });

  it('chosen brand B (qualifies): its own figures beside the same averages', async () => {
    const rep = await prep(MAIN, mapping(), 'bench-b.csv');
    const b = await run('B', rep.moneyAvailable);
    expect(b.reason).toBeNull();
    expect(b.brands).toEqual(['A', 'B', 'Y']); // B's categories = {C}: the same set
    const st = b.byStage!;
    const B_PROG: Record<BS, number | null> = {
      D: 3 / 7,
      E1: 1 / 9,
      E2: null,
      P: null,
      I: null,
      N: null,
      K: null,
    };
    const B_GMV: Record<BS, number> = { D: 0.6, E1: 0.4, E2: 0, P: 0, I: 0, N: 0, K: 0 };
    for (const s of BSTAGES)
      checkStage(s, st[s], {
        brandShare: SB[s],
        avgShare: AVG_SHARE[s],
        // E1: (12/23) / (4/23) × 100 = 300; P: 0 / 0.0625 × 100 = 0.
        index: AVG_SHARE[s] === 0 ? null : (SB[s] / AVG_SHARE[s]) * 100,
        brandProgression: B_PROG[s],
        avgProgression: AVG_PROG[s],
        brandGmvShare: B_GMV[s],
        avgGmvShare: AVG_GMV[s],
      });
    expect(st.E1.index).toBeCloseTo(300, 9);
  });

  it('a chosen brand that does not qualify (X, 99 users) is shown but not averaged', async () => {
    const rep = await prep(MAIN, mapping(), 'bench-x.csv');
    const b = await run('X', rep.moneyAvailable);
    expect(b.reason).toBeNull();
    expect(b.brands).toEqual(['A', 'B', 'Y']); // X's categories = {C}; X itself < 100
    const st = b.byStage!;
    for (const s of BSTAGES)
      checkStage(s, st[s], {
        brandShare: SX[s], // 99/99 at D
        avgShare: AVG_SHARE[s],
        // D: 1 / (121/184) × 100 = 18400/121 ≈ 152.07
        index: AVG_SHARE[s] === 0 ? null : (SX[s] / AVG_SHARE[s]) * 100,
        brandProgression: null, // X has no user at T1
        avgProgression: AVG_PROG[s],
        avgGmvShare: AVG_GMV[s],
        // brandGmvShare of a brand with no GMV in the period is not asserted (see report).
      });
  });

  it('without from/to: shares only; progression and GMV shares are null', async () => {
    const rep = await prep(MAIN, mapping(), 'bench-noperiod.csv');
    const b = await run('A', rep.moneyAvailable, false);
    expect(b.brands).toEqual(['A', 'B', 'Y']);
    const st = b.byStage!;
    for (const s of BSTAGES)
      checkStage(s, st[s], {
        brandShare: SA[s],
        avgShare: AVG_SHARE[s],
        brandProgression: null,
        avgProgression: null,
        brandGmvShare: null,
        avgGmvShare: null,
      });
  });

  it('without money (no amount column): GMV shares null, the rest unchanged', async () => {
    // No refunds in the fixture, so "every order an occasion" changes no stage.
    const rep = await prep(MAIN, mapping({ amount: false }), 'bench-nomoney.csv');
    expect(rep.moneyAvailable).toBe(false);
    const b = await run('A', rep.moneyAvailable);
    expect(b.brands).toEqual(['A', 'B', 'Y']);
    const st = b.byStage!;
    for (const s of BSTAGES)
      checkStage(s, st[s], {
        brandShare: SA[s],
        avgShare: AVG_SHARE[s],
        brandProgression: s === 'D' ? 1 / 3 : s === 'P' ? 1 : null,
        avgProgression: AVG_PROG[s],
        brandGmvShare: null,
        avgGmvShare: null,
      });
  });
});

describe('benchmark: when there is no average (reason)', () => {
  it("'one-brand': a file with one brand", async () => {
    // A ×150 views in C on 06-20 (D at T2) — big enough, but no second brand.
    const lines = group('a_', 150, (u) => [r(u, '2024-06-20', 'view', 'A', 'C')]);
    const rep = await prep(lines, mapping(), 'one-brand.csv');
    const b = await run('A', rep.moneyAvailable);
    expect(b.reason).toBe('one-brand');
    expect(b.byStage).toBeNull();
    expect(b.minUsers).toBe(100);
  });

  it("'one-brand': the other brand sells only in another category", async () => {
    // A ×150 in C; Z ×300 in Q only → A's categories {C} hold one brand.
    const lines = [
      ...group('a_', 150, (u) => [r(u, '2024-06-20', 'view', 'A', 'C')]),
      ...group('z_', 300, (u) => [r(u, '2024-06-20', 'view', 'Z', 'Q')]),
    ];
    const rep = await prep(lines, mapping(), 'one-brand-2.csv');
    const b = await run('A', rep.moneyAvailable);
    expect(b.reason).toBe('one-brand');
    expect(b.byStage).toBeNull();
  });

  it("'no-category': no category column mapped", async () => {
    const rep = await prep(MAIN, mapping({ category: false }), 'no-cat.csv');
    const b = await run('A', rep.moneyAvailable);
    expect(b.reason).toBe('no-category');
    expect(b.byStage).toBeNull();
  });

  it("'no-category': the chosen brand's rows all have an empty category", async () => {
    // W ×150 views with an empty category; A and B in C as usual → W has no category value.
    const lines = [...MAIN, ...group('w_', 150, (u) => [r(u, '2024-06-20', 'view', 'W', '')])];
    const rep = await prep(lines, mapping(), 'no-cat-2.csv');
    const b = await run('W', rep.moneyAvailable);
    expect(b.reason).toBe('no-category');
    expect(b.byStage).toBeNull();
  });

  it("'too-small': no brand in the category has 100 staged users", async () => {
    // A ×50 and B ×60 views in C on 06-20 → D 50 and D 60 at T2, both < 100.
    const lines = [
      ...group('a_', 50, (u) => [r(u, '2024-06-20', 'view', 'A', 'C')]),
      ...group('b_', 60, (u) => [r(u, '2024-06-20', 'view', 'B', 'C')]),
    ];
    const rep = await prep(lines, mapping(), 'too-small.csv');
    const b = await run('A', rep.moneyAvailable);
    expect(b.reason).toBe('too-small');
    expect(b.byStage).toBeNull();
    expect(b.brands).toEqual([]);
  });
});
