/**
 * Hand-worked tests of two additions to DOMAIN.md §7 (src/lib/report/attribution.ts):
 * 1. conversion value (ROI): with money available, a conversion's value is the converter's GMV
 *    for the brand over the period — the net amount (refunds effective on or before T2
 *    subtracted) of their purchase occasions dated in (T1, T2], as of T2 (§4's GMV, one user).
 *    Heuristic models spread it with the same per-touch weights as the conversion; Markov gives
 *    the group's attributed value × removal effect ÷ Σ removal effects. Unattributed conversions
 *    spread nothing. Without an amount column `value` is absent.
 * 2. `byToStage`: a separate model per target stage (the stage at T2): heuristics over the
 *    conversions into X; reach = the overall reach; Markov over the converting paths into X plus
 *    ALL the non-converters' null paths.
 * Every expected number below was worked out by hand from the rows (reasoning in the comments);
 * nothing was copied from what the code prints. Helpers as in attribution.test.ts.
 *
 * T1 = 2024-06-15, T2 = 2024-06-30, brand B, category C. Period (T1, T2] = 06-16 … 06-30.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents } from '../../../src/lib/report/prepare';
import { runAttribution } from '../../../src/lib/report/attribution';
import type { AttributionGroup, ChannelFigures } from '../../../src/lib/attribution/report';
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

const T1 = '2024-06-15';
const T2 = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,channel,amount,order_id';
const COLUMNS: Mapping['columns'] = {
  user_id: 'user_id',
  ts: 'ts',
  action: 'action',
  brand: 'brand',
  category: 'category',
  channel: 'channel',
  amount: 'amount',
  order_id: 'order_id',
};
const WITH_AMOUNT: Mapping = { ...emptyMapping(), columns: COLUMNS, actions: IDENTITY_ACTIONS };
const NO_AMOUNT: Mapping = {
  ...emptyMapping(),
  columns: Object.fromEntries(Object.entries(COLUMNS).filter(([k]) => k !== 'amount')),
  actions: IDENTITY_ACTIONS,
};

/** One CSV line of brand B, category C. */
const ev = (user: string, ts: string, action: string, channel = '', amount = '', order = '') =>
  [user, ts, action, 'B', 'C', channel, amount, order].join(',');

// a: none → I. Impression feed 06-18 10:00, click search 06-20 10:00, purchase a1 = 100 on 06-22
//    10:00 (no channel) → I holds first at the purchase → trigger. Touch window 06-08 … 06-22 →
//    touches [feed, search], Δ = 4 d and 2 d. Value = a1's net 100.
// b: I → N. Order b0 = 80 on 2024-03-01 → I at T1 (365 d = 2023-06-17 … 2024-06-15). View live
//    06-17, impression search 06-19, order b1 = 60 on 06-24 (the second occasion → N holds →
//    trigger). Touches [live, search], Δ = 7 d and 5 d. Refunds link by (user, order_id, brand)
//    (§1): 10 on 06-26 → effective max(06-26, 06-24) = 06-26 ≤ T2 → counts; 20 on 07-02 → effective
//    07-02 > T2 → does not. Value = occasions dated in (T1, T2] as of T2 = b1 only (b0 is before
//    T1) = 60 − 10 = 50. T2: b0 + b1 (net 50 > 0) = 2 occasions, no member/review/share → N.
// c: none → P. Impression search 06-20 10:00, cart feed 06-21 10:00 (the trigger carries the
//    channel) → touches [search, feed], Δ = 1 d and 0. No purchase → value 0.
// d: impression (no channel) 06-10 → D at T1; impression search 06-20 → D at T2: no conversion →
//    Markov null path [search] (from-stage D).
// e: none → I by purchase e1 = 40 on 06-25, no channel event at all → unattributed; its 40 goes
//    to no channel.
const LINES = [
  ev('a', '2024-06-18 10:00:00', 'impression', 'feed'),
  ev('a', '2024-06-20 10:00:00', 'click', 'search'),
  ev('a', '2024-06-22 10:00:00', 'purchase', '', '100', 'a1'),
  ev('b', '2024-03-01 10:00:00', 'purchase', '', '80', 'b0'),
  ev('b', '2024-06-17 10:00:00', 'view', 'live'),
  ev('b', '2024-06-19 10:00:00', 'impression', 'search'),
  ev('b', '2024-06-24 10:00:00', 'purchase', '', '60', 'b1'),
  ev('b', '2024-06-26 10:00:00', 'refund', '', '10', 'b1'),
  ev('b', '2024-07-02 10:00:00', 'refund', '', '20', 'b1'),
  ev('c', '2024-06-20 10:00:00', 'impression', 'search'),
  ev('c', '2024-06-21 10:00:00', 'cart', 'feed'),
  ev('d', '2024-06-10 10:00:00', 'impression'),
  ev('d', '2024-06-20 10:00:00', 'impression', 'search'),
  ev('e', '2024-06-25 10:00:00', 'purchase', '', '40', 'e1'),
];
// Overall reach (B channel events dated 06-16 … 06-30): feed a, c → 2; search a, b, c, d → 4;
// live b → 1.
const REACH = { feed: 2, live: 1, search: 4 };

