/**
 * Hand-worked tests of DOMAIN.md §7 "Attribution of stage transitions"
 * (src/lib/sql/analysis/attribution.ts, src/lib/report/attribution.ts). Every expected number was
 * worked out by hand from the rows next to it (the reasoning is in the comments); nothing was
 * copied from what the code prints.
 *
 * T1 = 2024-06-15, T2 = 2024-06-30; brand B sells in category C; brand X also sells in C.
 * The period (T1, T2] is 2024-06-16 … 06-30 (§2). Windows (§2: "a w-day window at T is the dates
 * T−w+1 … T"):
 *                    at T1 = 2024-06-15          at T2 = 2024-06-30
 *   15 d (D,E1,P):   2024-06-01 … 06-15          2024-06-16 … 06-30
 *   30 d (E2):       2024-05-17 … 06-15          2024-06-01 … 06-30
 *   180 d (O):       2023-12-19 … 2024-06-15     2024-01-03 … 06-30
 *   365 d (I,N,K):   2023-06-17 … 2024-06-15     2023-07-02 … 2024-06-30
 * Rank (§4): none 0, O 1, D 2, E1 3, E2 4, P 5, I 6, N 7, K 8.
 *
 * §7 in short: a conversion is a user whose rank rose into D…K (entrants from none included,
 * moves into O excluded), one per user, timed at the trigger = the first event in (T1, T2] (by
 * timestamp, then file order) at which the NEW stage's (the stage at T2's) rule holds, evaluated
 * on that event's date with the user's events up to and including it. Touchpoints = the
 * converter's brand events with a channel dated in the 15 days ending on the trigger date, up to
 * and including the trigger event.
 *
 * Each scenario is its own CSV (re-preparing `events`), so that the models only see its users.
 * `trigger_row` is the 0-based data row (`row_no`): the index of the line in the scenario's
 * `lines` array (the header is not in the array).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents, type CleaningReport } from '../../../src/lib/report/prepare';
import { runAttribution } from '../../../src/lib/report/attribution';
import { runFlow } from '../../../src/lib/report/flow';
import {
  buildAttributionCleanupSql,
  buildAttributionFlowTableSql,
  buildConversionsSql,
} from '../../../src/lib/sql/analysis/attribution';
import type {
  AttributionGroup,
  AttributionReport,
  ChannelFigures,
} from '../../../src/lib/attribution/report';
import { DEFAULT_RULES, RANK, STAGES, type Stage } from '../../../src/lib/sql/analysis/rules';
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
const HEADER = 'user_id,ts,action,brand,category,channel,amount,order_id,duration_s';

const MAPPING: Mapping = {
  ...emptyMapping(),
  columns: {
    user_id: 'user_id',
    ts: 'ts',
    action: 'action',
    brand: 'brand',
    category: 'category',
    channel: 'channel',
    amount: 'amount',
    order_id: 'order_id',
    duration_s: 'duration_s',
  },
  actions: IDENTITY_ACTIONS,
};

interface Ev {
  brand?: string;
  category?: string;
  channel?: string;
  amount?: string;
  order?: string;
  /** duration_s */
  dur?: string;
}

/** One CSV line; brand B, category C, no channel unless told. */
function ev(user: string, ts: string, action: string, o: Ev = {}): string {
  return [
    user,
    ts,
    action,
    o.brand ?? 'B',
    o.category ?? 'C',
    o.channel ?? '',
    o.amount ?? '',
    o.order ?? '',
    o.dur ?? '',
  ].join(',');
}

let csvNo = 0;
async function prep(lines: string[]): Promise<CleaningReport> {
  const ds = await loadCsv(api, [HEADER, ...lines].join('\n'), `attribution_${++csvNo}.csv`);
  const rep = await prepareEvents(runner, ds.table, ds.columns, MAPPING);
  // Every fixture row is valid, mapped and distinct: no row is lost before the analysis.
  expect(rep.events).toBe(lines.length);
  return rep;
}

const spec = (halfLifeDays?: number) => ({
  brand: 'B',
  from: T1,
  to: T2,
  rules: DEFAULT_RULES,
  moneyAvailable: true,
  ...(halfLifeDays === undefined ? {} : { halfLifeDays }),
});

interface Conv {
  s1: string;
  s2: string;
  row: number | null;
  date: string | null;
}

/** The conversions with their trigger (buildConversionsSql over the §7 flow table). */
async function conversionsOf(s = spec()): Promise<Record<string, Conv>> {
  await runner.exec(buildAttributionFlowTableSql(s));
  const q = buildConversionsSql(s);
  const rs = await rows(
    runner,
    `SELECT user_id, s1, s2, trigger_row,
       strftime(trigger_date, '%Y-%m-%d') AS trigger_date
     FROM (${q.sql}) ORDER BY user_id`,
    q.params,
  );
  for (const c of buildAttributionCleanupSql()) await runner.exec(c);
  const out: Record<string, Conv> = {};
  for (const r of rs) {
    const u = String(r.user_id);
    // at most one conversion per user
    expect(out[u]).toBeUndefined();
    out[u] = {
      s1: String(r.s1),
      s2: String(r.s2),
      row: r.trigger_row === null || r.trigger_row === undefined ? null : Number(r.trigger_row),
      date: r.trigger_date === null || r.trigger_date === undefined ? null : String(r.trigger_date),
    };
  }
  return out;
}

/** Expected conversion: from-stage, to-stage, the trigger line (must occur once) and its date. */
function expectedConv(
  lines: string[],
  exp: Record<string, [string, string, string, string]>,
): Record<string, Conv> {
  return Object.fromEntries(
    Object.entries(exp).map(([u, [s1, s2, line, date]]) => {
      const row = lines.indexOf(line);
      expect([u, row >= 0, lines.lastIndexOf(line) === row]).toEqual([u, true, true]);
      return [u, { s1, s2, row, date }];
    }),
  );
}

type Model = 'lastTouch' | 'firstTouch' | 'linear' | 'timeDecay' | 'positionBased' | 'markov';
const HEURISTICS = ['lastTouch', 'firstTouch', 'linear', 'timeDecay', 'positionBased'] as const;
const MODELS: Model[] = [...HEURISTICS, 'markov'];

/** Sums per-conversion credit tables channel by channel. */
function sumCredits(...parts: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of parts) for (const [c, v] of Object.entries(p)) out[c] = (out[c] ?? 0) + v;
  return out;
}

