/**
 * Hand-worked tests of the DOMAIN.md §2 stage rules and the §3 asset scale
 * (src/lib/sql/analysis/stages.ts, src/lib/report/stages.ts).
 *
 * Every expected stage below was worked out by hand from the rows next to it; the reasoning is the
 * comment beside the expectation. Nothing here was copied from what the code prints.
 *
 * As-of date T = 2024-06-30 throughout. Windows (DOMAIN.md §2: "a w-day window at T is the dates
 * T−w+1 … T"):
 *   15 d (D, E1, P): 2024-06-16 … 2024-06-30   (day before: 2024-06-15)
 *   30 d (E2):       2024-06-01 … 2024-06-30   (day before: 2024-05-31)
 *   180 d (O):       2024-01-03 … 2024-06-30   (day before: 2024-01-02)
 *   365 d (I, N, K): 2023-07-02 … 2024-06-30   (day before: 2023-07-01; 2024 is a leap year)
 * Brand B sells in category C; brand X also sells in C; brand Y sells in category Z only.
 * Every brand-B row is in category C, so a B user with no brand stage but any mapped B event in the
 * last 180 days is O ("the brand's own non-qualifying events included").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { runStages } from '../../../src/lib/report/stages';
import { DEFAULT_RULES, type RuleSet, type Stage } from '../../../src/lib/sql/analysis/rules';
import { buildStageAssignmentSql } from '../../../src/lib/sql/analysis/stages';
import type { EngineApi } from '../../../src/lib/engine/types';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let api: EngineApi;
let runner: SqlRunner;

beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const T = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,source,amount,order_id,duration_s';

/** Identity action map for all 18 canonical actions (anything else, e.g. `wishlist`, is unmapped). */

/** The hand-built mapping; `amount: false` leaves the amount column unmapped. */
function mapping(opts: { amount?: boolean } = {}): Mapping {
  return {
    ...emptyMapping(),
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      category: 'category',
      source: 'source',
      ...(opts.amount === false ? {} : { amount: 'amount' }),
      order_id: 'order_id',
      duration_s: 'duration_s',
    },
    actions: IDENTITY_ACTIONS,
  };
}

interface Ev {
  brand?: string;
  category?: string;
  source?: string;
  amount?: string;
  order?: string;
  dur?: string;
}

/** One CSV line; brand B, category C, source tmall unless told. */
function ev(user: string, ts: string, action: string, o: Ev = {}): string {
  return [
    user,
    ts,
    action,
    o.brand ?? 'B',
    o.category ?? 'C',
    o.source ?? 'tmall',
    o.amount ?? '',
    o.order ?? '',
    o.dur ?? '',
  ].join(',');
}

async function prep(lines: string[], m: Mapping): Promise<CleaningReport> {
  const ds = await loadCsv(api, [HEADER, ...lines].join('\n'), 'stages.csv');
  return prepareEvents(runner, ds.table, ds.columns, m);
}

