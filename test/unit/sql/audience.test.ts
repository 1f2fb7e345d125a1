/**
 * Hand-worked tests of the audience builders (src/lib/sql/analysis/audience.ts): the users of a
 * stage at T (DOMAIN.md §2), of a flow cell or outcome (§4), of a journey class or the repeat
 * buyers (§6), and the hashed form of any audience (SHA-256 of the id's UTF-8 text, lowercase hex).
 *
 * Every expected list below was worked out by hand from the rows and DOMAIN.md (reasoning per user
 * next to their rows); nothing was copied from what the code prints. The first 15 users are the
 * fixture of test/unit/plan/measure.test.ts (rows copied, with their stages re-derived here: that
 * file's comments call d3 and p2 "none" at T2, but §2's O rule makes them O, see below); five users
 * were added: 'ü-7' (non-ASCII id), '=9' (an id starting with '='), rp, o1 and dn.
 *
 * Brand B, category C, default stage rules, money mapped (amount + order_id). Brand X also sells
 * in C. T1 = 2024-06-15, T2 = 2024-06-30: the period (T1, T2] is 2024-06-16 … 06-30.
 * Windows (DOMAIN.md §2: a w-day window at T is the dates T−w+1 … T):
 *                    at T1 = 2024-06-15          at T2 = 2024-06-30
 *   15 d (D,E1,P):   2024-06-01 … 06-15          2024-06-16 … 06-30
 *   30 d (E2):       2024-05-17 … 06-15          2024-06-01 … 06-30
 *   180 d (O):       2023-12-19 … 2024-06-15     2024-01-03 … 06-30
 *   365 d (I,N,K):   2023-06-17 … 2024-06-15     2023-07-02 … 2024-06-30
 * O (§2): no brand stage, but any mapped event in B's category C (by any brand, B's own
 * non-qualifying events included — purchase and refund rows too) in the 180-d window.
 * Rank (§4): none 0, O 1, D 2, E1 3, E2 4, P 5, I 6, N 7, K 8.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents } from '../../../src/lib/report/prepare';
import { DEFAULT_RULES, STAGES, type Stage } from '../../../src/lib/sql/analysis/rules';
import {
  buildFlowAudienceSql,
  buildJourneyAudienceSql,
  buildStageAudienceSql,
  hashedAudience,
  type FlowPick,
} from '../../../src/lib/sql/analysis/audience';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { Row, SqlRunner } from '../../../src/lib/report/runner';
import type { BuiltSql } from '../../../src/lib/sql/types';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let api: EngineApi;
let runner: SqlRunner;

const T1 = '2024-06-15';
const T2 = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,amount,order_id,duration_s';

const MAPPING: Mapping = {
  ...emptyMapping(),
  columns: {
    user_id: 'user_id',
    ts: 'ts',
    action: 'action',
    brand: 'brand',
    category: 'category',
    amount: 'amount',
    order_id: 'order_id',
    duration_s: 'duration_s',
  },
  actions: IDENTITY_ACTIONS,
};

interface Ev {
  brand?: string;
  category?: string;
  amount?: string;
  order?: string;
}

/** One CSV line at 10:00 on `date`; brand B, category C unless told. */
const ev = (user: string, date: string, action: string, o: Ev = {}): string =>
  [
    user,
    `${date} 10:00:00`,
    action,
    o.brand ?? 'B',
    o.category ?? 'C',
    o.amount ?? '',
    o.order ?? '',
    '',
  ].join(',');
const buy = (user: string, date: string, amount: string, order: string): string =>
  ev(user, date, 'purchase', { amount, order });