/**
 * One model table: exactly the channels of `reach`, each with its reach, its conversions (to
 * 1e-9; a channel absent from `conv` earns 0) and rate = conversions ÷ reach (null at reach 0).
 */
function expectTable(
  label: string,
  table: Record<string, ChannelFigures>,
  conv: Record<string, number>,
  reach: Record<string, number>,
) {
  expect([label, Object.keys(table).sort()]).toEqual([label, Object.keys(reach).sort()]);
  for (const [c, r] of Object.entries(reach)) {
    const f = table[c];
    const want = conv[c] ?? 0;
    expect([label, c, 'reach', f.reach]).toEqual([label, c, 'reach', r]);
    expect(
      Math.abs(f.conversions - want),
      `${label} ${c} conversions ${f.conversions}`,
    ).toBeLessThan(1e-9);
    if (r === 0) expect([label, c, 'rate', f.rate]).toEqual([label, c, 'rate', null]);
    else
      expect(Math.abs((f.rate ?? NaN) - want / r), `${label} ${c} rate ${f.rate}`).toBeLessThan(
        1e-9,
      );
  }
}

/** Every model's conversions sum to the group's attributed conversions (to `tol`). */
function expectModelSums(label: string, g: AttributionGroup, tol = 1e-9) {
  for (const m of MODELS) {
    const s = Object.values(g.models[m]).reduce((a, f) => a + f.conversions, 0);
    expect(Math.abs(s - g.attributed), `${label} ${m}: Σ ${s} vs ${g.attributed}`).toBeLessThan(
      tol,
    );
  }
}

