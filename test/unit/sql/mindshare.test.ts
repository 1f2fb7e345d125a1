/**
 * Hand-worked tests of DOMAIN.md §5 mindshare, category spending power and the DeEP asset value
 * (src/lib/report/mindshare.ts). Every expected number was worked out by hand from the rows next to
 * it (the reasoning is in the comments); nothing was copied from what the code prints.
 *
 * As-of date T = 2024-06-30. Windows (DOMAIN.md §2: "a w-day window at T is the dates T−w+1 … T"):
 *   15 d (mindshare; D, E1, P): 2024-06-16 … 2024-06-30   (T−15 = 2024-06-15 is out)
 *   30 d (E2):                  2024-06-01 … 2024-06-30
 *   180 d (O):                  2024-01-03 … 2024-06-30
 *   365 d (I, N, K, GMV):       2023-07-02 … 2024-06-30   (T−365 = 2023-07-01 is out; leap year)
 *
 * Brands: A (the chosen brand), B, and rows with an empty brand. Categories:
 *   A's rows carry C and E → A's categories = {C, E} (a set of two).
 *   B sells in C and in Q; Q is not one of A's categories.
 * The mapping maps the 18 canonical action names only, so the raw value `remove_from_cart` is
 * unmapped and ignored everywhere.
 *
 * Counting rules used below (DOMAIN.md §5): per stage s, over the users of s at T, in 06-16 … 06-30,
 * brandEvents = A's mapped non-impression rows in C or E; categoryEvents = every mapped
 * non-impression row in C or E, any brand (empty included). Purchase and refund rows are mapped
 * non-impression events and count like any other. Rows with an empty category are in no category.
 * Spending power: net GMV (as of T) of purchase occasions (net > 0) of any brand in C or E dated
 * 2023-07-02 … 2024-06-30, summed over the users of s, ÷ the number of users of s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import { runMindshare, type MindshareReport } from '../../../src/lib/report/mindshare';
import { DEFAULT_RULES } from '../../../src/lib/sql/analysis/rules';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const T = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,amount,order_id';

function mapping(opts: { amount?: boolean } = {}): Mapping {
  return {
    ...emptyMapping(),
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      category: 'category',
      ...(opts.amount === false ? {} : { amount: 'amount' }),
      order_id: 'order_id',
    },
    // canonical names only: `remove_from_cart` maps to nothing
    actions: IDENTITY_ACTIONS,
  };
}

/** One CSV line: user, timestamp, action, brand ('' = empty), category ('' = empty), amount, order. */
const r = (u: string, ts: string, a: string, b: string, c: string, amt = '', o = ''): string =>
  [u, ts, a, b, c, amt, o].join(',');