let csvNo = 0;
async function run(mapping: Mapping) {
  const ds = await loadCsv(api, [HEADER, ...LINES].join('\n'), `att_value_${++csvNo}.csv`);
  const rep = await prepareEvents(runner, ds.table, ds.columns, mapping);
  expect(rep.events).toBe(LINES.length);
  expect(rep.unlinkedRefunds).toBe(0); // both refunds link to b's order b1
  return runAttribution(runner, {
    brand: 'B',
    from: T1,
    to: T2,
    rules: DEFAULT_RULES,
    moneyAvailable: rep.moneyAvailable,
  });
}

/** Expected [conversions, value] per channel; a channel left out expects [0, 0]. */
type Want = Partial<Record<'feed' | 'live' | 'search', [number, number]>>;

/** One model table: every channel of `reach`, its reach, conversions, rate and value. */
function expectTable(
  label: string,
  table: Record<string, ChannelFigures>,
  want: Want,
  reach: Record<string, number> = REACH,
) {
  expect([label, Object.keys(table).sort()]).toEqual([label, Object.keys(reach).sort()]);
  for (const [c, r] of Object.entries(reach)) {
    const f = table[c];
    const [conv, value] = want[c as keyof Want] ?? [0, 0];
    expect(f.reach, `${label} ${c} reach`).toBe(r);
    expect(f.conversions, `${label} ${c} conversions`).toBeCloseTo(conv, 9);
    if (r === 0) expect(f.rate, `${label} ${c} rate`).toBeNull();
    else expect(f.rate, `${label} ${c} rate`).toBeCloseTo(conv / r, 9);
    // Attributed GMV is reported to 4 decimals (VALUE_DECIMALS).
    expect(f.value, `${label} ${c} value`).toBeCloseTo(value, 4);
  }
}

// Time-decay shares (weight 2^(−Δ/7 d), normalised per conversion):
//   a: feed 2^(−4/7), search 2^(−2/7) → feed fa = 1 / (1 + 2^(2/7));
//   b: live 2^(−1) = ½, search 2^(−5/7) → live fb = ½ / (½ + 2^(−5/7));
//   c: search 2^(−1/7), feed 1 → search fc = 2^(−1/7) / (1 + 2^(−1/7)).
const fa = 1 / (1 + 2 ** (2 / 7));
const fb = 0.5 / (0.5 + 2 ** (-5 / 7));
const fc = 2 ** (-1 / 7) / (1 + 2 ** (-1 / 7));