// =============================================================================================
// 1. Trigger timing (no channels at all: every conversion is unattributed).
// =============================================================================================
describe('§7 conversions and trigger timing', () => {
  // t_d: none → D. The review 06-18 is the first period event but satisfies no D action (review
  //   is only a K action, and K needs N) → D does not hold there. The impression 06-20 is the first
  //   event at which D holds → trigger. T1: no event → none. T2: impressions in 06-16…06-30 → D.
  const tD = ev('t_d', '2024-06-20 10:00:00', 'impression');
  // t_e1v: none → E1 by views on 2 distinct dates. 06-17 09:00 and 15:00 are two views on ONE
  //   date (1 distinct day → no E1; D holds but D is not the new stage). The view 06-19 is the
  //   view on the second distinct date → trigger. T2: views on 06-17, 06-19, 06-21 → E1.
  const tE1v = ev('t_e1v', '2024-06-19 08:00:00', 'view');
  // t_e1pre: D → E1 where a pre-T1 view counts: view 06-10 → D at T1 (one view date in
  //   06-01…06-15). Evaluated on 06-20 the E1 window is 06-06…06-20: views dated 06-10 and 06-20
  //   → 2 distinct dates → E1 holds at the FIRST period view (06-20) → trigger. T2 (06-16…06-30):
  //   views 06-20 and 06-25 → E1.
  const tE1pre = ev('t_e1pre', '2024-06-20 12:00:00', 'view');
  // t_e1s: D → E1 by a search. Impression 06-12 → D at T1. 06-17 impression (D only); 06-19 a
  //   search of brand X (not a B event: ignored by B's rules); 06-21 B search → trigger. T2: E1.
  const tE1s = ev('t_e1s', '2024-06-21 10:00:00', 'search');
  // t_p: E1 → P (already at E1 at T1). Search 06-14 → E1 at T1. View 06-18 (no P); cart 06-22 →
  //   trigger. T2: cart in 15 d → P (the search is out of T2's 15 d anyway).
  const tP = ev('t_p', '2024-06-22 10:00:00', 'cart');
  // t_i: none → I by the first purchase occasion. Cart 06-20 (P holds, I does not). Order o1 has
  //   two rows, 06-24 10:00 (20) and 11:00 (5): the order's time is its earliest row (§1) → the
  //   10:00 purchase row is the trigger (1 occasion, net 20 > 0 even counting that row only).
  //   T2: exactly one occasion (o1, 25) → I.
  const tI = ev('t_i', '2024-06-24 10:00:00', 'purchase', { amount: '20', order: 'o1' });
  // t_n: I → N. Order o1 (50) on 2024-03-01 → I at T1 (in 365 d). View 06-17; order o2 (30)
  //   06-20 = the second occasion's purchase row → trigger. T2: 2 occasions, no member/review/
  //   share → N.
  const tN = ev('t_n', '2024-06-20 10:00:00', 'purchase', { amount: '30', order: 'o2' });
  // t_k1: I → K with the N condition first: o1 (40) 2024-02-01 → I at T1. o2 (30) 06-18 → N
  //   holds but no member/review/share yet → K does not. Member 06-25 → K holds → trigger.
  const tK1 = ev('t_k1', '2024-06-25 10:00:00', 'member');
  // t_k2: I → K with the member event first: o1 2024-02-01 → I at T1. Member 06-18: 1 occasion
  //   → N does not hold → no K. o2 06-26 → 2 occasions + member → K holds → trigger = o2's
  //   purchase row.
  const tK2 = ev('t_k2', '2024-06-26 10:00:00', 'purchase', { amount: '30', order: 'o2' });
  // t_deep: D → E1 although I held in between: impression 06-13 → D at T1. o1 (40) 06-18 (I
  //   holds on 06-18), fully refunded 06-22 (empty amount) → as of T2 no occasion. Search 06-27 →
  //   E1 at T2. The new stage is E1, so the trigger is the search (not the purchase).
  const tDeep = ev('t_deep', '2024-06-27 10:00:00', 'search');
  // t_e2: none → E2 by a video of ≥ 60 s. Video 06-18 of 30 s satisfies D only; video 06-20 of
  //   75 s → E2 holds → trigger. T2: the 75-s video is in E2's 30 d (06-01…06-30), no P/I… → E2.
  const tE2 = ev('t_e2', '2024-06-20 10:00:00', 'video', { dur: '75' });
  // t_one: none → P through D and E1 on the way: impression 06-17 (D), search 06-19 (E1), cart
  //   06-21 (P) → one conversion none → P, trigger = the cart.
  const tOne = ev('t_one', '2024-06-21 10:00:00', 'cart');

  const LINES = [
    ev('t_d', '2024-06-18 10:00:00', 'review'),
    tD,
    ev('t_d', '2024-06-22 10:00:00', 'impression'),

    ev('t_e1v', '2024-06-17 09:00:00', 'view'),
    ev('t_e1v', '2024-06-17 15:00:00', 'view'),
    tE1v,
    ev('t_e1v', '2024-06-21 08:00:00', 'view'),

    ev('t_e1pre', '2024-06-10 12:00:00', 'view'),
    tE1pre,
    ev('t_e1pre', '2024-06-25 12:00:00', 'view'),

    ev('t_e1s', '2024-06-12 10:00:00', 'impression'),
    ev('t_e1s', '2024-06-17 10:00:00', 'impression'),
    ev('t_e1s', '2024-06-19 10:00:00', 'search', { brand: 'X' }),
    tE1s,

    ev('t_p', '2024-06-14 10:00:00', 'search'),
    ev('t_p', '2024-06-18 10:00:00', 'view'),
    tP,

    ev('t_i', '2024-06-20 10:00:00', 'cart'),
    tI,
    ev('t_i', '2024-06-24 11:00:00', 'purchase', { amount: '5', order: 'o1' }),

    ev('t_n', '2024-03-01 10:00:00', 'purchase', { amount: '50', order: 'o1' }),
    ev('t_n', '2024-06-17 10:00:00', 'view'),
    tN,

    ev('t_k1', '2024-02-01 10:00:00', 'purchase', { amount: '40', order: 'o1' }),
    ev('t_k1', '2024-06-18 10:00:00', 'purchase', { amount: '30', order: 'o2' }),
    tK1,

    ev('t_k2', '2024-02-01 10:00:00', 'purchase', { amount: '40', order: 'o1' }),
    ev('t_k2', '2024-06-18 10:00:00', 'member'),
    tK2,

    ev('t_deep', '2024-06-13 10:00:00', 'impression'),
    ev('t_deep', '2024-06-18 10:00:00', 'purchase', { amount: '40', order: 'o1' }),
    ev('t_deep', '2024-06-22 10:00:00', 'refund', { order: 'o1' }),
    tDeep,

    ev('t_e2', '2024-06-18 10:00:00', 'video', { dur: '30' }),
    tE2,

    ev('t_one', '2024-06-17 10:00:00', 'impression'),
    ev('t_one', '2024-06-19 10:00:00', 'search'),
    tOne,

    // Not conversions:
    // t_o: none → O: a B review in C on 06-20 is no brand-stage action (K needs N), but it is an
    //   event in B's category within 180 d → O at T2. Moves into O are excluded.
    ev('t_o', '2024-06-20 10:00:00', 'review'),
    // t_reg: E1 → D, a deepening that regressed by T2: search 06-14 → E1 at T1. o1 06-18 makes
    //   I hold on 06-18, but the full refund 06-25 cancels it (no occasion as of T2); the search
    //   is out of T2's 15 d; impression 06-20 → D at T2. rank 3 → 2: not a conversion (only the
    //   stages at T1 and T2 are compared).
    ev('t_reg', '2024-06-14 10:00:00', 'search'),
    ev('t_reg', '2024-06-18 10:00:00', 'purchase', { amount: '40', order: 'o1' }),
    ev('t_reg', '2024-06-20 10:00:00', 'impression'),
    ev('t_reg', '2024-06-25 10:00:00', 'refund', { order: 'o1' }),
    // t_dd: D → D although E1 held on 06-17 (views 06-10 and 06-17 in 06-03…06-17); at T2 only
    //   the 06-17 view is in 06-16…06-30 → one view date → D. Not a conversion.
    ev('t_dd', '2024-06-10 10:00:00', 'view'),
    ev('t_dd', '2024-06-17 10:00:00', 'view'),
  ];

  it('each converter is found once with the hand-worked trigger row and date', async () => {
    const rep = await prep(LINES);
    expect(rep.moneyAvailable).toBe(true);
    expect(rep.unlinkedRefunds).toBe(0); // both refunds link to their user's o1
    expect(await conversionsOf()).toEqual(
      expectedConv(LINES, {
        t_d: ['none', 'D', tD, '2024-06-20'],
        t_e1v: ['none', 'E1', tE1v, '2024-06-19'],
        t_e1pre: ['D', 'E1', tE1pre, '2024-06-20'],
        t_e1s: ['D', 'E1', tE1s, '2024-06-21'],
        t_p: ['E1', 'P', tP, '2024-06-22'],
        t_i: ['none', 'I', tI, '2024-06-24'],
        t_n: ['I', 'N', tN, '2024-06-20'],
        t_k1: ['I', 'K', tK1, '2024-06-25'],
        t_k2: ['I', 'K', tK2, '2024-06-26'],
        t_deep: ['D', 'E1', tDeep, '2024-06-27'],
        t_e2: ['none', 'E2', tE2, '2024-06-20'],
        t_one: ['none', 'P', tOne, '2024-06-21'],
        // t_o (→ O), t_reg (regressed) and t_dd (stayed) are absent.
      }),
    );
  });

  it('the report counts them per transition, all unattributed (no channel anywhere)', async () => {
    await prep(LINES);
    const a = await runAttribution(runner, spec());
    expect(a.conversions).toBe(12);
    expect(a.attributed).toBe(0);
    expect(a.unattributed).toBe(12);
    expect(a.touchpoints).toBe(0);
    expect(a.channels).toEqual([]);
    const byPair = (t: AttributionReport['transitions']) =>
      [...t].sort((x, y) => `${x.from}>${x.to}`.localeCompare(`${y.from}>${y.to}`));
    expect(byPair(a.transitions)).toEqual(
      byPair([
        { from: 'D', to: 'E1', conversions: 3, unattributed: 3 }, // t_e1pre, t_e1s, t_deep
        { from: 'E1', to: 'P', conversions: 1, unattributed: 1 }, // t_p
        { from: 'I', to: 'K', conversions: 2, unattributed: 2 }, // t_k1, t_k2
        { from: 'I', to: 'N', conversions: 1, unattributed: 1 }, // t_n
        { from: 'none', to: 'D', conversions: 1, unattributed: 1 }, // t_d
        { from: 'none', to: 'E1', conversions: 1, unattributed: 1 }, // t_e1v
        { from: 'none', to: 'E2', conversions: 1, unattributed: 1 }, // t_e2
        { from: 'none', to: 'I', conversions: 1, unattributed: 1 }, // t_i
        { from: 'none', to: 'P', conversions: 1, unattributed: 1 }, // t_one
      ]),
    );
    for (const m of MODELS) expect(a.models[m]).toEqual({});
    // The trigger events by (to-stage, action), from the trigger rows above: D impression (t_d);
    // E1 view (t_e1v, t_e1pre) and search (t_e1s, t_deep); P cart (t_p, t_one); I purchase
    // (t_i); N purchase (t_n); K member (t_k1) and purchase (t_k2); E2 video (t_e2).
    const key = (r: { to: string; action: string }) => `${r.to}:${r.action}`;
    expect(Object.fromEntries((a.triggers ?? []).map((r) => [key(r), r.conversions]))).toEqual({
      'D:impression': 1,
      'E1:view': 2,
      'E1:search': 2,
      'P:cart': 2,
      'I:purchase': 1,
      'N:purchase': 1,
      'K:member': 1,
      'K:purchase': 1,
      'E2:video': 1,
    });
  });
});