/** Rows grouped per user, so a variant can leave a user out. */
const USERS: Record<string, string[]> = {
  // ----------------------------------------------------------------------------------- D (3 users)
  // d1: A view (C) 06-20 is a D action in 15 d; no A search/like, views on one date only → D.
  //   counted: A view 06-20 [brand+cat], B view 06-21 [cat], B search 06-22 [cat] → brand 1, cat 3.
  //   excluded: A impression 06-23 and B impression 06-24 (impressions are not counted).
  //   GMV: B order b1 of 100.01 in C on 2024-03-01 (in 365 d) → 100.01.
  d1: [
    r('d1', '2024-06-20 10:00:00', 'view', 'A', 'C'),
    r('d1', '2024-06-21 10:00:00', 'view', 'B', 'C'),
    r('d1', '2024-06-22 10:00:00', 'search', 'B', 'C'),
    r('d1', '2024-06-23 10:00:00', 'impression', 'A', 'C'),
    r('d1', '2024-06-24 10:00:00', 'impression', 'B', 'C'),
    r('d1', '2024-03-01 10:00:00', 'purchase', 'B', 'C', '100.01', 'b1'),
  ],
  // d2: A view (C) on 06-16 = T−14, first day of the window → D (rule D) and counted;
  //   A click on 06-15 = T−15 → outside both D's window and the mindshare window, not counted;
  //   empty-brand view (C) 06-25 → category event [cat]. → brand 1, cat 2. GMV 0 (zero spender).
  d2: [
    r('d2', '2024-06-16 10:00:00', 'view', 'A', 'C'),
    r('d2', '2024-06-15 10:00:00', 'click', 'A', 'C'),
    r('d2', '2024-06-25 10:00:00', 'view', '', 'C'),
  ],
  // d3: only an A impression (C) 06-25 → D (impression is a D action); the `remove_from_cart` row is
  //   unmapped → ignored. → brand 0, cat 0 (adds nothing to the D totals). GMV 0.
  d3: [
    r('d3', '2024-06-25 10:00:00', 'impression', 'A', 'C'),
    r('d3', '2024-06-26 10:00:00', 'remove_from_cart', 'A', 'C'),
  ],
  // D totals: brand 1+1+0 = 2, cat 3+2+0 = 5 → mindshare 2/5 = 0.4 (a ratio of totals; the mean of
  //   the defined per-user ratios would be (1/3+1/2)/2 ≈ 0.4167).
  //   Spending power: (100.01 + 0 + 0) / 3 = 33.33666… → 33.34.

  // ---------------------------------------------------------------------------------- E1 (2 users)
  // e1a: A search (C) 06-18 → E1 (rule E1: search). A like (E) 06-19: E is A's category [brand+cat].
  //   empty-brand comment (E) 06-22 [cat]. B cart in Q 06-20: Q is not A's category → in neither.
  //   A review with an empty category 06-21: an A event but in no category → in neither (and review
  //   is no D…P action; K needs N).
  //   → brand 2, cat 3. GMV: B order bq of 500 is in Q → excluded → 0.
  e1a: [
    r('e1a', '2024-06-18 10:00:00', 'search', 'A', 'C'),
    r('e1a', '2024-06-19 10:00:00', 'like', 'A', 'E'),
    r('e1a', '2024-06-20 10:00:00', 'cart', 'B', 'Q'),
    r('e1a', '2024-06-21 10:00:00', 'review', 'A', ''),
    r('e1a', '2024-06-22 10:00:00', 'comment', '', 'E'),
    r('e1a', '2024-05-01 10:00:00', 'purchase', 'B', 'Q', '500', 'bq'),
  ],
  // e1b: A views (C) on 06-17 and 06-24, two distinct dates in 15 d → E1 (rule E1: views ≥ 2 days).
  //   → brand 2, cat 2. A view 07-01 is after T (ignored); B view 06-10 is before the window.
  //   GMV: B order b2 of 40 on 2023-07-02 = T−364 (in); B order b3 of 1000 on 2023-07-01 = T−365
  //   (out, older than 365 days) → 40.
  e1b: [
    r('e1b', '2024-06-17 10:00:00', 'view', 'A', 'C'),
    r('e1b', '2024-06-24 10:00:00', 'view', 'A', 'C'),
    r('e1b', '2024-07-01 10:00:00', 'view', 'A', 'C'),
    r('e1b', '2024-06-10 10:00:00', 'view', 'B', 'C'),
    r('e1b', '2023-07-02 10:00:00', 'purchase', 'B', 'C', '40', 'b2'),
    r('e1b', '2023-07-01 10:00:00', 'purchase', 'B', 'C', '1000', 'b3'),
  ],
  // E1 totals: brand 4, cat 5 → 0.8. Spending power (0 + 40) / 2 = 20.

  // ----------------------------------------------------------------------------------- E2 (1 user)
  // e2a: A follow (C) 06-05: in E2's 30 d (06-01 …), outside 15 d → E2 (beats D from the A
  //   impression 06-20). Counted in 15 d: the impression is excluded and `remove_from_cart` is
  //   unmapped → brand 0, cat 0 → mindshare null (the only E2 user).
  //   GMV: B order b6 of 300 in C on 2024-01-15 → 300; spending power 300 / 1 = 300, but a null
  //   mindshare adds 0 to the DeEP value.
  e2a: [
    r('e2a', '2024-06-05 10:00:00', 'follow', 'A', 'C'),
    r('e2a', '2024-06-20 10:00:00', 'impression', 'A', 'C'),
    r('e2a', '2024-06-21 10:00:00', 'remove_from_cart', 'A', 'C'),
    r('e2a', '2024-01-15 10:00:00', 'purchase', 'B', 'C', '300', 'b6'),
  ],

  // ------------------------------------------------------------------------------------ P (2 users)
  // p1: A cart + A favorite (C) on 06-28 → P (rule P). B cart, B view (C) 06-29 → brand 2, cat 4.
  //   GMV: B order b7 of 120 (06-01) with a partial refund of 20 (06-10) → net 100 as of T.
  p1: [
    r('p1', '2024-06-28 10:00:00', 'cart', 'A', 'C'),
    r('p1', '2024-06-28 11:00:00', 'favorite', 'A', 'C'),
    r('p1', '2024-06-29 10:00:00', 'cart', 'B', 'C'),
    r('p1', '2024-06-29 11:00:00', 'view', 'B', 'C'),
    r('p1', '2024-06-01 10:00:00', 'purchase', 'B', 'C', '120', 'b7'),
    r('p1', '2024-06-10 10:00:00', 'refund', 'B', 'C', '20', 'b7'),
  ],
  // p2: A coupon (E) 06-20 → P. empty-brand view (E) 06-21 → brand 1, cat 2. GMV 0.
  p2: [
    r('p2', '2024-06-20 10:00:00', 'coupon', 'A', 'E'),
    r('p2', '2024-06-21 10:00:00', 'view', '', 'E'),
  ],
  // P totals: brand 3, cat 6 → 0.5. Spending power (100 + 0) / 2 = 50.

  // ------------------------------------------------------------------------------------ I (2 users)
  // i1: A order a9 of 80 (C) on 06-20: exactly one A occasion in 365 d → I (rule I). The purchase
  //   row is a mapped non-impression A event in C in the window [brand+cat]; B order b9 of 70 (C)
  //   on 06-25 [cat]. → brand 1, cat 2. GMV 80 + 70 = 150 (both brands count).
  i1: [
    r('i1', '2024-06-20 10:00:00', 'purchase', 'A', 'C', '80', 'a9'),
    r('i1', '2024-06-25 10:00:00', 'purchase', 'B', 'C', '70', 'b9'),
  ],
  // i2: A order a10 of 60 (E) on 02-01 → one occasion → I (review is a K action but K needs N).
  //   A review (E) 06-25 → brand 1, cat 1. GMV 60.
  i2: [
    r('i2', '2024-02-01 10:00:00', 'purchase', 'A', 'E', '60', 'a10'),
    r('i2', '2024-06-25 10:00:00', 'review', 'A', 'E'),
  ],
  // I totals: brand 2, cat 3 → 2/3. Spending power (150 + 60) / 2 = 105.

  // ------------------------------------------------------------------------------------- N (1 user)
  // n1: A orders a11a (50, 03-01) and a11b (two lines 30 + 20 on 06-26) → 2 occasions → N (rule N;
  //   no member/review/share → not K). In the window: the two a11b rows [brand+cat ×2], B view 06-27
  //   and B like 06-28 [cat ×2] → brand 2, cat 4 → 0.5. GMV 50 + 50 = 100.
  n1: [
    r('n1', '2024-03-01 10:00:00', 'purchase', 'A', 'C', '50', 'a11a'),
    r('n1', '2024-06-26 10:00:00', 'purchase', 'A', 'C', '30', 'a11b'),
    r('n1', '2024-06-26 11:00:00', 'purchase', 'A', 'C', '20', 'a11b'),
    r('n1', '2024-06-27 10:00:00', 'view', 'B', 'C'),
    r('n1', '2024-06-28 10:00:00', 'like', 'B', 'C'),
  ],

  // ------------------------------------------------------------------------------------- K (1 user)
  // k1: A orders a12a (40, 01-10) and a12b (60, 04-10) → N; A member 06-29 → K (rule K).
  //   In the window: A member [brand+cat], B share 06-29 [cat] → brand 1, cat 2 → 0.5.
  //   GMV: 40 + 60; B order b12 (90, 05-05) fully refunded (empty amount) on 05-06 → net 0, not an
  //   occasion → 100.
  k1: [
    r('k1', '2024-01-10 10:00:00', 'purchase', 'A', 'C', '40', 'a12a'),
    r('k1', '2024-04-10 10:00:00', 'purchase', 'A', 'C', '60', 'a12b'),
    r('k1', '2024-06-29 10:00:00', 'member', 'A', 'C'),
    r('k1', '2024-06-29 11:00:00', 'share', 'B', 'C'),
    r('k1', '2024-05-05 10:00:00', 'purchase', 'B', 'C', '90', 'b12'),
    r('k1', '2024-05-06 10:00:00', 'refund', 'B', 'C', '', 'b12'),
  ],

  // ------------------------------------------------------------------------------------ O (3 users)
  // o1: only B events in C (view 06-20, search 06-21) → no A stage, category event in 180 d → O.
  //   → brand 0, cat 2. GMV: B order b13 of 250 in C on 04-01 → 250.
  o1: [
    r('o1', '2024-06-20 10:00:00', 'view', 'B', 'C'),
    r('o1', '2024-06-21 10:00:00', 'search', 'B', 'C'),
    r('o1', '2024-04-01 10:00:00', 'purchase', 'B', 'C', '250', 'b13'),
  ],
  // o2: only an empty-brand view (E) 06-25 → a category event → O. → brand 0, cat 1. GMV 0.
  o2: [r('o2', '2024-06-25 10:00:00', 'view', '', 'E')],
  // o3: only an A review (C) on 03-01: no brand stage, A's own event in C within 180 d → O.
  //   Outside the 15-day window → brand 0, cat 0. GMV 0.
  o3: [r('o3', '2024-03-01 10:00:00', 'review', 'A', 'C')],
  // O totals: brand 0, cat 3 → mindshare 0 (not null). Spending power (250 + 0 + 0) / 3 = 83.33…
  //   → 83.33.

  // ---------------------------------------------------------------------------------- no stage
  // x1: B order of 999 in C on 2023-08-01: in 365 d but outside O's 180 d → no stage → its GMV is in
  //   no stage's spending power.
  x1: [r('x1', '2023-08-01 10:00:00', 'purchase', 'B', 'C', '999', 'bx')],
  // q1: B view in Q only → not in A's categories → no stage.
  q1: [r('q1', '2024-06-20 10:00:00', 'view', 'B', 'Q')],
};

