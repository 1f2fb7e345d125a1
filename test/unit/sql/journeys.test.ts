/**
 * Hand-worked tests of DOMAIN.md §6 "Journeys to the first purchase" (src/lib/sql/analysis/
 * journeys.ts, src/lib/report/journeys.ts), plus invariants on the demo data. Every expected value
 * was worked out by hand from the rows next to it (reasoning in the comments); nothing was copied
 * from what the code prints.
 *
 * T1 = 2024-06-15, T2 = 2024-06-30: the period (T1, T2] is 2024-06-16 … 06-30.
 * L = 15 days, so the previous period is (2024-05-31, 2024-06-15] = 06-01 … 06-15, as of 06-15.
 * A journey window is the 30 days ending on the purchase date: purchase date − 29 … purchase date
 * (e.g. for 06-20: 05-22 … 06-20; 05-21 = date − 30 is out), events strictly before the purchase ts.
 * Default classes (DOMAIN.md §6): D impression/click/view/video; E1 search/like or views on ≥ 2
 * dates; E2 follow/member/comment/share/sample or video ≥ 60 s; P cart/favorite/coupon/deposit.
 * Brand B is analysed; brand X's rows must be ignored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import { foldSankey, runJourneys, type JourneysReport } from '../../../src/lib/report/journeys';
import {
  JOURNEY_TYPES,
  buildJourneyExamplesSql,
  buildJourneyPathsSql,
  buildJourneyUsersSql,
  previousJourneySpec,
  type JourneySpec,
} from '../../../src/lib/sql/analysis/journeys';
import { buildOrderNetSql } from '../../../src/lib/sql/analysis/events';
import { buildStageAssignmentSql } from '../../../src/lib/sql/analysis/stages';
import { DEFAULT_RULES, type RuleSet } from '../../../src/lib/sql/analysis/rules';
import { inlineParams } from '../../../src/lib/sql/params';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { loadCsv, makeRunner, rows, IDENTITY_ACTIONS, loadDemoEvents } from './runner';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const T1 = '2024-06-15';
const T2 = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,amount,order_id,duration_s';

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
      duration_s: 'duration_s',
    },
    actions: IDENTITY_ACTIONS,
  };
}

interface Ev {
  brand?: string;
  amount?: string;
  order?: string;
  dur?: string;
}

/** One CSV line; brand B, category C unless told. */
const ev = (user: string, ts: string, action: string, o: Ev = {}): string =>
  [user, ts, action, o.brand ?? 'B', 'C', o.amount ?? '', o.order ?? '', o.dur ?? ''].join(',');
const buy = (user: string, ts: string, amount: string, order: string): string =>
  ev(user, ts, 'purchase', { amount, order });