// =============================================================================================
// 1b. The trigger sees only the events up to and including it — also the rows of its own order.
// =============================================================================================
describe('§7 trigger of an order whose first row carries no money', () => {
  // z1: none at T1. Order o1 has two purchase rows on 06-20: 10:00 with amount 0 and 11:00 with
  //   amount 25. A B impression with channel kol sits between them at 10:30.
  //   As of T2 o1 is one order (§1: amount = 0 + 25 = 25 > 0, time = its earliest row, 10:00) →
  //   exactly one occasion → I; none → I is a conversion.
  //   §7 evaluates the rule "with the user's events up to and including that event": at the 10:00
  //   row the user's o1 consists of that row only → amount 0 → net 0 → not an occasion (§1:
  //   occasion = net amount > 0) → I does not hold. The impression (D action only) does not make
  //   I hold. At the 11:00 row o1 = 0 + 25 = 25 > 0, dated 06-20 → one occasion → I holds →
  //   the trigger is the 11:00 row (row 2), dated 2024-06-20.
  //   Touchpoints: B channel events dated 06-06…06-20 up to and including the 11:00 row → the kol
  //   impression at 10:30 → attributed 1, kol gets the whole conversion under every model.
  const trig = ev('z1', '2024-06-20 11:00:00', 'purchase', { amount: '25', order: 'o1' });
  const LINES = [
    ev('z1', '2024-06-20 10:00:00', 'purchase', { amount: '0', order: 'o1' }),
    ev('z1', '2024-06-20 10:30:00', 'impression', { channel: 'kol' }),
    trig,
  ];

  it('the trigger is the row at which the order first has a positive amount', async () => {
    await prep(LINES);
    expect(await conversionsOf()).toEqual(
      expectedConv(LINES, { z1: ['none', 'I', trig, '2024-06-20'] }),
    );
    const a = await runAttribution(runner, spec());
    expect([a.conversions, a.attributed, a.unattributed, a.touchpoints]).toEqual([1, 1, 0, 1]);
    for (const m of HEURISTICS) expectTable(m, a.models[m], { kol: 1 }, { kol: 1 });
  });
});

// =============================================================================================
// 2. Same-second events: ties are ordered by file order.
// =============================================================================================
describe('§7 same-second events', () => {
  // s1: none → E1. Three B events in the same second 06-20 10:00:00, in this file order:
  //   impression (channel display) — D only; search (no channel) — E1 holds → the trigger (the
  //   like also satisfies E1 but comes later in the file); like (channel kol).
  //   Touchpoints: the impression (same timestamp, EARLIER in the file → before the trigger) is a
  //   touch; the like (same timestamp, LATER in the file) is not. → touches [display].
  const s1Trig = ev('s1', '2024-06-20 10:00:00', 'search');
  // s2: none → E1. The first line of the file is s2's like on 06-22 (later in time than
  //   everything else of s2: after the trigger → no touch; order is by timestamp first).
  //   Two impressions in the same second 06-20 09:00:00: zeta (earlier in the file), then alpha.
  //   Search 06-21 (no channel) → trigger. Touches in order: zeta (pos 1), alpha (pos 2).
  const s2Trig = ev('s2', '2024-06-21 10:00:00', 'search');
  const LINES = [
    ev('s2', '2024-06-22 10:00:00', 'like', { channel: 'kol' }),
    ev('s1', '2024-06-20 10:00:00', 'impression', { channel: 'display' }),
    s1Trig,
    ev('s1', '2024-06-20 10:00:00', 'like', { channel: 'kol' }),
    ev('s2', '2024-06-20 09:00:00', 'impression', { channel: 'zeta' }),
    ev('s2', '2024-06-20 09:00:00', 'impression', { channel: 'alpha' }),
    s2Trig,
  ];

  it('the trigger is the earlier line among same-second events', async () => {
    await prep(LINES);
    expect(await conversionsOf()).toEqual(
      expectedConv(LINES, {
        s1: ['none', 'E1', s1Trig, '2024-06-20'],
        s2: ['none', 'E1', s2Trig, '2024-06-21'],
      }),
    );
  });

  it('a same-second channel event is a touch only if it is earlier in the file', async () => {
    await prep(LINES);
    const a = await runAttribution(runner, spec());
    expect([a.conversions, a.attributed, a.unattributed, a.touchpoints]).toEqual([2, 2, 0, 3]);
    // Reach (B channel events dated in 06-16…06-30): display s1; kol s1 and s2; zeta s2; alpha s2.
    const reach = { alpha: 1, display: 1, kol: 2, zeta: 1 };
    expect(a.channels).toEqual(['alpha', 'display', 'kol', 'zeta']);
    // s1: [display] → 1 to display under every model. s2: [zeta, alpha].
    // last touch: s2 → alpha (the later line of the tie). first touch: s2 → zeta.
    expectTable('lastTouch', a.models.lastTouch, { display: 1, alpha: 1 }, reach);
    expectTable('firstTouch', a.models.firstTouch, { display: 1, zeta: 1 }, reach);
    expectTable('linear', a.models.linear, { display: 1, zeta: 0.5, alpha: 0.5 }, reach);
    expectTable(
      'positionBased',
      a.models.positionBased,
      { display: 1, zeta: 0.5, alpha: 0.5 },
      reach,
    );
    // Time decay: zeta and alpha are both 25 h before the trigger → equal weights → ½ each.
    expectTable('timeDecay', a.models.timeDecay, { display: 1, zeta: 0.5, alpha: 0.5 }, reach);
    // kol is never a touch: 0 under every model.
    expectModelSums('all', a);
  });
});