// One block per user: their events; stage at T1 → stage at T2 and why; the §4 outcome; whether
// they have a purchase occasion in (T1, T2] ("purchased"); their §6 journey if any.
const ROWS: string[] = [
  // ---------------------------------------------------------------- D at T1
  // d1: view 06-10 → D at T1. Buys 06-20 (100), first-ever → 1 occasion in 365 d at T2 → I.
  //   D → I: deepened, purchased. First-time buyer; window 05-22 … 06-20 holds the view (D only)
  //   → penetrative, GMV 100, steps 'D'.
  ev('d1', '2024-06-10', 'view'),
  buy('d1', '2024-06-20', '100', 'd1a'),
  // d2: impression 06-01 (first date of T1's 15-d window) → D at T1. Search 06-20 → E1 at T2.
  //   D → E1: deepened, not purchased.
  ev('d2', '2024-06-01', 'impression'),
  ev('d2', '2024-06-20', 'search'),
  // d3: click 06-14 → D at T1. At T2 the click is out of the 15-d window and no brand rule holds,
  //   but the click is an event in C dated in 2024-01-03 … 06-30 → O at T2. D → O: regressed
  //   (§4: "to a lower stage, O included"), not purchased.
  ev('d3', '2024-06-14', 'click'),
  // d4: views 05-31 (out of T1's 15-d window) and 06-05 → 1 view date → D, not E1, at T1. View
  //   06-25 → D at T2 (1 view date in 06-16 … 06-30). D → D: stayed, not purchased.
  ev('d4', '2024-05-31', 'view'),
  ev('d4', '2024-06-05', 'view'),
  ev('d4', '2024-06-25', 'view'),
  // dn (added): a B impression 06-10 with NO category → D at T1 (a brand event). At T2: no brand
  //   rule holds, and no event in any category → none. D → none: lost, not purchased.
  ev('dn', '2024-06-10', 'impression', { category: '' }),
  // ---------------------------------------------------------------- E1 at T1
  // e1a: search 06-12 → E1 at T1. Buys 06-22 (200), first-ever → I at T2. E1 → I: deepened,
  //   purchased. First-time buyer; window 05-24 … 06-22: the search (E1 only) → penetrative, 200,
  //   steps 'E1'.
  ev('e1a', '2024-06-12', 'search'),
  buy('e1a', '2024-06-22', '200', 'e1a1'),
  // e1b: views on 06-03 and 06-09 (2 distinct dates) → E1 at T1. Comment 06-18 → E2 at T2 (30-d
  //   window 06-01 … 06-30; the views are out of 06-16 … 06-30). E1 → E2: deepened, not purchased.
  ev('e1b', '2024-06-03', 'view'),
  ev('e1b', '2024-06-09', 'view'),
  ev('e1b', '2024-06-18', 'comment'),
  // ---------------------------------------------------------------- E2 at T1
  // e2a: follow 06-10 → E2 at T1 (05-17 … 06-15) and at T2 (06-01 … 06-30). Stayed, not purchased.
  ev('e2a', '2024-06-10', 'follow'),
  // ü-7 (added, non-ASCII id): follow 05-20 → E2 at T1 (05-17 … 06-15). At T2 the follow is out
  //   of 06-01 … 06-30; click 06-20 → D. E2 → D: regressed, not purchased.
  ev('ü-7', '2024-05-20', 'follow'),
  ev('ü-7', '2024-06-20', 'click'),
  // ---------------------------------------------------------------- P at T1
  // p1: cart 06-01 → P at T1. Buys 06-25 (400), refund of 100 on 06-27 → net 300 > 0 as of T2: an
  //   occasion, first-ever → I at T2. P → I: deepened, purchased. First-time buyer; window
  //   05-27 … 06-25 has only the cart (P, no D/E1) → shortChain, GMV 300, steps 'P'.
  ev('p1', '2024-06-01', 'cart'),
  buy('p1', '2024-06-25', '400', 'p1a'),
  ev('p1', '2024-06-27', 'refund', { amount: '100', order: 'p1a' }),
  // p2: favorite 06-08 → P at T1. Order 06-20 (50) refunded in full (empty amount) on 06-22 → net 0
  //   as of T2: no occasion, so not purchased and no §6 buyer. At T2: the favorite is out of the
  //   15-d window, no occasion → no brand stage; but favorite/purchase/refund rows in C within
  //   2024-01-03 … 06-30 → O. P → O: regressed.
  ev('p2', '2024-06-08', 'favorite'),
  buy('p2', '2024-06-20', '50', 'p2a'),
  ev('p2', '2024-06-22', 'refund', { order: 'p2a' }),
  // ---------------------------------------------------------------- I at T1
  // i1: order 2024-01-10 (60) → 1 occasion in 365 d → I at T1. Buys 06-18 (80) → 2 occasions at
  //   T2 → N. I → N: deepened, purchased. Repeat buyer: 1 occasion in the period, GMV 80.
  buy('i1', '2024-01-10', '60', 'i1a'),
  buy('i1', '2024-06-18', '80', 'i1b'),
  // i2: order 2023-06-17 (90), the first date of T1's 365-d window → I at T1; out of T2's 365-d
  //   window (2023-07-02 …) and of its 180-d O window (2024-01-03 …) → none at T2. I → none: lost.
  buy('i2', '2023-06-17', '90', 'i2a'),
  // rp (added): order 2024-03-10 (50) → I at T1. Buys 06-17 (30) and 06-27 (20) → 3 occasions at
  //   T2, no member/review/share → N. I → N: deepened, purchased. Repeat buyer: 2 occasions in the
  //   period (both not first-ever), GMV 30 + 20 = 50.
  buy('rp', '2024-03-10', '50', 'rpa'),
  buy('rp', '2024-06-17', '30', 'rpb'),
  buy('rp', '2024-06-27', '20', 'rpc'),
  // ---------------------------------------------------------------- N at T1
  // n1: orders 2023-12-01 (30) and 2024-03-01 (40) → N at T1. Buys 06-28 (120) → 3 occasions, no
  //   K action → N at T2. Stayed, purchased. Repeat buyer: 1 occasion, GMV 120.
  buy('n1', '2023-12-01', '30', 'n1a'),
  buy('n1', '2024-03-01', '40', 'n1b'),
  buy('n1', '2024-06-28', '120', 'n1c'),
  // ---------------------------------------------------------------- K at T1
  // k1: orders 2024-02-01 (50), 2024-04-01 (70) + review 2024-04-05 → K at T1 and at T2 (all in
  //   both 365-d windows). Stayed, not purchased.
  buy('k1', '2024-02-01', '50', 'k1a'),
  buy('k1', '2024-04-01', '70', 'k1b'),
  ev('k1', '2024-04-05', 'review'),
  // ---------------------------------------------------------------- O at T1
  // nc2: a brand-X view in C on 06-05 → no B stage, an event in C in 180 d → O at T1. B view 06-20
  //   (D), B cart 06-22 (P), buys B 06-24 (250), first-ever → I at T2. O → I: deepened (O is a
  //   stage at T1), purchased. First-time buyer; window 05-26 … 06-24: D then P → longChain, 250,
  //   steps 'D>P' (X's view is no brand event).
  ev('nc2', '2024-06-05', 'view', { brand: 'X' }),
  ev('nc2', '2024-06-20', 'view'),
  ev('nc2', '2024-06-22', 'cart'),
  buy('nc2', '2024-06-24', '250', 'nc2a'),
  // o1 (added): a brand-X view in C on 2024-05-01 → O at T1 (2023-12-19 …) and at T2
  //   (2024-01-03 …). O → O: stayed, not purchased.
  ev('o1', '2024-05-01', 'view', { brand: 'X' }),
  // ---------------------------------------------------------------- none at T1 (new entrants)
  // nc1: no event before; buys 06-26 (150), first-ever → none at T1, I at T2. New entrant,
  //   purchased. First-time buyer with no brand event before the purchase day → instant, 150,
  //   steps NULL.
  buy('nc1', '2024-06-26', '150', 'nc1a'),
  // =9 (added, id starting with '='): no event before T1 → none. Review 06-20 (K needs N: no),
  //   buys 06-24 (70), first-ever → 1 occasion → I at T2. New entrant, purchased. First-time
  //   buyer; window 05-26 … 06-24 holds the review (no stage class) → not instant, no class →
  //   other, GMV 70, steps NULL.
  ev('=9', '2024-06-20', 'review'),
  buy('=9', '2024-06-24', '70', '=9a'),
];