const ROWS: string[] = [
  // ------------------------------------------------------------------ instant (3 current buyers)
  // ins1: buys 06-20 10:00 (100). A view on 05-21 = purchase date − 30 is outside the window; the
  //   view 08:00 and cart 09:00 on the purchase day are in the window but not before the purchase
  //   DAY → instant. Sankey: D at the 08:00 view, P at the 09:00 cart → D>P>I.
  ev('ins1', '2024-05-21 10:00:00', 'view'),
  ev('ins1', '2024-06-20 08:00:00', 'view'),
  ev('ins1', '2024-06-20 09:00:00', 'cart'),
  buy('ins1', '2024-06-20 10:00:00', '100', 'ins1a'),
  // ins2: buys 06-18 (50) with no event before → instant, path I. Buys again 06-28 (25): that
  //   second occasion makes ins2 a repeat buyer too; its window (05-30 … 06-28) holds only the
  //   06-18 purchase row (no class) and ins2's stage at T2 is N (2 occasions) → path N.
  buy('ins2', '2024-06-18 12:00:00', '50', 'ins2a'),
  buy('ins2', '2024-06-28 12:00:00', '25', 'ins2b'),
  // xb1: only brand X events before (and an X order in March, which is not a B order) → instant
  //   for B, path I, GMV 10. Not a repeat buyer (the X order does not count for B).
  ev('xb1', '2024-03-01 10:00:00', 'purchase', { brand: 'X', amount: '99', order: 'xb1x' }),
  ev('xb1', '2024-06-10 10:00:00', 'view', { brand: 'X' }),
  ev('xb1', '2024-06-11 10:00:00', 'cart', { brand: 'X' }),
  buy('xb1', '2024-06-20 10:00:00', '10', 'xb1a'),
  // -------------------------------------------------------------- penetrative (4 current buyers)
  // pen1: buys 06-24 (25); window 05-26 … 06-24. The search on 05-26 (date − 29) is in → E1; the
  //   cart on 05-25 (date − 30) is out → no P. E1 only → penetrative; path E1>I.
  ev('pen1', '2024-05-25 10:00:00', 'cart'),
  ev('pen1', '2024-05-26 10:00:00', 'search'),
  buy('pen1', '2024-06-24 10:00:00', '25', 'pen1a'),
  // pen2: view 06-10 (D); a cart at exactly the purchase's second (06-19 10:00:00, earlier in the
  //   file) is NOT before the purchase → no P → penetrative (20); path D>I.
  ev('pen2', '2024-06-10 10:00:00', 'view'),
  ev('pen2', '2024-06-19 10:00:00', 'cart'),
  buy('pen2', '2024-06-19 10:00:00', '20', 'pen2a'),
  // vid59: a 59 s video is D only (E2 needs ≥ 60 s) → penetrative (30); path D>I.
  ev('vid59', '2024-06-20 10:00:00', 'video', { dur: '59' }),
  buy('vid59', '2024-06-21 10:00:00', '30', 'vid59a'),
  // v1d: two views on ONE date (06-18) → D but not E1 (views need 2 distinct dates) → penetrative
  //   (40); path D>I.
  ev('v1d', '2024-06-18 10:00:00', 'view'),
  ev('v1d', '2024-06-18 11:00:00', 'view'),
  buy('v1d', '2024-06-21 10:00:00', '40', 'v1d1'),
  // --------------------------------------------------------------- longChain (4 current buyers)
  // vid60: a 60 s video is D and E2 at the same event → longChain (35); the tie goes shallow-first
  //   → path D>E2>I.
  ev('vid60', '2024-06-20 10:00:00', 'video', { dur: '60' }),
  buy('vid60', '2024-06-21 10:00:00', '35', 'vid60a'),
  // v2d: view 06-18 10:00 (D), cart 06-18 12:00 (P), view 06-19 (views on a 2nd date → E1 reached
  //   here, not at the first view) → longChain (45); path D>P>E1>I.
  ev('v2d', '2024-06-18 10:00:00', 'view'),
  ev('v2d', '2024-06-18 12:00:00', 'cart'),
  ev('v2d', '2024-06-19 10:00:00', 'view'),
  buy('v2d', '2024-06-21 10:00:00', '45', 'v2d1'),
  // lng1: impression 06-01 (D), follow 06-05 (E2), cart 06-10 (P), buys 06-25 (300; window
  //   05-27 … 06-25); refund of 100 on 06-27 → net 200 as of T2. longChain; path D>E2>P>I.
  ev('lng1', '2024-06-01 10:00:00', 'impression'),
  ev('lng1', '2024-06-05 10:00:00', 'follow'),
  ev('lng1', '2024-06-10 10:00:00', 'cart'),
  buy('lng1', '2024-06-25 10:00:00', '300', 'lng1a'),
  ev('lng1', '2024-06-27 10:00:00', 'refund', { amount: '100', order: 'lng1a' }),
  // lng2: a cart and a search at the same second (06-12 09:00:00), the cart first in the file:
  //   ties go by ts then file order → P reached before E1 → path P>E1>I. E1 and P → longChain (15).
  ev('lng2', '2024-06-12 09:00:00', 'cart'),
  ev('lng2', '2024-06-12 09:00:00', 'search'),
  buy('lng2', '2024-06-23 10:00:00', '15', 'lng2a'),
  // -------------------------------------------------------------- shortChain (1 current buyer)
  // sht1: follow 06-20 (E2), cart 06-21 (P), no D/E1 → shortChain (55); path E2>P>I.
  ev('sht1', '2024-06-20 10:00:00', 'follow'),
  ev('sht1', '2024-06-21 10:00:00', 'cart'),
  buy('sht1', '2024-06-22 10:00:00', '55', 'sht1a'),
  // -------------------------------------------------------------------- other (2 current buyers)
  // oth1: only a review before → other (65); path I.
  ev('oth1', '2024-06-10 10:00:00', 'review'),
  buy('oth1', '2024-06-20 10:00:00', '65', 'oth1a'),
  // ref1: order r1 on 06-05 (80) fully refunded on 06-06 (empty amount) → net 0, not an occasion;
  //   order r2 on 06-20 (60) is the first-ever occasion → first-time buyer in the period. Its
  //   window holds the 06-05 purchase row and 06-06 refund row: before the purchase day, no class
  //   → other (60); path I.
  buy('ref1', '2024-06-05 10:00:00', '80', 'r1'),
  ev('ref1', '2024-06-06 10:00:00', 'refund', { order: 'r1' }),
  buy('ref1', '2024-06-20 10:00:00', '60', 'r2'),
  // ------------------------------------------------------------------------------------ repeat
  // rep1: first order 2024-03-01 (before T1) → the 06-20 (30) and 06-26 (40) orders are repeat
  //   occasions (GMV 70). First repeat occasion 06-20: the cart 06-19 → P; stage at T2 is N (3
  //   occasions, no member/review/share) → path P>N.
  buy('rep1', '2024-03-01 10:00:00', '20', 'rep1a'),
  ev('rep1', '2024-06-19 10:00:00', 'cart'),
  buy('rep1', '2024-06-20 10:00:00', '30', 'rep1b'),
  buy('rep1', '2024-06-26 10:00:00', '40', 'rep1c'),
  // rep2: first 05-01, repeat 06-22 (50); a member event 06-25 (after the purchase, outside the
  //   window) makes the stage at T2 K (N holds + member) → path K.
  buy('rep2', '2024-05-01 10:00:00', '15', 'rep2a'),
  buy('rep2', '2024-06-22 10:00:00', '50', 'rep2b'),
  ev('rep2', '2024-06-25 10:00:00', 'member'),
  // ------------------------------------------------------------------ previous period (06-01 … 06-15)
  // prv1: view 06-05, first order 06-10 (40) → previous first-time buyer, penetrative (D).
  //   Now: the 06-20 order (60) is a repeat occasion; its window (05-22 … 06-20) has the 06-05
  //   view (D) and the 06-10 purchase row; stage at T2 N → path D>N.
  ev('prv1', '2024-06-05 10:00:00', 'view'),
  buy('prv1', '2024-06-10 10:00:00', '40', 'prv1a'),
  buy('prv1', '2024-06-20 10:00:00', '60', 'prv1b'),
  // prv2: first order 06-12 (70), nothing before → previous instant.
  buy('prv2', '2024-06-12 10:00:00', '70', 'prv2a'),
  // prv3: first 04-01, repeat 06-14 (20) → previous repeat buyer.
  buy('prv3', '2024-04-01 10:00:00', '10', 'prv3a'),
  buy('prv3', '2024-06-14 10:00:00', '20', 'prv3b'),
  // prv4: order 06-08 (90) fully refunded 06-20: as of T1 (06-15) the refund is not yet effective
  //   → previous instant (90); as of T2 it is no occasion → no current buyer at all.
  buy('prv4', '2024-06-08 10:00:00', '90', 'prv4a'),
  ev('prv4', '2024-06-20 10:00:00', 'refund', { order: 'prv4a' }),
];