async function assign(
  rules: RuleSet,
  moneyAvailable: boolean,
  source?: string,
): Promise<Record<string, string>> {
  const rs = await runner.all(
    buildStageAssignmentSql({ brand: 'B', asOf: T, rules, moneyAvailable, source }),
  );
  const out: Record<string, string> = {};
  for (const r of rs) {
    const u = String(r.user_id);
    expect(out[u], `user ${u} has two stages`).toBeUndefined();
    out[u] = String(r.stage);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The main fixture: one user per edge. `stage: null` = no stage at T (absent from the result).
// ---------------------------------------------------------------------------------------------
interface Case {
  user: string;
  rows: string[];
  stage: Stage | null;
  /** Stage when the amount column is not mapped (every order an occasion), if different. */
  noMoney?: Stage | null;
}

const CASES: Case[] = [
  // --- D (15 d) -------------------------------------------------------------------------------
  // view on 06-16 = T−14, the first day of the 15-day window → D.
  { user: 'd_first', rows: [ev('d_first', '2024-06-16', 'view')], stage: 'D' },
  // view on 06-15 = T−15, the day before the window → no D; it is a B event in C within 180 d → O.
  { user: 'd_before', rows: [ev('d_before', '2024-06-15', 'view')], stage: 'O' },
  // click at 23:59:59 on T itself: the window ends at T inclusive → D.
  { user: 'd_onT', rows: [ev('d_onT', '2024-06-30 23:59:59', 'click')], stage: 'D' },
  // impression is a D action → D.
  { user: 'd_impr', rows: [ev('d_impr', '2024-06-27', 'impression')], stage: 'D' },
  // view on 07-01 = T+1: "events after T are ignored" (for O too) → no stage.
  { user: 'd_after', rows: [ev('d_after', '2024-07-01', 'view')], stage: null },
  // 2024-06-30 23:30 at −02:00 is 2024-07-01 01:30 UTC; "an event's date is its UTC date" → after T → none.
  { user: 'tz_late', rows: [ev('tz_late', '2024-06-30T23:30:00-02:00', 'view')], stage: null },
  // 2024-06-16 01:00 at +08:00 is 2024-06-15 17:00 UTC → the day before the 15-d window → only O.
  { user: 'tz_early', rows: [ev('tz_early', '2024-06-16T01:00:00+08:00', 'view')], stage: 'O' },

  // --- E1 (15 d) ------------------------------------------------------------------------------
  // two views on one date (different times, so not duplicates): 1 distinct day < 2 → D only.
  {
    user: 'e1_sameday',
    rows: [
      ev('e1_sameday', '2024-06-20 10:00', 'view'),
      ev('e1_sameday', '2024-06-20 18:00', 'view'),
    ],
    stage: 'D',
  },
  // views on 06-20 and 06-21: 2 distinct days in the window → E1.
  {
    user: 'e1_twodays',
    rows: [ev('e1_twodays', '2024-06-20', 'view'), ev('e1_twodays', '2024-06-21', 'view')],
    stage: 'E1',
  },
  // views on 06-15 (T−15, outside) and 06-16 (inside): only one distinct day in the window → D.
  {
    user: 'e1_edge_out',
    rows: [ev('e1_edge_out', '2024-06-15', 'view'), ev('e1_edge_out', '2024-06-16', 'view')],
    stage: 'D',
  },
  // views on 06-16 (first day) and on T: two distinct days in the window → E1.
  {
    user: 'e1_edge_in',
    rows: [ev('e1_edge_in', '2024-06-16', 'view'), ev('e1_edge_in', '2024-06-30', 'view')],
    stage: 'E1',
  },
  // search → E1.
  { user: 'e1_search', rows: [ev('e1_search', '2024-06-25', 'search')], stage: 'E1' },
  // like → E1.
  { user: 'e1_like', rows: [ev('e1_like', '2024-06-25', 'like')], stage: 'E1' },
  // search on 06-15, the day before the 15-d window → not E1, not D → O (B event in C).
  { user: 'e1_search_before', rows: [ev('e1_search_before', '2024-06-15', 'search')], stage: 'O' },

  // --- E2 (30 d) ------------------------------------------------------------------------------
  // follow on 06-01 = T−29, first day of the 30-day window → E2.
  { user: 'e2_first', rows: [ev('e2_first', '2024-06-01', 'follow')], stage: 'E2' },
  // follow on 05-31 = T−30, the day before → not E2; no other rule → O.
  { user: 'e2_before', rows: [ev('e2_before', '2024-05-31', 'follow')], stage: 'O' },
  // comment → E2.
  { user: 'e2_comment', rows: [ev('e2_comment', '2024-06-25', 'comment')], stage: 'E2' },
  // sample → E2.
  { user: 'e2_sample', rows: [ev('e2_sample', '2024-06-25', 'sample')], stage: 'E2' },
  // video, no duration: "satisfies D only" → D.
  { user: 'vid_none', rows: [ev('vid_none', '2024-06-25', 'video')], stage: 'D' },
  // video 59 s < 60 → D only.
  { user: 'vid_59', rows: [ev('vid_59', '2024-06-25', 'video', { dur: '59' })], stage: 'D' },
  // video 60 s ≥ 60 → D and E2; the deeper wins → E2.
  { user: 'vid_60', rows: [ev('vid_60', '2024-06-25', 'video', { dur: '60' })], stage: 'E2' },
  // video 60 s on 06-01 (T−29): inside E2's 30 d though outside D's 15 d → E2.
  {
    user: 'vid_60_old',
    rows: [ev('vid_60_old', '2024-06-01', 'video', { dur: '60' })],
    stage: 'E2',
  },
  // video 59 s on 06-01: outside D's 15 d, too short for E2 → only O.
  {
    user: 'vid_59_old',
    rows: [ev('vid_59_old', '2024-06-01', 'video', { dur: '59' })],
    stage: 'O',
  },
  // member alone, 5 days ago: K needs N (no purchases) → no; member is an E2 action, in 30 d → E2.
  { user: 'member_only', rows: [ev('member_only', '2024-06-25', 'member')], stage: 'E2' },
  // member 100 days ago (03-22), nothing else: outside E2's 30 d, no N for K, not a D action → O.
  { user: 'member_old', rows: [ev('member_old', '2024-03-22', 'member')], stage: 'O' },

  // --- P (15 d) -------------------------------------------------------------------------------
  { user: 'p_cart', rows: [ev('p_cart', '2024-06-25', 'cart')], stage: 'P' }, // cart → P
  { user: 'p_favorite', rows: [ev('p_favorite', '2024-06-25', 'favorite')], stage: 'P' }, // favorite → P
  { user: 'p_coupon', rows: [ev('p_coupon', '2024-06-25', 'coupon')], stage: 'P' }, // coupon → P
  { user: 'p_deposit', rows: [ev('p_deposit', '2024-06-25', 'deposit')], stage: 'P' }, // deposit → P
  // cart on 06-16 = T−14, first day → P.
  { user: 'p_first', rows: [ev('p_first', '2024-06-16', 'cart')], stage: 'P' },
  // cart on 06-15 = T−15, the day before → not P → O.
  { user: 'p_before', rows: [ev('p_before', '2024-06-15', 'cart')], stage: 'O' },
  // cart on T+1 → ignored → none.
  { user: 'p_after', rows: [ev('p_after', '2024-07-01', 'cart')], stage: null },

  // --- I / N (365 d, purchase occasions) --------------------------------------------------------
  // one order of 100 on 06-10 → exactly 1 occasion → I.
  {
    user: 'i_one',
    rows: [ev('i_one', '2024-06-10', 'purchase', { amount: '100', order: 'o1' })],
    stage: 'I',
  },
  // two orders (01-10, 06-10), both net > 0 → 2 occasions → N.
  {
    user: 'n_two',
    rows: [
      ev('n_two', '2024-01-10', 'purchase', { amount: '50', order: 'o1' }),
      ev('n_two', '2024-06-10', 'purchase', { amount: '60', order: 'o2' }),
    ],
    stage: 'N',
  },
  // two purchase rows without order_id: "absent means one order per purchase row" → 2 occasions → N.
  {
    user: 'n_noorder',
    rows: [
      ev('n_noorder', '2024-06-10', 'purchase', { amount: '10' }),
      ev('n_noorder', '2024-06-11', 'purchase', { amount: '10' }),
    ],
    stage: 'N',
  },
  // two rows of order o1 (30 + 20, different times): one order = one occasion → I.
  {
    user: 'i_sameorder',
    rows: [
      ev('i_sameorder', '2024-06-10 10:00', 'purchase', { amount: '30', order: 'o1' }),
      ev('i_sameorder', '2024-06-10 11:00', 'purchase', { amount: '20', order: 'o1' }),
    ],
    stage: 'I',
  },
  // purchase on 2023-07-02 = T−364, first day of the 365-d window → I.
  {
    user: 'i_first',
    rows: [ev('i_first', '2023-07-02', 'purchase', { amount: '10', order: 'o1' })],
    stage: 'I',
  },
  // purchase on 2023-07-01 = T−365, the day before → no occasion in window; also outside O's 180 d → none.
  {
    user: 'i_before',
    rows: [ev('i_before', '2023-07-01', 'purchase', { amount: '10', order: 'o1' })],
    stage: null,
  },
  // orders on 2023-07-01 (outside) and 2024-06-10 (inside): 1 occasion in the window → I, not N.
  {
    user: 'i_one_in_window',
    rows: [
      ev('i_one_in_window', '2023-07-01', 'purchase', { amount: '10', order: 'o1' }),
      ev('i_one_in_window', '2024-06-10', 'purchase', { amount: '10', order: 'o2' }),
    ],
    stage: 'I',
  },
  // purchase on T+1 → ignored → none.
  {
    user: 'i_after',
    rows: [ev('i_after', '2024-07-01', 'purchase', { amount: '10', order: 'o1' })],
    stage: null,
  },
  // order 80 on 06-10, refund with empty amount on 06-20 (≤ T): whole order refunded, net 0 → not
  // an occasion → no I; purchase/refund rows are B events in C within 180 d → O.
  // Without money: "refunds cancel nothing", every order is an occasion → I.
  {
    user: 'ref_full_before',
    rows: [
      ev('ref_full_before', '2024-06-10', 'purchase', { amount: '80', order: 'o1' }),
      ev('ref_full_before', '2024-06-20', 'refund', { order: 'o1' }),
    ],
    stage: 'O',
    noMoney: 'I',
  },
  // full refund dated on T itself ("refunds dated on or before it") → net 0 at T → O (I without money).
  {
    user: 'ref_full_onT',
    rows: [
      ev('ref_full_onT', '2024-06-10', 'purchase', { amount: '80', order: 'o1' }),
      ev('ref_full_onT', '2024-06-30 12:00', 'refund', { order: 'o1' }),
    ],
    stage: 'O',
    noMoney: 'I',
  },
  // full refund dated T+1: not yet effective at T → net 80 > 0 → still an occasion → I.
  {
    user: 'ref_full_after',
    rows: [
      ev('ref_full_after', '2024-06-10', 'purchase', { amount: '80', order: 'o1' }),
      ev('ref_full_after', '2024-07-01', 'refund', { order: 'o1' }),
    ],
    stage: 'I',
  },
  // order 100, refund 30 on 06-20 → net 70 > 0 → still an occasion → I.
  {
    user: 'ref_partial',
    rows: [
      ev('ref_partial', '2024-06-10', 'purchase', { amount: '100', order: 'o1' }),
      ev('ref_partial', '2024-06-20', 'refund', { amount: '30', order: 'o1' }),
    ],
    stage: 'I',
  },
  // order 100, refund exactly 100 → net 0 → not an occasion → O (I without money).
  {
    user: 'ref_exact',
    rows: [
      ev('ref_exact', '2024-06-10', 'purchase', { amount: '100', order: 'o1' }),
      ev('ref_exact', '2024-06-20', 'refund', { amount: '100', order: 'o1' }),
    ],
    stage: 'O',
    noMoney: 'I',
  },
  // two orders, o1 fully refunded on 06-10 → 1 occasion left → I (without money: 2 → N).
  {
    user: 'n_one_refunded',
    rows: [
      ev('n_one_refunded', '2024-05-01', 'purchase', { amount: '40', order: 'o1' }),
      ev('n_one_refunded', '2024-06-01', 'purchase', { amount: '40', order: 'o2' }),
      ev('n_one_refunded', '2024-06-10', 'refund', { order: 'o1' }),
    ],
    stage: 'I',
    noMoney: 'N',
  },

  // --- K (365 d, requires N) ------------------------------------------------------------------
  // N (2 orders) + member on 03-01 (in 365 d) → K.
  {
    user: 'k_member',
    rows: [
      ev('k_member', '2024-02-01', 'purchase', { amount: '10', order: 'o1' }),
      ev('k_member', '2024-05-01', 'purchase', { amount: '10', order: 'o2' }),
      ev('k_member', '2024-03-01', 'member'),
    ],
    stage: 'K',
  },
  // N + review on 2023-07-02 = T−364, the first day of K's 365-d window → K.
  {
    user: 'k_review',
    rows: [
      ev('k_review', '2024-02-01', 'purchase', { amount: '10', order: 'o1' }),
      ev('k_review', '2024-05-01', 'purchase', { amount: '10', order: 'o2' }),
      ev('k_review', '2023-07-02', 'review'),
    ],
    stage: 'K',
  },
  // N + share yesterday → K.
  {
    user: 'k_share',
    rows: [
      ev('k_share', '2024-02-01', 'purchase', { amount: '10', order: 'o1' }),
      ev('k_share', '2024-05-01', 'purchase', { amount: '10', order: 'o2' }),
      ev('k_share', '2024-06-29', 'share'),
    ],
    stage: 'K',
  },
  // N + review on 2023-07-01 = T−365, the day before K's window → K fails → N.
  {
    user: 'k_review_before',
    rows: [
      ev('k_review_before', '2024-02-01', 'purchase', { amount: '10', order: 'o1' }),
      ev('k_review_before', '2024-05-01', 'purchase', { amount: '10', order: 'o2' }),
      ev('k_review_before', '2023-07-01', 'review'),
    ],
    stage: 'N',
  },
  // member + ONE purchase: K requires N (fails); exactly 1 occasion → I, which beats E2 (member).
  {
    user: 'k_noN',
    rows: [
      ev('k_noN', '2024-06-10', 'purchase', { amount: '10', order: 'o1' }),
      ev('k_noN', '2024-06-25', 'member'),
    ],
    stage: 'I',
  },

  // --- O (180 d) and no stage -----------------------------------------------------------------
  // a review alone: review is in no D…P rule, K needs N → no brand stage; B event in C → O.
  { user: 'review_only', rows: [ev('review_only', '2024-06-25', 'review')], stage: 'O' },
  // a review 200 days ago (2023-12-13): outside O's 180 d → none.
  { user: 'review_old', rows: [ev('review_old', '2023-12-13', 'review')], stage: null },
  // a B review with an empty category: the row is in no category → not an O event → none.
  {
    user: 'review_nocat',
    rows: [ev('review_nocat', '2024-06-25', 'review', { category: '' })],
    stage: null,
  },
  // brand X view in category C (B's category) → no B stage, but a category event → O.
  { user: 'o_other', rows: [ev('o_other', '2024-06-25', 'view', { brand: 'X' })], stage: 'O' },
  // brand X purchase in C: other brands' purchases are no B occasion → O, not I.
  {
    user: 'o_other_buyer',
    rows: [
      ev('o_other_buyer', '2024-06-10', 'purchase', { brand: 'X', amount: '10', order: 'o1' }),
    ],
    stage: 'O',
  },
  // brand X view in C on 2024-01-03 = T−179, first day of the 180-d window → O.
  { user: 'o_first', rows: [ev('o_first', '2024-01-03', 'view', { brand: 'X' })], stage: 'O' },
  // brand X view in C on 2024-01-02 = T−180, the day before → none.
  { user: 'o_before', rows: [ev('o_before', '2024-01-02', 'view', { brand: 'X' })], stage: null },
  // brand X view in C on T+1 → ignored → none.
  { user: 'o_after', rows: [ev('o_after', '2024-07-01', 'view', { brand: 'X' })], stage: null },
  // brand Y in category Z only → not B's category → none.
  {
    user: 'other_cat',
    rows: [ev('other_cat', '2024-06-25', 'view', { brand: 'Y', category: 'Z' })],
    stage: null,
  },
  // an unmapped action value (`wishlist`) for B in C: "ignored everywhere (rules, O…)" → none.
  { user: 'unmapped', rows: [ev('unmapped', '2024-06-25', 'wishlist')], stage: null },

  // --- precedence K > N > I > P > E2 > E1 > D ---------------------------------------------------
  // cart (P) + one purchase (I) → I.
  {
    user: 'prec_P_I',
    rows: [
      ev('prec_P_I', '2024-06-25', 'cart'),
      ev('prec_P_I', '2024-06-10', 'purchase', { amount: '10', order: 'o1' }),
    ],
    stage: 'I',
  },
  // view (D), search (E1), follow (E2), cart (P) on one day → P.
  {
    user: 'prec_P',
    rows: ['view', 'search', 'follow', 'cart'].map((a) => ev('prec_P', '2024-06-25', a)),
    stage: 'P',
  },
  // impression (D) + like (E1) + comment (E2) → E2.
  {
    user: 'prec_E2',
    rows: ['impression', 'like', 'comment'].map((a) => ev('prec_E2', '2024-06-25', a)),
    stage: 'E2',
  },
  // B view (D) + X view in C: a brand stage exists, so not O → D.
  {
    user: 'prec_D_not_O',
    rows: [
      ev('prec_D_not_O', '2024-06-25', 'view'),
      ev('prec_D_not_O', '2024-06-25', 'view', { brand: 'X' }),
    ],
    stage: 'D',
  },
];

const LINES = CASES.flatMap((c) => c.rows);

function expected(noMoney: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of CASES) {
    const s = noMoney && c.noMoney !== undefined ? c.noMoney : c.stage;
    if (s !== null) out[c.user] = s;
  }
  return out;
}

describe('stage assignment at T (DOMAIN.md §2), default rules', () => {
  it('each user lands on the hand-worked stage', async () => {
    const rep = await prep(LINES, mapping());
    expect(rep.moneyAvailable).toBe(true); // amount mapped and non-empty on purchase rows
    expect(rep.unmappedActions).toBe(1); // the one `wishlist` row
    expect(rep.droppedDuplicates).toBe(0); // no two rows are equal in every column
    const got = await assign(DEFAULT_RULES, true);
    const exp = expected(false);
    // Per-user comparison first so that a failure names the user.
    for (const c of CASES) expect([c.user, got[c.user] ?? null]).toEqual([c.user, c.stage]);
    expect(got).toEqual(exp);
  });

  it('without an amount column every order is an occasion and refunds cancel nothing', async () => {
    const rep = await prep(LINES, mapping({ amount: false }));
    expect(rep.moneyAvailable).toBe(false); // no amount column mapped
    const got = await assign(DEFAULT_RULES, false);
    const exp = expected(true);
    for (const c of CASES) {
      const s = c.noMoney !== undefined ? c.noMoney : c.stage;
      expect([c.user, got[c.user] ?? null]).toEqual([c.user, s]);
    }
    expect(got).toEqual(exp);
  });

  it('rules are read from the rule set: a 16-day D window takes in T−15', async () => {
    await prep(LINES, mapping());
    const rules = structuredClone(DEFAULT_RULES);
    rules.D.window = 16; // dates 06-15 … 06-30
    const got = await assign(rules, true);
    expect(got.d_before).toBe('D'); // view on 06-15 now in D's window (was O)
    expect(got.tz_early).toBe('D'); // UTC date 06-15 (was O)
    expect(got.e1_edge_out).toBe('D'); // E1 still has a 15-day window: one distinct day in it → D
    expect(got.e1_search_before).toBe('O'); // search is not a D action; E1 window unchanged
    expect(got.d_first).toBe('D'); // unchanged
  });
});

// ---------------------------------------------------------------------------------------------
// runStages: counts, share, AIPL, per-source stages, cross-platform users (DOMAIN.md §3)
// ---------------------------------------------------------------------------------------------
describe('runStages (DOMAIN.md §3 asset scale)', () => {
  const D = (s: string) => ({ source: s });
  const SRC = [
    // s1: tmall view (D in tmall), douyin cart (P in douyin) → union P; brand events from 2 sources
    // in 365 d → cross-platform.
    ev('s1', '2024-06-25', 'view', D('tmall')),
    ev('s1', '2024-06-26', 'cart', D('douyin')),
    // s2: one tmall order → I (union, tmall); one source → not cross-platform.
    ev('s2', '2024-06-10', 'purchase', { source: 'tmall', amount: '100', order: 'a2' }),
    // s3: tmall views on two dates → E1.
    ev('s3', '2024-06-20', 'view', D('tmall')),
    ev('s3', '2024-06-21', 'view', D('tmall')),
    // s4: one order in tmall, one in douyin → union N (2 occasions); per source I and I; cross-platform.
    ev('s4', '2024-03-01', 'purchase', { source: 'tmall', amount: '50', order: 'a4' }),
    ev('s4', '2024-06-01', 'purchase', { source: 'douyin', amount: '50', order: 'b4' }),
    // s5: two tmall orders + tmall member → K (union, tmall).
    ev('s5', '2024-02-01', 'purchase', { source: 'tmall', amount: '30', order: 'a5' }),
    ev('s5', '2024-05-01', 'purchase', { source: 'tmall', amount: '30', order: 'b5' }),
    ev('s5', '2024-06-01', 'member', D('tmall')),
    // s6: douyin follow → E2; tmall review on 2023-09-04 (T−300): no tmall stage (outside 180 d),
    // but it is a brand event in the 365 d → 2 sources → cross-platform.
    ev('s6', '2024-06-20', 'follow', D('douyin')),
    ev('s6', '2023-09-04', 'review', D('tmall')),
    // s7: reviews in tmall and douyin → O everywhere; O is not D…K → not cross-platform.
    ev('s7', '2024-06-01', 'review', D('tmall')),
    ev('s7', '2024-06-02', 'review', D('douyin')),
    // s8: tmall view → D; douyin view on 2023-05-27 (T−400): outside every window, and outside the
    // 365 d of the cross-platform test → not cross-platform; no douyin stage.
    ev('s8', '2024-06-25', 'view', D('tmall')),
    ev('s8', '2023-05-27', 'view', D('douyin')),
    // s9: douyin impression → D (union, douyin).
    ev('s9', '2024-06-28', 'impression', D('douyin')),
    // s10: tmall order c10 fully refunded by a douyin refund row (refunds link across sources) →
    // no occasion anywhere → union O; tmall O (purchase row); douyin O (refund row).
    ev('s10', '2024-06-20', 'purchase', { source: 'tmall', amount: '50', order: 'c10' }),
    ev('s10', '2024-06-25', 'refund', { source: 'douyin', order: 'c10' }),
    // s11: brand X view in C from source jd → union O; jd is not one of B's sources → not in bySource.
    ev('s11', '2024-06-25', 'view', { brand: 'X', source: 'jd' }),
  ];

  it('counts, share, AIPL, bySource and cross-platform users', async () => {
    const rep = await prep(SRC, mapping());
    expect(rep.moneyAvailable).toBe(true);
    const r = await runStages(runner, {
      brand: 'B',
      asOf: T,
      rules: DEFAULT_RULES,
      moneyAvailable: rep.moneyAvailable,
    });
    // Union: O = s7, s10, s11; D = s8, s9; E1 = s3; E2 = s6; P = s1; I = s2; N = s4; K = s5.
    expect(r.counts).toEqual({ O: 3, D: 2, E1: 1, E2: 1, P: 1, I: 1, N: 1, K: 1 });
    // Staged D…K = 2+1+1+1+1+1+1 = 8 (O shown apart): D 2/8, every other stage 1/8.
    expect(r.share).toEqual({
      D: 2 / 8,
      E1: 1 / 8,
      E2: 1 / 8,
      P: 1 / 8,
      I: 1 / 8,
      N: 1 / 8,
      K: 1 / 8,
    });
    // A = D = 2; I = E1 + E2 + P = 3; P = I = 1; L = N + K = 2.
    expect(r.aipl).toEqual({ A: 2, I: 3, P: 1, L: 2 });
    expect(Object.keys(r.bySource).sort()).toEqual(['douyin', 'tmall']); // B's sources only (no jd)
    // tmall rows only: O = s7 (review), s10 (purchase, refunded); D = s1, s8; E1 = s3; I = s2, s4
    // (one tmall order each); K = s5; s6's tmall review is outside 180 d; s9 has no tmall rows.
    expect(r.bySource.tmall).toEqual({ O: 2, D: 2, E1: 1, E2: 0, P: 0, I: 2, N: 0, K: 1 });
    // douyin rows only: O = s7, s10 (refund row); D = s9; E2 = s6; P = s1; I = s4 (order b4);
    // s8's douyin view is outside every window.
    expect(r.bySource.douyin).toEqual({ O: 2, D: 1, E1: 0, E2: 1, P: 1, I: 1, N: 0, K: 0 });
    // D…K users with brand events from ≥ 2 sources in 2023-07-02 … 2024-06-30: s1, s4, s6
    // (s7 is O; s8's douyin view is 400 days old).
    expect(r.crossPlatformUsers).toBe(3);
  });

  it('per-source assignment: s1 is D in tmall, P in douyin, P in the union', async () => {
    await prep(SRC, mapping());
    expect((await assign(DEFAULT_RULES, true)).s1).toBe('P');
    expect((await assign(DEFAULT_RULES, true, 'tmall')).s1).toBe('D');
    expect((await assign(DEFAULT_RULES, true, 'douyin')).s1).toBe('P');
  });
});