// Hand-worked summary (20 users; ids sorted as DuckDB and JS sort them: '=' < 'd…' < 'ü'):
//   T1  O: nc2 o1 | D: d1 d2 d3 d4 dn | E1: e1a e1b | E2: e2a ü-7 | P: p1 p2 | I: i1 i2 rp
//       N: n1 | K: k1 | none: =9 nc1
//   T2  O: d3 o1 p2 | D: d4 ü-7 | E1: d2 | E2: e1b e2a | P: – | I: =9 d1 e1a nc1 nc2 p1
//       N: i1 n1 rp | K: k1 | none: dn i2
//   per T1 stage      size  deepened          stayed   regressed   lost
//     O                 2   nc2               o1       –           –
//     D                 5   d1 d2             d4       d3          dn
//     E1                2   e1a e1b           –        –           –
//     E2                2   –                 e2a      ü-7         –
//     P                 2   p1                –        p2          –
//     I                 3   i1 rp             –        –           i2
//     N                 1   –                 n1       –           –
//     K                 1   –                 k1       –           –
//   purchased (occasion in (T1, T2] as of T2): =9 d1 e1a i1 n1 nc1 nc2 p1 rp (not p2: net 0).

const T1_STAGES: Record<Stage, string[]> = {
  O: ['nc2', 'o1'],
  D: ['d1', 'd2', 'd3', 'd4', 'dn'],
  E1: ['e1a', 'e1b'],
  E2: ['e2a', 'ü-7'],
  P: ['p1', 'p2'],
  I: ['i1', 'i2', 'rp'],
  N: ['n1'],
  K: ['k1'],
};
const T2_STAGES: Record<Stage, string[]> = {
  O: ['d3', 'o1', 'p2'],
  D: ['d4', 'ü-7'],
  E1: ['d2'],
  E2: ['e1b', 'e2a'],
  P: [],
  I: ['=9', 'd1', 'e1a', 'nc1', 'nc2', 'p1'],
  N: ['i1', 'n1', 'rp'],
  K: ['k1'],
};