async function prep(lines: string[], m: Mapping, name: string): Promise<CleaningReport> {
  const ds = await loadCsv(api, [HEADER, ...lines].join('\n'), name);
  return prepareEvents(runner, ds.table, ds.columns, m);
}

const spec = (moneyAvailable: boolean, rules: RuleSet = DEFAULT_RULES): JourneySpec => ({
  brand: 'B',
  from: T1,
  to: T2,
  rules,
  moneyAvailable,
});

/** user → [journey, steps] of the first-time buyers. */
async function users(s: JourneySpec): Promise<Record<string, [string, string | null]>> {
  const out: Record<string, [string, string | null]> = {};
  for (const r of await runner.all(buildJourneyUsersSql(s)))
    out[String(r.user_id)] = [String(r.journey), r.steps === null ? null : String(r.steps)];
  return out;
}

const ids = async (s: JourneySpec, cls: Parameters<typeof buildJourneyExamplesSql>[1], n = 20) =>
  (await runner.all(buildJourneyExamplesSql(s, cls, n))).map((r) => String(r.user_id));

describe('journeys with money', () => {
  let rep: JourneysReport;
  beforeAll(async () => {
    const c = await prep(ROWS, mapping(), 'journeys.csv');
    expect(c.moneyAvailable).toBe(true);
    rep = await runJourneys(runner, spec(true));
  });

  it('classifies each first-time buyer and orders the classes first reached', async () => {
    // Reasoning per user is next to their rows above.
    expect(await users(spec(true))).toEqual({
      ins1: ['instant', 'D>P'],
      ins2: ['instant', null],
      xb1: ['instant', null],
      pen1: ['penetrative', 'E1'],
      pen2: ['penetrative', 'D'],
      vid59: ['penetrative', 'D'],
      v1d: ['penetrative', 'D'],
      vid60: ['longChain', 'D>E2'],
      v2d: ['longChain', 'D>P>E1'],
      lng1: ['longChain', 'D>E2>P'],
      lng2: ['longChain', 'P>E1'],
      sht1: ['shortChain', 'E2>P'],
      oth1: ['other', null],
      ref1: ['other', null],
    });
  });

  it('counts buyers, GMV and shares per journey', () => {
    // instant ins1 100 + ins2 50 + xb1 10 = 160; longChain vid60 35 + v2d 45 + lng1 200 (300 − 100
    // refunded) + lng2 15 = 295; shortChain sht1 55; penetrative pen1 25 + pen2 20 + vid59 30 +
    // v1d 40 = 115; other oth1 65 + ref1 60 = 125. 3 + 4 + 1 + 4 + 2 = 14 first-time buyers.
    expect(rep.firstTimeBuyers).toBe(14);
    expect(rep.byType).toEqual({
      instant: { buyers: 3, gmv: 160, share: 3 / 14 },
      longChain: { buyers: 4, gmv: 295, share: 4 / 14 },
      shortChain: { buyers: 1, gmv: 55, share: 1 / 14 },
      penetrative: { buyers: 4, gmv: 115, share: 4 / 14 },
      other: { buyers: 2, gmv: 125, share: 2 / 14 },
    });
  });

  it('counts repeat buyers and the GMV of all their repeat occasions', () => {
    // rep1 30 + 40 (two occasions), rep2 50, ins2 25, prv1 60 → 4 users, 205.
    expect(rep.repeat).toEqual({ buyers: 4, gmv: 205 });
  });

  it('evaluates the previous period as of its own end and the change against it', () => {
    // Previous (06-01 … 06-15, as of 06-15): prv1 penetrative 40; prv2 instant 70; prv4 instant 90
    // (its refund is effective only 06-20); ref1's 06-05 order is refunded by 06-06 → no occasion.
    // Repeat: prv3's 06-14 order (20).
    expect(rep.previous).toEqual({
      from: '2024-05-31',
      to: '2024-06-15',
      byType: {
        instant: { buyers: 2, gmv: 160, share: 2 / 3 },
        longChain: { buyers: 0, gmv: 0, share: 0 },
        shortChain: { buyers: 0, gmv: 0, share: 0 },
        penetrative: { buyers: 1, gmv: 40, share: 1 / 3 },
        other: { buyers: 0, gmv: 0, share: 0 },
      },
      repeat: { buyers: 1, gmv: 20 },
    });
    // instant 3 vs 2 → +1, +50 %; GMV 160 vs 160 → 0, 0. longChain 4 vs 0 → rel null.
    // penetrative 4 vs 1 → +3, 300 %; GMV 115 vs 40 → +75, 1.875. repeat 4 vs 1, 205 vs 20.
    expect(rep.change).toEqual({
      byType: {
        instant: { buyers: 1, buyersRel: 0.5, gmv: 0, gmvRel: 0 },
        longChain: { buyers: 4, buyersRel: null, gmv: 295, gmvRel: null },
        shortChain: { buyers: 1, buyersRel: null, gmv: 55, gmvRel: null },
        penetrative: { buyers: 3, buyersRel: 3, gmv: 75, gmvRel: 1.875 },
        other: { buyers: 2, buyersRel: null, gmv: 125, gmvRel: null },
      },
      repeat: { buyers: 3, buyersRel: 3, gmv: 185, gmvRel: 9.25 },
    });
  });

  it('aggregates Sankey paths in SQL; totals per end node match the tables', async () => {
    // First-time (→ I): I ×4 (ins2, xb1, oth1, ref1), D>I ×3 (pen2, vid59, v1d), one each of
    // D>P>I, E1>I, D>E2>I, D>P>E1>I, D>E2>P>I, P>E1>I, E2>P>I. Repeat: D>N (prv1), P>N (rep1),
    // K (rep2), N (ins2).
    const got = await runner.all(buildJourneyPathsSql(spec(true)));
    const byPath = Object.fromEntries(got.map((r) => [String(r.path), Number(r.buyers)]));
    expect(byPath).toEqual({
      I: 4,
      'D>I': 3,
      'D>P>I': 1,
      'E1>I': 1,
      'D>E2>I': 1,
      'D>P>E1>I': 1,
      'D>E2>P>I': 1,
      'P>E1>I': 1,
      'E2>P>I': 1,
      'D>N': 1,
      'P>N': 1,
      K: 1,
      N: 1,
    });
    // Top 12 of the 13 paths, by buyers then path text: I 4, D>I 3, then the 1s in text
    // order D>E2>I, D>E2>P>I, D>N, D>P>E1>I, D>P>I, E1>I, E2>P>I, K, N, P>E1>I; P>N is folded.
    // The default, 20, keeps all 13 paths.
    expect(rep.sankey.paths).toHaveLength(13);
    const top12 = await runJourneys(runner, { ...spec(true), topPaths: 12 });
    const total = 18; // 14 first-time + 4 repeat
    expect(top12.sankey.total).toBe(total);
    expect(top12.sankey.paths).toEqual(
      [
        ['I', 4],
        ['D>I', 3],
        ['D>E2>I', 1],
        ['D>E2>P>I', 1],
        ['D>N', 1],
        ['D>P>E1>I', 1],
        ['D>P>I', 1],
        ['E1>I', 1],
        ['E2>P>I', 1],
        ['K', 1],
        ['N', 1],
        ['P>E1>I', 1],
        ['other>N', 1],
      ].map(([p, n]) => ({
        steps: String(p).split('>'),
        buyers: n,
        share: Number(n) / total,
      })),
    );
    const endSum = (ends: string[]) =>
      top12.sankey.paths
        .filter((p) => ends.includes(p.steps.at(-1) as string))
        .reduce((a, p) => a + p.buyers, 0);
    expect(endSum(['I'])).toBe(top12.firstTimeBuyers);
    expect(endSum(['N', 'K'])).toBe(top12.repeat.buyers);
  });

  it('folds everything but the top path into one "other" row per end (topPaths = 1)', async () => {
    // Kept: I (4). Folded: 10 more ending in I, D>N + P>N + N = 3 ending in N, K = 1.
    const r1 = await runJourneys(runner, { ...spec(true), topPaths: 1 });
    expect(r1.sankey).toEqual({
      total: 18,
      paths: [
        { steps: ['I'], buyers: 4, share: 4 / 18 },
        { steps: ['other', 'I'], buyers: 10, share: 10 / 18 },
        { steps: ['other', 'N'], buyers: 3, share: 3 / 18 },
        { steps: ['other', 'K'], buyers: 1, share: 1 / 18 },
      ],
    });
  });

  it('lists example users, smallest ids first', async () => {
    expect(await ids(spec(true), 'penetrative')).toEqual(['pen1', 'pen2', 'v1d', 'vid59']);
    expect(await ids(spec(true), 'longChain', 2)).toEqual(['lng1', 'lng2']);
    expect(await ids(spec(true), 'instant')).toEqual(['ins1', 'ins2', 'xb1']);
    expect(await ids(spec(true), 'other')).toEqual(['oth1', 'ref1']);
    expect(await ids(spec(true), 'shortChain')).toEqual(['sht1']);
    expect(await ids(spec(true), 'repeat')).toEqual(['ins2', 'prv1', 'rep1', 'rep2']);
  });

  it('derives the classes from edited rules', async () => {
    // E2's video condition lowered to 30 s: vid59's 59 s video now reaches D and E2 at once →
    // longChain, D>E2. Views needing 3 dates for E1: v2d no longer reaches E1 (D>P, still
    // longChain by P); lng2's search still gives E1.
    const rules: RuleSet = structuredClone(DEFAULT_RULES);
    rules.E2.any = [
      { actions: ['follow', 'member', 'comment', 'share', 'sample'] },
      { actions: ['video'], minDurationS: 30 },
    ];
    rules.E1.any = [{ actions: ['search', 'like'] }, { actions: ['view'], distinctDays: 3 }];
    const u = await users(spec(true, rules));
    expect(u.vid59).toEqual(['longChain', 'D>E2']);
    expect(u.v2d).toEqual(['longChain', 'D>P']);
    expect(u.lng2).toEqual(['longChain', 'P>E1']);
    expect(u.v1d).toEqual(['penetrative', 'D']);
  });
});