// DeEP asset value = Σ mindshare × users × spending power (unrounded spending power; null → 0):
//   O  0   × 3 × 83.333…   = 0
//   D  0.4 × 3 × 33.33666… = 0.4 × 100.01 = 40.004
//   E1 0.8 × 2 × 20        = 32
//   E2 null                → 0
//   P  0.5 × 2 × 50        = 50
//   I  2/3 × 2 × 105       = 140
//   N  0.5 × 1 × 100       = 50
//   K  0.5 × 1 × 100       = 50
//   Σ = 362.004 → 362.00. (With the ROUNDED D spending power 33.34: 0.4 × 3 × 33.34 = 40.008 →
//   362.008 → 362.01, which the test rejects.)

type Exp = {
  brandEvents: number;
  categoryEvents: number;
  mindshare: number | null;
  spendingPower: number | null;
};
const EXPECTED: MindshareReport['byStage'] = {
  O: { brandEvents: 0, categoryEvents: 3, mindshare: 0, spendingPower: 83.33 },
  D: { brandEvents: 2, categoryEvents: 5, mindshare: 2 / 5, spendingPower: 33.34 },
  E1: { brandEvents: 4, categoryEvents: 5, mindshare: 4 / 5, spendingPower: 20 },
  E2: { brandEvents: 0, categoryEvents: 0, mindshare: null, spendingPower: 300 },
  P: { brandEvents: 3, categoryEvents: 6, mindshare: 3 / 6, spendingPower: 50 },
  I: { brandEvents: 2, categoryEvents: 3, mindshare: 2 / 3, spendingPower: 105 },
  N: { brandEvents: 2, categoryEvents: 4, mindshare: 2 / 4, spendingPower: 100 },
  K: { brandEvents: 1, categoryEvents: 2, mindshare: 1 / 2, spendingPower: 100 },
};
const STAGES = ['O', 'D', 'E1', 'E2', 'P', 'I', 'N', 'K'] as const;