const ids = (rs: Row[]) => rs.map((r) => String(r.user_id));
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const stageSpec = (asOf: string) => ({
  brand: 'B',
  asOf,
  rules: DEFAULT_RULES,
  moneyAvailable: true,
});
const FLOW = { brand: 'B', from: T1, to: T2, rules: DEFAULT_RULES, moneyAvailable: true };
const JOURNEY = { brand: 'B', from: T1, to: T2, rules: DEFAULT_RULES, moneyAvailable: true };

const run = (q: BuiltSql) => runner.all(q);
const flow = (pick: FlowPick) => run(buildFlowAudienceSql(FLOW, pick));

beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
  const ds = await loadCsv(api, [HEADER, ...ROWS].join('\n'), 'audience.csv');
  const cleaning = await prepareEvents(runner, ds.table, ds.columns, MAPPING);
  expect(cleaning.moneyAvailable).toBe(true);
});

describe('the fixture', () => {
  it('keeps every row and the ids as written (UTF-8, leading "=")', async () => {
    const rs = await run({
      sql: 'SELECT DISTINCT user_id FROM events ORDER BY user_id',
      params: [],
    });
    expect(ids(rs)).toEqual(
      [
        ...['=9', 'd1', 'd2', 'd3', 'd4', 'dn', 'e1a', 'e1b', 'e2a', 'i1', 'i2', 'k1', 'n1'],
        ...['nc1', 'nc2', 'o1', 'p1', 'p2', 'rp', 'ü-7'],
      ].sort(),
    );
  });
});

describe('buildStageAudienceSql (§2)', () => {
  it('lists the users of D, I and O at T1, by id', async () => {
    for (const s of ['D', 'I', 'O'] as const) {
      const rs = await run(buildStageAudienceSql(stageSpec(T1), s));
      expect(ids(rs), s).toEqual(T1_STAGES[s]);
      expect(rs.every((r) => r.stage === s)).toBe(true);
      expect(Object.keys(rs[0])).toEqual(['user_id', 'stage']);
    }
  });

  it('lists the users of D, I and O at T2 (d3 and p2 fall to O, dn and i2 to none)', async () => {
    for (const s of ['D', 'I', 'O'] as const) {
      const rs = await run(buildStageAudienceSql(stageSpec(T2), s));
      expect(ids(rs), s).toEqual(T2_STAGES[s]);
    }
  });

  it('matches the hand-worked lists at every stage and both dates (P is empty at T2)', async () => {
    for (const [at, want] of [
      [T1, T1_STAGES],
      [T2, T2_STAGES],
    ] as const)
      for (const s of STAGES)
        expect(ids(await run(buildStageAudienceSql(stageSpec(at), s))), `${s} at ${at}`).toEqual(
          want[s],
        );
  });
});