describe('journeys without money', () => {
  it('counts every order as an occasion and reports no GMV', async () => {
    const c = await prep(ROWS, mapping({ amount: false }), 'journeys-nomoney.csv');
    expect(c.moneyAvailable).toBe(false);
    const r = await runJourneys(runner, spec(false));
    // Refunds cancel nothing: ref1's 06-05 order is its first-ever occasion (previous period), so
    // its 06-20 order is a repeat occasion now → other loses ref1 (1 left: oth1) and repeat gains it
    // (rep1, rep2, ins2, prv1, ref1 = 5). Others unchanged: 3 + 4 + 1 + 4 + 1 = 13.
    expect(r.firstTimeBuyers).toBe(13);
    expect(r.byType).toEqual({
      instant: { buyers: 3, gmv: null, share: 3 / 13 },
      longChain: { buyers: 4, gmv: null, share: 4 / 13 },
      shortChain: { buyers: 1, gmv: null, share: 1 / 13 },
      penetrative: { buyers: 4, gmv: null, share: 4 / 13 },
      other: { buyers: 1, gmv: null, share: 1 / 13 },
    });
    expect(r.repeat).toEqual({ buyers: 5, gmv: null });
    // Previous: prv1 penetrative; prv2, prv4 and ref1 (06-05, nothing before it) instant; prv3 repeat.
    expect(r.previous.byType.instant).toEqual({ buyers: 3, gmv: null, share: 3 / 4 });
    expect(r.previous.byType.penetrative).toEqual({ buyers: 1, gmv: null, share: 1 / 4 });
    expect(r.previous.repeat).toEqual({ buyers: 1, gmv: null });
    expect(r.change.byType.instant).toEqual({ buyers: 0, buyersRel: 0, gmv: null, gmvRel: null });
    expect(r.change.byType.other).toEqual({ buyers: 1, buyersRel: null, gmv: null, gmvRel: null });
    expect(r.change.repeat).toEqual({ buyers: 4, buyersRel: 4, gmv: null, gmvRel: null });
    // ref1's repeat window (05-22 … 06-20) holds its 06-05 purchase and 06-06 refund rows (no
    // class) and its stage at T2 is N (2 occasions) → one more path N: N 2.
    const byPath = Object.fromEntries(
      (await runner.all(buildJourneyPathsSql(spec(false)))).map((x) => [
        String(x.path),
        Number(x.buyers),
      ]),
    );
    expect(byPath.N).toBe(2);
    expect(byPath.I).toBe(3);
    expect(r.sankey.total).toBe(18);
  });
});