// =============================================================================================
// 3. Touch window, brand and channel filters.
// =============================================================================================
describe('§7 touch window', () => {
  // w1: D → E1. Impressions 06-05 23:59:59 (channel out15) and 06-06 00:00:00 (channel in14)
  //   → D at T1 (06-01…06-15). Search 06-20 12:00 (no channel) → E1 at T2, trigger date 06-20.
  //   The touch window is the 15 days ending on 06-20: 06-06 … 06-20. So:
  //   - in14 (06-06, 14 days before the trigger date) is IN, although it is before T1;
  //   - out15 (06-05, 15 days before; one second earlier than in14) is OUT;
  //   - X's impression with channel other (06-18) is not a B event → no touch;
  //   - B's impression with an empty channel (06-19) → no touch;
  //   - B's impression with channel late (06-22) is after the trigger → no touch.
  //   Touches: [in14].
  const trig = ev('w1', '2024-06-20 12:00:00', 'search');
  const LINES = [
    ev('w1', '2024-06-05 23:59:59', 'impression', { channel: 'out15' }),
    ev('w1', '2024-06-06 00:00:00', 'impression', { channel: 'in14' }),
    ev('w1', '2024-06-18 10:00:00', 'impression', { brand: 'X', channel: 'other' }),
    ev('w1', '2024-06-19 10:00:00', 'impression'),
    trig,
    ev('w1', '2024-06-22 10:00:00', 'impression', { channel: 'late' }),
  ];

  it('14 days before the trigger date is in, 15 days before is out', async () => {
    await prep(LINES);
    expect(await conversionsOf()).toEqual(
      expectedConv(LINES, { w1: ['D', 'E1', trig, '2024-06-20'] }),
    );
    const a = await runAttribution(runner, spec());
    expect([a.conversions, a.attributed, a.unattributed, a.touchpoints]).toEqual([1, 1, 0, 1]);
    // Channels: in14 (credited) and late (reach). out15 is neither credited nor dated in the
    // period; other is X's channel (reach and touches are brand events only).
    expect(a.channels).toEqual(['in14', 'late']);
    // Reach: in14's only event is 06-06 (before T1) → 0 → rate null; late: w1 on 06-22 → 1.
    const reach = { in14: 0, late: 1 };
    for (const m of HEURISTICS) expectTable(m, a.models[m], { in14: 1 }, reach);
    // Markov: one converting path in14 → conversion, no null path (w1 converted, so its late
    // event makes no null path): removing in14 leaves nothing → removal effect 1, credit 1.
    expectTable('markov', a.models.markov, { in14: 1 }, reach);
    expect(a.markov.baseConversionRate).toBeCloseTo(1, 12);
    expect(a.markov.removalEffects.in14).toBeCloseTo(1, 12);
  });
});