describe('buildFlowAudienceSql (§4)', () => {
  it('{from: E1}: the users of E1 at T1', async () => {
    expect(ids(await flow({ from: 'E1' }))).toEqual(['e1a', 'e1b']);
  });

  it('{from: D, to: none}: the D users lost (dn only; d3 regressed to O)', async () => {
    expect(ids(await flow({ from: 'D', to: 'none' }))).toEqual(['dn']);
  });

  it('{from: none}: the new entrants', async () => {
    const rs = await flow({ from: 'none' });
    expect(ids(rs)).toEqual(['=9', 'nc1']);
    // Both none → I, both bought in the period.
    expect(rs.map((r) => [r.stage_t1, r.stage_t2, r.purchased])).toEqual([
      ['none', 'I', true],
      ['none', 'I', true],
    ]);
  });

  it('{outcome: deepened}: rank rose from a stage at T1 (O included, entrants excluded)', async () => {
    const rs = await flow({ outcome: 'deepened' });
    // d1 D→I (2→6), d2 D→E1 (2→3), e1a E1→I (3→6), e1b E1→E2 (3→4), i1 I→N (6→7),
    // nc2 O→I (1→6), p1 P→I (5→6), rp I→N (6→7). Not =9 / nc1 (none at T1).
    expect(rs).toEqual([
      { user_id: 'd1', stage_t1: 'D', stage_t2: 'I', purchased: true },
      { user_id: 'd2', stage_t1: 'D', stage_t2: 'E1', purchased: false },
      { user_id: 'e1a', stage_t1: 'E1', stage_t2: 'I', purchased: true },
      { user_id: 'e1b', stage_t1: 'E1', stage_t2: 'E2', purchased: false },
      { user_id: 'i1', stage_t1: 'I', stage_t2: 'N', purchased: true },
      { user_id: 'nc2', stage_t1: 'O', stage_t2: 'I', purchased: true },
      { user_id: 'p1', stage_t1: 'P', stage_t2: 'I', purchased: true },
      { user_id: 'rp', stage_t1: 'I', stage_t2: 'N', purchased: true },
    ]);
  });

  it('{from: D, outcome: notDeepened}: stayed, regressed or lost', async () => {
    const rs = await flow({ from: 'D', outcome: 'notDeepened' });
    // d3 D→O regressed, d4 D→D stayed, dn D→none lost.
    expect(rs.map((r) => [r.user_id, r.stage_t1, r.stage_t2, r.purchased])).toEqual([
      ['d3', 'D', 'O', false],
      ['d4', 'D', 'D', false],
      ['dn', 'D', 'none', false],
    ]);
  });

  it('{outcome: regressed}: to a lower stage, O included, none excluded', async () => {
    // d3 D→O (2→1), p2 P→O (5→1), ü-7 E2→D (4→2).
    const rs = await flow({ outcome: 'regressed' });
    expect(ids(rs)).toEqual(['d3', 'p2', 'ü-7']);
    expect(rs.map((r) => [r.stage_t1, r.stage_t2])).toEqual([
      ['D', 'O'],
      ['P', 'O'],
      ['E2', 'D'],
    ]);
  });

  it('{outcome: lost}: from a stage to none', async () => {
    // dn D→none, i2 I→none.
    expect(ids(await flow({ outcome: 'lost' }))).toEqual(['dn', 'i2']);
  });

  it('{outcome: stayed}', async () => {
    // d4 D→D, e2a E2→E2, k1 K→K, n1 N→N, o1 O→O.
    expect(ids(await flow({ outcome: 'stayed' }))).toEqual(['d4', 'e2a', 'k1', 'n1', 'o1']);
  });

  it('|{from: s}| = users of s at T1, = deepened + stayed + regressed + lost', async () => {
    const want: Record<Stage, [size: number, dee: number, sta: number, reg: number, lost: number]> =
      {
        O: [2, 1, 1, 0, 0],
        D: [5, 2, 1, 1, 1],
        E1: [2, 2, 0, 0, 0],
        E2: [2, 0, 1, 1, 0],
        P: [2, 1, 0, 1, 0],
        I: [3, 2, 0, 0, 1],
        N: [1, 0, 1, 0, 0],
        K: [1, 0, 1, 0, 0],
      };
    for (const s of STAGES) {
      const from = ids(await flow({ from: s }));
      const atT1 = ids(await run(buildStageAudienceSql(stageSpec(T1), s)));
      expect(from, s).toEqual(T1_STAGES[s]);
      expect(from, s).toEqual(atT1);
      const n = async (outcome: FlowPick['outcome']) => (await flow({ from: s, outcome })).length;
      const got = [
        from.length,
        await n('deepened'),
        await n('stayed'),
        await n('regressed'),
        await n('lost'),
      ];
      expect(got, s).toEqual(want[s]);
      expect(got[1] + got[2] + got[3] + got[4], s).toBe(got[0]);
      expect(await n('notDeepened'), s).toBe(got[2] + got[3] + got[4]);
    }
  });

  it('the outcomes need a stage at T1: none-row users are in none of them', async () => {
    for (const outcome of ['deepened', 'stayed', 'regressed', 'lost', 'notDeepened'] as const)
      expect(await flow({ from: 'none', outcome }), outcome).toEqual([]);
  });
});