describe('helpers', () => {
  it('the previous period has the same length and ends at T1', () => {
    expect(previousJourneySpec(spec(true))).toMatchObject({ from: '2024-05-31', to: T1 });
    expect(
      previousJourneySpec({ ...spec(true), from: '2024-03-01', to: '2024-03-31' }),
    ).toMatchObject({ from: '2024-01-31', to: '2024-03-01' });
    expect(() => previousJourneySpec({ ...spec(true), from: T2, to: T1 })).toThrow(RangeError);
    expect(() => previousJourneySpec({ ...spec(true), from: '2024-02-30' })).toThrow(RangeError);
  });

  it('foldSankey keeps ties in path-text order and folds per end node', () => {
    const f = foldSankey(
      [
        { path: 'P>N', buyers: 2 },
        { path: 'D>I', buyers: 2 },
        { path: 'K', buyers: 1 },
      ],
      1,
    );
    expect(f).toEqual({
      total: 5,
      paths: [
        { steps: ['D', 'I'], buyers: 2, share: 0.4 },
        { steps: ['other', 'N'], buyers: 2, share: 0.4 },
        { steps: ['other', 'K'], buyers: 1, share: 0.2 },
      ],
    });
  });
});

describe('journey invariants on the demo data', () => {
  it('byType sums to the first-time buyers and the Sankey totals match the tables', async () => {
    const { report: c, topBrand } = await loadDemoEvents(api, runner, 30_000);
    const s: JourneySpec = {
      brand: topBrand,
      from: '2024-06-01',
      to: '2024-07-01',
      rules: DEFAULT_RULES,
      moneyAvailable: c.moneyAvailable,
    };
    const r = await runJourneys(runner, { ...s, topPaths: 5 });
    // An independent count of first-time buyers: users whose earliest occasion date is in the period.
    const net = inlineParams(buildOrderNetSql(s.to, s.moneyAvailable));
    const [direct] = await rows(
      runner,
      `SELECT count(*) AS n FROM (SELECT user_id, min(date) AS first FROM (${net})
       WHERE occasion AND brand = ? GROUP BY user_id)
       WHERE first > CAST(? AS DATE) AND first <= CAST(? AS DATE)`,
      [s.brand, s.from, s.to],
    );
    expect(r.firstTimeBuyers).toBe(Number(direct.n));
    expect(r.firstTimeBuyers).toBeGreaterThan(0);
    expect(r.repeat.buyers).toBeGreaterThan(0);
    expect(JOURNEY_TYPES.reduce((a, t) => a + r.byType[t].buyers, 0)).toBe(r.firstTimeBuyers);
    expect(JOURNEY_TYPES.reduce((a, t) => a + (r.byType[t].share ?? 0), 0)).toBeCloseTo(1, 12);
    const endSum = (ends: string[]) =>
      r.sankey.paths
        .filter((p) => ends.includes(p.steps.at(-1) as string))
        .reduce((a, p) => a + p.buyers, 0);
    expect(endSum(['I'])).toBe(r.firstTimeBuyers);
    expect(endSum(['N', 'K'])).toBe(r.repeat.buyers);
    expect(r.sankey.total).toBe(r.firstTimeBuyers + r.repeat.buyers);
    expect(r.sankey.paths.length).toBeLessThanOrEqual(5 + 3);
    // The K end node agrees with the brand's stage assignment at T2 (evaluated for everyone).
    const stages = buildStageAssignmentSql({ ...s, asOf: s.to });
    const rep = buildJourneyExamplesSql(s, 'repeat', 1_000_000);
    const [k] = await rows(
      runner,
      `SELECT count(*) AS n FROM (${inlineParams(stages)}) st
       JOIN (${inlineParams(rep)}) r ON r.user_id = st.user_id WHERE st.stage = 'K'`,
    );
    expect(endSum(['K'])).toBe(Number(k.n));
    // The examples agree with the table.
    for (const t of JOURNEY_TYPES)
      expect((await ids(s, t, 1_000_000)).length).toBe(r.byType[t].buyers);
    expect((await ids(s, 'repeat', 1_000_000)).length).toBe(r.repeat.buyers);
  });
});