// =============================================================================================
// 4 + 5. Heuristic models with 1, 2, 3 and 4 touches; an unattributed conversion.
// =============================================================================================
describe('§7 heuristic models', () => {
  // All five users are none at T1 (no event before 06-16).
  // m0: impression 06-20 (no channel) → none → D, trigger = the impression; no touchpoint →
  //   unattributed, in no model.
  // m1 (1 touch): impression A 06-20 10:00, search 06-20 12:00 (no channel, trigger) → none → E1.
  //   Touches [A]: every model gives A 1.
  // m2 (2 touches): impression A 06-17 12:00, search with channel B 06-24 12:00 (the trigger
  //   itself carries B: "up to and including the trigger") → none → E1. Touches [A, B];
  //   Δ = exactly 7 days and 0.
  // m3 (3 touches): impression C 06-18 00:00, click A 06-19 00:00, search B 06-21 00:00 (trigger)
  //   → none → E1. Touches [C, A, B]; Δ = 3 d, 2 d, 0.
  // m4 (4 touches, A repeated): impression A 06-21 12:00, click B 06-24 12:00, impression A
  //   06-27 12:00, cart C 06-28 12:00 (trigger; the earlier events are D actions only, so P first
  //   holds at the cart) → none → P. Touches [A, B, A, C]; Δ = 7 d, 4 d, 1 d, 0.
  const LINES = [
    ev('m0', '2024-06-20 10:00:00', 'impression'),
    ev('m1', '2024-06-20 10:00:00', 'impression', { channel: 'A' }),
    ev('m1', '2024-06-20 12:00:00', 'search'),
    ev('m2', '2024-06-17 12:00:00', 'impression', { channel: 'A' }),
    ev('m2', '2024-06-24 12:00:00', 'search', { channel: 'B' }),
    ev('m3', '2024-06-18 00:00:00', 'impression', { channel: 'C' }),
    ev('m3', '2024-06-19 00:00:00', 'click', { channel: 'A' }),
    ev('m3', '2024-06-21 00:00:00', 'search', { channel: 'B' }),
    ev('m4', '2024-06-21 12:00:00', 'impression', { channel: 'A' }),
    ev('m4', '2024-06-24 12:00:00', 'click', { channel: 'B' }),
    ev('m4', '2024-06-27 12:00:00', 'impression', { channel: 'A' }),
    ev('m4', '2024-06-28 12:00:00', 'cart', { channel: 'C' }),
  ];
  // Reach (users with a B event on the channel in 06-16…06-30): A m1 m2 m3 m4 = 4; B m2 m3 m4 = 3;
  // C m3 m4 = 2.
  const REACH = { A: 4, B: 3, C: 2 };

  // Per conversion, per model (hand-worked):
  //   last touch:  m1 A · m2 B · m3 B · m4 C
  //   first touch: m1 A · m2 A · m3 C · m4 A
  //   linear (each occurrence 1/k): m2 A ½ B ½ · m3 ⅓ each · m4 A 2/4, B ¼, C ¼
  //   position-based: m2 A ½ B ½ · m3 C 0.4, A 0.2 (the only middle), B 0.4 ·
  //     m4 first A 0.4, middles B and A 0.1 each, last C 0.4 → A 0.5, B 0.1, C 0.4
  const EXPECT = {
    lastTouch: sumCredits({ A: 1 }, { B: 1 }, { B: 1 }, { C: 1 }),
    firstTouch: sumCredits({ A: 1 }, { A: 1 }, { C: 1 }, { A: 1 }),
    linear: sumCredits(
      { A: 1 },
      { A: 1 / 2, B: 1 / 2 },
      { C: 1 / 3, A: 1 / 3, B: 1 / 3 },
      {
        A: 2 / 4,
        B: 1 / 4,
        C: 1 / 4,
      },
    ),
    positionBased: sumCredits(
      { A: 1 },
      { A: 0.5, B: 0.5 },
      { C: 0.4, A: 0.2, B: 0.4 },
      {
        A: 0.4 + 0.1,
        B: 0.1,
        C: 0.4,
      },
    ),
  };

  it('conversions, totals and every heuristic model (default 7-day half-life)', async () => {
    await prep(LINES);
    const c = await conversionsOf();
    expect(Object.fromEntries(Object.entries(c).map(([u, v]) => [u, [v.s1, v.s2, v.row]]))).toEqual(
      {
        m0: ['none', 'D', 0],
        m1: ['none', 'E1', 2],
        m2: ['none', 'E1', 4],
        m3: ['none', 'E1', 7],
        m4: ['none', 'P', 11],
      },
    );
    const a = await runAttribution(runner, spec());
    // 5 conversions; m0 has no touchpoint → unattributed, not spread; touch occurrences 1+2+3+4.
    expect([a.conversions, a.attributed, a.unattributed, a.touchpoints]).toEqual([5, 4, 1, 10]);
    expect(a.halfLife).toBe(7);
    expect(a.channels).toEqual(['A', 'B', 'C']);
    for (const m of ['lastTouch', 'firstTouch', 'linear', 'positionBased'] as const)
      expectTable(m, a.models[m], EXPECT[m], REACH);
    // Time decay, weight 2^(−Δ/7 d), normalised per conversion:
    //   m1: A 1.
    //   m2: A at 7 d → ½, B at 0 → 1 → A ⅓, B ⅔.
    //   m3: C 2^(−3/7), A 2^(−2/7), B 1, each ÷ their sum.
    //   m4: A 2^(−1) + 2^(−1/7), B 2^(−4/7), C 1, each ÷ (½ + 2^(−4/7) + 2^(−1/7) + 1).
    const s3 = 2 ** (-3 / 7) + 2 ** (-2 / 7) + 1;
    const s4 = 0.5 + 2 ** (-4 / 7) + 2 ** (-1 / 7) + 1;
    expectTable(
      'timeDecay',
      a.models.timeDecay,
      sumCredits(
        { A: 1 },
        { A: 1 / 3, B: 2 / 3 },
        { C: 2 ** (-3 / 7) / s3, A: 2 ** (-2 / 7) / s3, B: 1 / s3 },
        { A: (0.5 + 2 ** (-1 / 7)) / s4, B: 2 ** (-4 / 7) / s4, C: 1 / s4 },
      ),
      REACH,
    );
    // Sanity of the hand sums: each heuristic spreads exactly the 4 attributed conversions.
    for (const m of Object.values(EXPECT))
      expect(Object.values(m).reduce((x, y) => x + y, 0)).toBeCloseTo(4, 12);
    expectModelSums('all', a);
    expect(a.byFromStage.none.attributed).toBe(4);
    expect(a.byFromStage.none.unattributed).toBe(1);
  });

  it('time decay with halfLifeDays = 1 on exact times', async () => {
    await prep(LINES);
    const a = await runAttribution(runner, spec(1));
    expect(a.halfLife).toBe(1);
    // Weight 2^(−Δ/1 d):
    //   m1: A 1.  m2: A 2^−7 = 1/128, B 1 → A 1/129, B 128/129.
    //   m3: C 1/8, A 1/4, B 1 → sum 11/8 → C 1/11, A 2/11, B 8/11.
    //   m4: A 1/128 + 1/2, B 1/16, C 1 → sum (1 + 64 + 8 + 128)/128 = 201/128
    //       → A 65/201, B 8/201, C 128/201.
    expectTable(
      'timeDecay',
      a.models.timeDecay,
      sumCredits(
        { A: 1 },
        { A: 1 / 129, B: 128 / 129 },
        { C: 1 / 11, A: 2 / 11, B: 8 / 11 },
        { A: 65 / 201, B: 8 / 201, C: 128 / 201 },
      ),
      REACH,
    );
    // The half-life changes nothing else.
    expectTable('lastTouch', a.models.lastTouch, EXPECT.lastTouch, REACH);
    expectTable('linear', a.models.linear, EXPECT.linear, REACH);
    expectModelSums('all', a);
  });
});