async function prep(users: string[], m: Mapping, name: string): Promise<CleaningReport> {
  const lines = users.flatMap((u) => USERS[u]);
  const ds = await loadCsv(api, [HEADER, ...lines].join('\n'), name);
  return prepareEvents(runner, ds.table, ds.columns, m);
}

function checkStage(stage: string, got: Exp, exp: Exp): void {
  expect([stage, got.brandEvents, got.categoryEvents]).toEqual([
    stage,
    exp.brandEvents,
    exp.categoryEvents,
  ]);
  if (exp.mindshare === null) expect([stage, got.mindshare]).toEqual([stage, null]);
  else expect(got.mindshare, `mindshare ${stage}`).toBeCloseTo(exp.mindshare, 12);
  // spending power is reported rounded to 2 decimals: compare exactly
  expect([stage, got.spendingPower]).toEqual([stage, exp.spendingPower]);
}

describe('mindshare, spending power and DeEP asset value (DOMAIN.md §5)', () => {
  it('counts, ratios of totals, spending power and the DeEP value, worked by hand', async () => {
    const rep = await prep(Object.keys(USERS), mapping(), 'mindshare.csv');
    expect(rep.moneyAvailable).toBe(true);
    expect(rep.unmappedActions).toBe(2); // the two `remove_from_cart` rows (d3, e2a)
    const m = await runMindshare(runner, {
      brand: 'A',
      asOf: T,
      rules: DEFAULT_RULES,
      moneyAvailable: rep.moneyAvailable,
    });
    for (const s of STAGES) checkStage(s, m.byStage[s], EXPECTED[s]);
    expect(m.deepAssetValue).toBe(362);
  });

  it('a stage with no users: null mindshare and null spending power; DeEP without it', async () => {
    // Leave k1 out: K has 0 users → brandEvents 0, categoryEvents 0, mindshare null, spending power
    // null. Every other stage is unchanged (k1's rows touch no other user; A keeps C from other rows).
    // DeEP = 362.004 − 50 = 312.004 → 312.00 (rounded-D-spending-power variant: 312.008 → 312.01).
    const rep = await prep(
      Object.keys(USERS).filter((u) => u !== 'k1'),
      mapping(),
      'mindshare-nok.csv',
    );
    const m = await runMindshare(runner, {
      brand: 'A',
      asOf: T,
      rules: DEFAULT_RULES,
      moneyAvailable: rep.moneyAvailable,
    });
    const exp = {
      ...EXPECTED,
      K: { brandEvents: 0, categoryEvents: 0, mindshare: null, spendingPower: null },
    };
    for (const s of STAGES) checkStage(s, m.byStage[s], exp[s]);
    expect(m.deepAssetValue).toBe(312);
  });

  it('without an amount column: spending power and DeEP value are null, mindshare unchanged', async () => {
    // No amount mapped → money metrics unavailable. Stages do not change: every A order was already
    // an occasion (no A refunds), and B's refunds do not touch A's stages; the refund rows (06-10,
    // 05-06) are outside the 15-day window, so every count is as above.
    const rep = await prep(Object.keys(USERS), mapping({ amount: false }), 'mindshare-nomoney.csv');
    expect(rep.moneyAvailable).toBe(false);
    const m = await runMindshare(runner, {
      brand: 'A',
      asOf: T,
      rules: DEFAULT_RULES,
      moneyAvailable: rep.moneyAvailable,
    });
    for (const s of STAGES) checkStage(s, m.byStage[s], { ...EXPECTED[s], spendingPower: null });
    expect(m.deepAssetValue).toBeNull();
  });
});