describe('§7 conversion value and byToStage', () => {
  it('overall: every model carries the attributed value', async () => {
    const a = await run(WITH_AMOUNT);
    // a, b, c attributed; e unattributed; touches 2 + 2 + 2.
    expect([a.conversions, a.attributed, a.unattributed, a.touchpoints]).toEqual([4, 3, 1, 6]);
    expect(a.channels).toEqual(['feed', 'live', 'search']);
    // Conversion values: a 100, b 50, c 0 (e's 40 is unattributed).
    // last touch: a → search (100), b → search (50), c → feed (0).
    expectTable('lastTouch', a.models.lastTouch, { search: [2, 150], feed: [1, 0] });
    // first touch: a → feed (100), b → live (50), c → search (0).
    expectTable('firstTouch', a.models.firstTouch, {
      feed: [1, 100],
      live: [1, 50],
      search: [1, 0],
    });
    // linear = position-based (two touches each: ½ ½):
    //   feed ½ (a) + ½ (c) = 1, value 50 + 0 = 50; search ½ + ½ + ½ = 1.5, value 50 + 25 + 0 = 75;
    //   live ½ (b), value 25.
    const half = { feed: [1, 50], search: [1.5, 75], live: [0.5, 25] } as Want;
    expectTable('linear', a.models.linear, half);
    expectTable('positionBased', a.models.positionBased, half);
    // time decay: feed fa + (1 − fc), value 100·fa; search (1 − fa) + (1 − fb) + fc, value
    //   100·(1 − fa) + 50·(1 − fb); live fb, value 50·fb.
    expectTable('timeDecay', a.models.timeDecay, {
      feed: [fa + 1 - fc, 100 * fa],
      search: [1 - fa + (1 - fb) + fc, 100 * (1 - fa) + 50 * (1 - fb)],
      live: [fb, 50 * fb],
    });
    // Markov, paths a feed→search→conv, b live→search→conv, c search→feed→conv, d search→null.
    //   start → feed ¼, live ¼, search ½; feed → search ½, conv ½; live → search 1;
    //   search → conv ½ (a, b), feed ¼ (c), null ¼ (d).
    //   x_s = ½ + ¼·x_f, x_f = ½ + ½·x_s → x_s = 5/7, x_f = 6/7, x_l = x_s = 5/7;
    //   P = ¼·6/7 + ¼·5/7 + ½·5/7 = 21/28 = ¾.
    //   Without feed: x_s = ½, x_l = ½ → P = ¼·½ + ½·½ = 3/8 → effect 1 − ½ = ½.
    //   Without search: x_f = ½, x_l = 0 → P = ¼·½ = ⅛ → effect 1 − ⅙ = 5/6.
    //   Without live: P = ¼·6/7 + ½·5/7 = 4/7 → effect 1 − 16/21 = 5/21.
    //   Σ = 21/42 + 35/42 + 10/42 = 11/7 → shares feed 7/22, search 35/66, live 5/33.
    //   ×3 attributed: feed 21/22, search 35/22, live 5/11. ×150 attributed value (100 + 50 + 0):
    //   feed 525/11, search 875/11, live 250/11.
    expect(a.markov.baseConversionRate).toBeCloseTo(3 / 4, 9);
    expect(a.markov.removalEffects.feed).toBeCloseTo(1 / 2, 9);
    expect(a.markov.removalEffects.search).toBeCloseTo(5 / 6, 9);
    expect(a.markov.removalEffects.live).toBeCloseTo(5 / 21, 9);
    expectTable('markov', a.models.markov, {
      feed: [21 / 22, 525 / 11],
      search: [35 / 22, 875 / 11],
      live: [5 / 11, 250 / 11],
    });
  });

  it('byFromStage carries the value of its own conversions', async () => {
    const a = await run(WITH_AMOUNT);
    // From-stages with conversions: none (a, c, e) and I (b); d (D) did not convert.
    expect(Object.keys(a.byFromStage).sort()).toEqual(['I', 'none']);
    // none: reach by stage at T1: feed a, c → 2; search a, c → 2; live 0.
    const n = a.byFromStage.none;
    expect([n.attributed, n.unattributed]).toEqual([2, 1]);
    const reachN = { feed: 2, live: 0, search: 2 };
    expectTable('none lastTouch', n.models.lastTouch, { search: [1, 100], feed: [1, 0] }, reachN);
    expectTable('none firstTouch', n.models.firstTouch, { feed: [1, 100], search: [1, 0] }, reachN);
    expectTable('none linear', n.models.linear, { feed: [1, 50], search: [1, 50] }, reachN);
    // none Markov (no null path: d is under D): start → feed ½, search ½; feed → search ½, conv ½;
    //   search → feed ½, conv ½ → x_f = x_s = 1, P = 1. Without feed: x_s = ½ → P = ¼ → effect ¾;
    //   without search: likewise ¾ → ½ each: credits 1, 1; value 100 (a 100 + c 0) × ½ = 50 each.
    expectTable('none markov', n.models.markov, { feed: [1, 50], search: [1, 50] }, reachN);
    // I: b [live, search], value 50. Reach: live b, search b → 1 each.
    const i = a.byFromStage.I;
    expect([i.attributed, i.unattributed]).toEqual([1, 0]);
    const reachI = { feed: 0, live: 1, search: 1 };
    expectTable('I lastTouch', i.models.lastTouch, { search: [1, 50] }, reachI);
    expectTable('I firstTouch', i.models.firstTouch, { live: [1, 50] }, reachI);
    // I Markov: live → search → conv only; removing either leaves 0 → effects 1, 1 → ½ each.
    expectTable('I markov', i.models.markov, { live: [0.5, 25], search: [0.5, 25] }, reachI);
  });

  it('byToStage: one model per target stage, overall reach, all null paths', async () => {
    const a = await run(WITH_AMOUNT);
    const by = a.byToStage as Record<string, AttributionGroup>;
    // Targets with conversions: I (a, e), N (b), P (c). No D, E1, E2 or K key.
    expect(Object.keys(by).sort()).toEqual(['I', 'N', 'P']);

    // ---- I: a attributed (value 100), e unattributed (its 40 goes nowhere).
    const i = by.I;
    expect([i.attributed, i.unattributed]).toEqual([1, 1]);
    expectTable('I lastTouch', i.models.lastTouch, { search: [1, 100] });
    expectTable('I firstTouch', i.models.firstTouch, { feed: [1, 100] });
    expectTable('I linear', i.models.linear, { feed: [0.5, 50], search: [0.5, 50] });
    expectTable('I positionBased', i.models.positionBased, { feed: [0.5, 50], search: [0.5, 50] });
    expectTable('I timeDecay', i.models.timeDecay, {
      feed: [fa, 100 * fa],
      search: [1 - fa, 100 * (1 - fa)],
    });
    // I Markov: a feed→search→conv, d search→null (all null paths). start → feed ½, search ½;
    //   feed → search 1; search → conv ½, null ½ → x_s = x_f = ½, P = ½.
    //   Without feed: P = ½·½ = ¼ → effect ½. Without search: 0 → effect 1. Σ 3/2 → feed ⅓,
    //   search ⅔ of 1 attributed and of value 100. live is in no I path → 0.
    expect(i.markov.baseConversionRate).toBeCloseTo(1 / 2, 9);
    expect(i.markov.removalEffects.feed).toBeCloseTo(1 / 2, 9);
    expect(i.markov.removalEffects.search).toBeCloseTo(1, 9);
    expectTable('I markov', i.models.markov, {
      feed: [1 / 3, 100 / 3],
      search: [2 / 3, 200 / 3],
    });

    // ---- N: b [live, search], value 50.
    const n = by.N;
    expect([n.attributed, n.unattributed]).toEqual([1, 0]);
    expectTable('N lastTouch', n.models.lastTouch, { search: [1, 50] });
    expectTable('N firstTouch', n.models.firstTouch, { live: [1, 50] });
    expectTable('N linear', n.models.linear, { live: [0.5, 25], search: [0.5, 25] });
    expectTable('N positionBased', n.models.positionBased, { live: [0.5, 25], search: [0.5, 25] });
    // N Markov: b live→search→conv, d search→null: the I chain with live for feed → live ⅓,
    //   search ⅔; value 50/3, 100/3.
    expectTable('N markov', n.models.markov, { live: [1 / 3, 50 / 3], search: [2 / 3, 100 / 3] });

    // ---- P: c [search, feed], value 0.
    const p = by.P;
    expect([p.attributed, p.unattributed]).toEqual([1, 0]);
    expectTable('P lastTouch', p.models.lastTouch, { feed: [1, 0] });
    expectTable('P firstTouch', p.models.firstTouch, { search: [1, 0] });
    expectTable('P linear', p.models.linear, { feed: [0.5, 0], search: [0.5, 0] });
    // P Markov: c search→feed→conv, d search→null. start → search 1; search → feed ½, null ½;
    //   feed → conv 1 → P = ½. Removing either leaves 0 → effects 1, 1 → ½ each, value 0.
    expect(p.markov.baseConversionRate).toBeCloseTo(1 / 2, 9);
    expectTable('P markov', p.models.markov, { feed: [0.5, 0], search: [0.5, 0] });

    // Heuristics: Σ over target stages = overall, channel by channel (conversions and value).
    for (const m of ['lastTouch', 'firstTouch', 'linear', 'timeDecay', 'positionBased'] as const)
      for (const c of a.channels) {
        const groups = Object.values(by);
        const conv = groups.reduce((x, g) => x + g.models[m][c].conversions, 0);
        const value = groups.reduce((x, g) => x + (g.models[m][c].value ?? NaN), 0);
        expect(conv, `${m} ${c} Σ conversions`).toBeCloseTo(a.models[m][c].conversions, 9);
        expect(value, `${m} ${c} Σ value`).toBeCloseTo(a.models[m][c].value ?? NaN, 6);
      }
  });

  it('without an amount column every value is absent', async () => {
    // No amount: every order is an occasion, refunds cancel nothing — b is still I → N, a and e
    // still none → I, c none → P; only the money disappears.
    const a = await run(NO_AMOUNT);
    expect([a.conversions, a.attributed, a.unattributed]).toEqual([4, 3, 1]);
    expect(a.models.lastTouch.search.conversions).toBeCloseTo(2, 9);
    const by = a.byToStage as Record<string, AttributionGroup>;
    expect(Object.keys(by).sort()).toEqual(['I', 'N', 'P']);
    const groups: [string, AttributionGroup][] = [
      ['all', a],
      ...Object.entries(a.byFromStage).map(
        ([g, x]) => [`from ${g}`, x] as [string, AttributionGroup],
      ),
      ...Object.entries(by).map(([g, x]) => [`to ${g}`, x] as [string, AttributionGroup]),
    ];
    for (const [g, grp] of groups)
      for (const [m, table] of Object.entries(grp.models))
        for (const [c, f] of Object.entries(table))
          expect(f.value, `${g} ${m} ${c} value`).toBeUndefined();
  });
});