// =============================================================================================
// 6. Reach, rate and the split by from-stage.
// =============================================================================================
describe('§7 reach, rate and byFromStage', () => {
  // r1: impression 06-10 (no channel) and impression A 06-12 → D at T1. Search 06-18 (no channel)
  //   → E1 at T2, trigger 06-18; touch window 06-04…06-18 → touches [A] (a touch before T1). r1
  //   has no A event dated in (T1, T2] → it does NOT add to A's reach.
  // r2: none at T1. Impression A 06-20 10:00, cart B 06-22 10:00 (trigger) → none → P.
  //   Touches [A, B], Δ = 2 d and 0.
  // r3: none at T1. Click B 06-21 → none → D; the trigger is the click itself → touches [B].
  // r4: impression 06-14 → D at T1; impression A 06-25 → D at T2 (impressions never make E1):
  //   no conversion, but reach A (and a Markov null path A → null under D).
  // r5: impression 06-13 → D at T1; search B 06-23 (trigger) → D → E1; touches [B].
  // r6: search 06-14 → E1 at T1; cart 06-20 (no channel, trigger) → E1 → P; no touchpoint →
  //   unattributed.
  const LINES = [
    ev('r1', '2024-06-10 10:00:00', 'impression'),
    ev('r1', '2024-06-12 10:00:00', 'impression', { channel: 'A' }),
    ev('r1', '2024-06-18 10:00:00', 'search'),
    ev('r2', '2024-06-20 10:00:00', 'impression', { channel: 'A' }),
    ev('r2', '2024-06-22 10:00:00', 'cart', { channel: 'B' }),
    ev('r3', '2024-06-21 10:00:00', 'click', { channel: 'B' }),
    ev('r4', '2024-06-14 10:00:00', 'impression'),
    ev('r4', '2024-06-25 10:00:00', 'impression', { channel: 'A' }),
    ev('r5', '2024-06-13 10:00:00', 'impression'),
    ev('r5', '2024-06-23 10:00:00', 'search', { channel: 'B' }),
    ev('r6', '2024-06-14 10:00:00', 'search'),
    ev('r6', '2024-06-20 10:00:00', 'cart'),
  ];

  it('overall and per from-stage: reach, credits, rates and Markov', async () => {
    await prep(LINES);
    expect(await conversionsOf()).toEqual(
      expectedConv(LINES, {
        r1: ['D', 'E1', LINES[2], '2024-06-18'],
        r2: ['none', 'P', LINES[4], '2024-06-22'],
        r3: ['none', 'D', LINES[5], '2024-06-21'],
        r5: ['D', 'E1', LINES[9], '2024-06-23'],
        r6: ['E1', 'P', LINES[11], '2024-06-20'],
      }),
    );
    const a = await runAttribution(runner, spec());
    expect([a.conversions, a.attributed, a.unattributed, a.touchpoints]).toEqual([5, 4, 1, 5]);
    expect(a.channels).toEqual(['A', 'B']);

    // ---- overall: touches r1 [A], r2 [A, B], r3 [B], r5 [B].
    // Reach: A = r2, r4 (r1's A touch is before T1) → 2; B = r2, r3, r5 → 3.
    const reach = { A: 2, B: 3 };
    const w = 2 ** (-2 / 7); // r2's A, 2 days before its trigger
    expectTable('lastTouch', a.models.lastTouch, { A: 1, B: 3 }, reach); // rates ½ and 1
    expectTable('firstTouch', a.models.firstTouch, { A: 2, B: 2 }, reach);
    expectTable('linear', a.models.linear, { A: 1.5, B: 2.5 }, reach);
    expectTable('positionBased', a.models.positionBased, { A: 1.5, B: 2.5 }, reach);
    expectTable('timeDecay', a.models.timeDecay, { A: 1 + w / (1 + w), B: 1 / (1 + w) + 2 }, reach);
    // Markov, all paths: r1 A→conv, r2 A→B→conv, r3 B→conv, r5 B→conv, r4 A→null.
    //   start → A 3/5, → B 2/5; A → conv ⅓, → B ⅓, → null ⅓; B → conv 1.
    //   P = 3/5·(⅓ + ⅓·1) + 2/5·1 = 4/5. Without A: 2/5 → effect 1 − ½ = ½.
    //   Without B: 3/5·⅓ = 1/5 → effect 1 − ¼ = ¾. Credit ×4 attributed: A 4·(½)/(5/4) = 1.6,
    //   B 4·(¾)/(5/4) = 2.4.
    expect(a.markov.baseConversionRate).toBeCloseTo(4 / 5, 12);
    expect(a.markov.removalEffects.A).toBeCloseTo(1 / 2, 12);
    expect(a.markov.removalEffects.B).toBeCloseTo(3 / 4, 12);
    expectTable('markov', a.models.markov, { A: 1.6, B: 2.4 }, reach);
    expectModelSums('all', a);

    // ---- per from-stage (a separate model per group).
    expect(Object.keys(a.byFromStage).sort()).toEqual(['D', 'E1', 'none']);
    // D: r1 [A], r5 [B] converted; r4 (A → null) did not. Reach by stage at T1: A = r4 → 1,
    //   B = r5 → 1.
    const d = a.byFromStage.D;
    expect([d.attributed, d.unattributed]).toEqual([2, 0]);
    const reachD = { A: 1, B: 1 };
    expectTable('D lastTouch', d.models.lastTouch, { A: 1, B: 1 }, reachD);
    expectTable('D firstTouch', d.models.firstTouch, { A: 1, B: 1 }, reachD);
    expectTable('D linear', d.models.linear, { A: 1, B: 1 }, reachD);
    expectTable('D timeDecay', d.models.timeDecay, { A: 1, B: 1 }, reachD);
    // D Markov: start → A ⅔, → B ⅓; A → conv ½, → null ½; B → conv 1. P = ⅓ + ⅓ = ⅔.
    //   Without A: ⅓ → effect ½; without B: ⅓ → effect ½ → 1 each.
    expect(d.markov.baseConversionRate).toBeCloseTo(2 / 3, 12);
    expect(d.markov.removalEffects).toEqual({
      A: expect.closeTo(0.5, 12),
      B: expect.closeTo(0.5, 12),
    });
    expectTable('D markov', d.models.markov, { A: 1, B: 1 }, reachD);
    // none: r2 [A, B], r3 [B]. Reach: A = r2 → 1; B = r2, r3 → 2.
    const n = a.byFromStage.none;
    expect([n.attributed, n.unattributed]).toEqual([2, 0]);
    const reachN = { A: 1, B: 2 };
    expectTable('none lastTouch', n.models.lastTouch, { B: 2 }, reachN);
    expectTable('none firstTouch', n.models.firstTouch, { A: 1, B: 1 }, reachN);
    expectTable('none linear', n.models.linear, { A: 0.5, B: 1.5 }, reachN);
    expectTable('none positionBased', n.models.positionBased, { A: 0.5, B: 1.5 }, reachN);
    expectTable(
      'none timeDecay',
      n.models.timeDecay,
      { A: w / (1 + w), B: 1 / (1 + w) + 1 },
      reachN,
    );
    // none Markov: start → A ½, → B ½; A → B 1; B → conv 1. P = 1. Without A: ½ → effect ½;
    //   without B: 0 → effect 1. Credits ×2: A 2·½/(3/2) = ⅔, B 2·1/(3/2) = 4/3.
    expect(n.markov.baseConversionRate).toBeCloseTo(1, 12);
    expectTable('none markov', n.models.markov, { A: 2 / 3, B: 4 / 3 }, reachN);
    // E1: r6 only, unattributed: nothing to spread; nobody of E1 at T1 has a period channel event.
    const e1 = a.byFromStage.E1;
    expect([e1.attributed, e1.unattributed]).toEqual([0, 1]);
    for (const m of MODELS) expectTable(`E1 ${m}`, e1.models[m], {}, { A: 0, B: 0 });

    // Heuristics per group sum to the overall, channel by channel.
    for (const m of HEURISTICS)
      for (const c of a.channels) {
        const s = Object.values(a.byFromStage).reduce((x, g) => x + g.models[m][c].conversions, 0);
        expect(Math.abs(s - a.models[m][c].conversions), `${m} ${c}`).toBeLessThan(1e-9);
      }
    for (const [g, grp] of Object.entries(a.byFromStage)) expectModelSums(g, grp);
  });
});