describe('buildJourneyAudienceSql (§6)', () => {
  const journey = (pick: Parameters<typeof buildJourneyAudienceSql>[1]) =>
    run(buildJourneyAudienceSql(JOURNEY, pick));

  it('lists the first-time buyers of each journey class with their first order GMV', async () => {
    expect(await journey('instant')).toEqual([
      { user_id: 'nc1', journey: 'instant', gmv: 150, steps: null },
    ]);
    expect(await journey('longChain')).toEqual([
      { user_id: 'nc2', journey: 'longChain', gmv: 250, steps: 'D>P' },
    ]);
    expect(await journey('shortChain')).toEqual([
      { user_id: 'p1', journey: 'shortChain', gmv: 300, steps: 'P' },
    ]);
    expect(await journey('penetrative')).toEqual([
      { user_id: 'd1', journey: 'penetrative', gmv: 100, steps: 'D' },
      { user_id: 'e1a', journey: 'penetrative', gmv: 200, steps: 'E1' },
    ]);
    expect(await journey('other')).toEqual([
      { user_id: '=9', journey: 'other', gmv: 70, steps: null },
    ]);
  });

  it('lists the repeat buyers with their occasions and GMV in the period', async () => {
    // i1: 06-18 (80); n1: 06-28 (120); rp: 06-17 (30) + 06-27 (20).
    expect(await journey('repeat')).toEqual([
      { user_id: 'i1', occasions: 1, gmv: 80 },
      { user_id: 'n1', occasions: 1, gmv: 120 },
      { user_id: 'rp', occasions: 2, gmv: 50 },
    ]);
  });
});

describe('hashedAudience', () => {
  it('replaces user_id by the SHA-256 hex of its UTF-8 text and keeps the other columns', async () => {
    // Every flow user (no pick): the 20 users of the fixture, '=9' and 'ü-7' among them.
    const plain = await flow({});
    expect(plain).toHaveLength(20);
    const hashed = await run(hashedAudience(buildFlowAudienceSql(FLOW, {})));
    expect(hashed).toHaveLength(plain.length);
    expect(Object.keys(hashed[0])).toEqual(['user_id_sha256', 'stage_t1', 'stage_t2', 'purchased']);
    const want = plain
      .map(({ user_id, ...rest }) => ({ user_id_sha256: sha(String(user_id)), ...rest }))
      .sort((a, b) => (a.user_id_sha256 < b.user_id_sha256 ? -1 : 1));
    expect(hashed).toEqual(want);
    // The non-ASCII id is hashed as UTF-8 bytes (c3 bc for ü), not as Latin-1 or UTF-16.
    const u = sha('ü-7');
    expect(u).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xbc, 0x2d, 0x37]))
        .digest('hex'),
    );
    expect(u).not.toBe(createHash('sha256').update('ü-7', 'latin1').digest('hex'));
    expect(hashed.find((r) => r.user_id_sha256 === u)).toEqual({
      user_id_sha256: u,
      stage_t1: 'E2',
      stage_t2: 'D',
      purchased: false,
    });
    expect(hashed.find((r) => r.user_id_sha256 === sha('=9'))).toEqual({
      user_id_sha256: sha('=9'),
      stage_t1: 'none',
      stage_t2: 'I',
      purchased: true,
    });
    for (const r of hashed) expect(r.user_id_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the journey columns (repeat buyers) and the row count', async () => {
    const hashed = await run(hashedAudience(buildJourneyAudienceSql(JOURNEY, 'repeat')));
    const want = [
      { user_id_sha256: sha('i1'), occasions: 1, gmv: 80 },
      { user_id_sha256: sha('n1'), occasions: 1, gmv: 120 },
      { user_id_sha256: sha('rp'), occasions: 2, gmv: 50 },
    ].sort((a, b) => (a.user_id_sha256 < b.user_id_sha256 ? -1 : 1));
    expect(hashed).toEqual(want);
  });

  it('hashes the other journey class ("=9") and a stage audience ("ü-7" at D at T2)', async () => {
    const other = await run(hashedAudience(buildJourneyAudienceSql(JOURNEY, 'other')));
    expect(other).toEqual([{ user_id_sha256: sha('=9'), journey: 'other', gmv: 70, steps: null }]);
    const d = await run(hashedAudience(buildStageAudienceSql(stageSpec(T2), 'D')));
    expect(d).toEqual(
      [
        { user_id_sha256: sha('d4'), stage: 'D' },
        { user_id_sha256: sha('ü-7'), stage: 'D' },
      ].sort((a, b) => (a.user_id_sha256 < b.user_id_sha256 ? -1 : 1)),
    );
  });
});