// =============================================================================================
// 7. The published Markov example, built from events.
// =============================================================================================
describe('§7 Markov removal effects: the published three-path example from events', () => {
  // u1: none at T1. Impression C1 06-17, impression C2 06-18, click C3 06-19 (D actions only),
  //   search 06-20 (no channel) → E1 holds first there → trigger; touch window 06-06…06-20 →
  //   path C1 > C2 > C3 > conversion.
  // u2: impression 06-15 (= T1, no channel) → D at T1; impression C1 06-20 → D at T2 (impressions
  //   never make E1): no conversion → null path C1 > null.
  // u3: impression 06-14 → D at T1; click C2 06-21, impression C3 06-22 → D at T2 → null path
  //   C2 > C3 > null.
  // Chain: start → C1 ⅔, → C2 ⅓; C1 → C2 ½, → null ½; C2 → C3 1; C3 → conv ½, → null ½.
  //   P(conv) = ⅔·½·1·½ + ⅓·1·½ = ⅙ + ⅙ = ⅓.
  //   Without C1: ⅓·½ = ⅙ → effect 1 − ½ = 0.5. Without C2 or C3: 0 → effect 1.
  //   Σ effects 2.5; one converting path → C1 0.5/2.5 = 0.2, C2 0.4, C3 0.4.
  const LINES = [
    ev('u1', '2024-06-17 10:00:00', 'impression', { channel: 'C1' }),
    ev('u1', '2024-06-18 10:00:00', 'impression', { channel: 'C2' }),
    ev('u1', '2024-06-19 10:00:00', 'click', { channel: 'C3' }),
    ev('u1', '2024-06-20 10:00:00', 'search'),
    ev('u2', '2024-06-15 10:00:00', 'impression'),
    ev('u2', '2024-06-20 10:00:00', 'impression', { channel: 'C1' }),
    ev('u3', '2024-06-14 10:00:00', 'impression'),
    ev('u3', '2024-06-21 10:00:00', 'click', { channel: 'C2' }),
    ev('u3', '2024-06-22 10:00:00', 'impression', { channel: 'C3' }),
  ];

  it('base ⅓, removal effects 0.5 / 1 / 1, credits 0.2 / 0.4 / 0.4', async () => {
    await prep(LINES);
    expect(await conversionsOf()).toEqual(
      expectedConv(LINES, { u1: ['none', 'E1', LINES[3], '2024-06-20'] }),
    );
    const a = await runAttribution(runner, spec());
    expect([a.conversions, a.attributed, a.unattributed, a.touchpoints]).toEqual([1, 1, 0, 3]);
    expect(Math.abs(a.markov.baseConversionRate - 1 / 3)).toBeLessThan(1e-9);
    expect(Object.keys(a.markov.removalEffects).sort()).toEqual(['C1', 'C2', 'C3']);
    expect(Math.abs(a.markov.removalEffects.C1 - 0.5)).toBeLessThan(1e-9);
    expect(Math.abs(a.markov.removalEffects.C2 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(a.markov.removalEffects.C3 - 1)).toBeLessThan(1e-9);
    // Reach: C1 u1, u2; C2 u1, u3; C3 u1, u3 → 2 each; rates 0.1, 0.2, 0.2.
    const reach = { C1: 2, C2: 2, C3: 2 };
    expectTable('markov', a.models.markov, { C1: 0.2, C2: 0.4, C3: 0.4 }, reach);
    // The heuristics only see u1's touches [C1, C2, C3].
    expectTable('lastTouch', a.models.lastTouch, { C3: 1 }, reach);
    expectTable('firstTouch', a.models.firstTouch, { C1: 1 }, reach);
    expectTable('linear', a.models.linear, { C1: 1 / 3, C2: 1 / 3, C3: 1 / 3 }, reach);
    expectTable('positionBased', a.models.positionBased, { C1: 0.4, C2: 0.2, C3: 0.4 }, reach);
    expectModelSums('all', a);
  });
});

// =============================================================================================
// 8. Properties on the demo data.
// =============================================================================================
describe('§7 properties on the demo data', () => {
  it('Σ credits = attributed; conversions = deepened into D…K; triggers in (T1, T2]', async () => {
    const { report: rep, topBrand } = await loadDemoEvents(api, runner, 30_000);
    const brand = topBrand;
    const from = '2024-06-01';
    const to = '2024-07-01';
    const s = { brand, from, to, rules: DEFAULT_RULES, moneyAvailable: rep.moneyAvailable };

    // Independent count: users whose rank rose into D…K, read off the §4 flow matrix.
    const f = await runFlow(runner, s);
    let deepenedIntoBrandStage = 0;
    for (const a of ['none', ...STAGES] as (Stage | 'none')[])
      for (const b of STAGES)
        if (b !== 'O' && RANK[b] > RANK[a]) deepenedIntoBrandStage += f.matrix[a][b];
    expect(deepenedIntoBrandStage).toBeGreaterThan(0);

    const att = await runAttribution(runner, s);
    expect(att.conversions).toBe(deepenedIntoBrandStage);
    expect(att.attributed + att.unattributed).toBe(att.conversions);
    expect(att.attributed).toBeGreaterThan(0);
    expect(att.transitions.reduce((x, t) => x + t.conversions, 0)).toBe(att.conversions);
    for (const t of att.transitions) {
      expect(RANK[t.to as Stage]).toBeGreaterThan(RANK[t.from as Stage | 'none']);
      expect(t.to).not.toBe('O');
    }
    expectModelSums('all', att, 1e-6);
    for (const [g, grp] of Object.entries(att.byFromStage)) expectModelSums(g, grp, 1e-6);

    // Every converter has a trigger dated in (T1, T2] = 2024-06-02 … 2024-07-01, one per user.
    const conv = await conversionsOf(s);
    const list = Object.values(conv);
    expect(list.length).toBe(att.conversions);
    for (const c of list) {
      expect(c.row).not.toBeNull();
      expect(c.date! > from && c.date! <= to, `trigger date ${c.date}`).toBe(true);
    }
  }, 120_000);
});
