/**
 * Issue #8 item 1: cost per conversion per channel and model (src/lib/attribution/spend.ts), on a
 * small hand-made report. Every expected figure is worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { costPerConversion } from '../../../src/lib/attribution/spend';
import { MODELS, type ModelId } from '../../../src/lib/attribution/models';
import type { AttributionReport, ChannelFigures } from '../../../src/lib/attribution/report';

/** Credited conversions per channel, in MODELS order: lastTouch, firstTouch, linear, timeDecay,
 * positionBased, markov. */
const CREDIT: Record<string, [number, number, number, number, number, number]> = {
  a: [2, 4, 2.5, 2, 3, 2.5],
  b: [3, 1, 0.5, 0, 1, 1.25],
  c: [0, 0, 0, 0, 0, 0],
  d: [1, 2, 1.5, 1, 1, 1],
  e: [1, 0, 0, 0, 0, 0],
  f: [0, 0, 0, 0, 0, 0],
};

function report(): Pick<AttributionReport, 'channels' | 'models'> {
  const channels = Object.keys(CREDIT);
  const models = Object.fromEntries(
    MODELS.map((m, i) => [
      m,
      Object.fromEntries(
        channels.map((c): [string, ChannelFigures] => [
          c,
          { reach: 10, conversions: CREDIT[c][i], rate: CREDIT[c][i] / 10 },
        ]),
      ),
    ]),
  ) as AttributionReport['models'];
  return { channels, models };
}

/*
 * Spend: a 100 + 0.1 + 0.2 (three entries: 100.3 to 4 decimals), b 30, " c " 20 (trimmed to c),
 * e 0, f 0, "A" 7 (no case folding: not a), tv 500. No entry for d.
 */
const SPEND = [
  { channel: 'a', cost: 100 },
  { channel: 'b', cost: 30 },
  { channel: ' c ', cost: 20 },
  { channel: 'e', cost: 0 },
  { channel: 'tv', cost: 500 },
  { channel: 'a', cost: 0.1 },
  { channel: 'A', cost: 7 },
  { channel: 'a', cost: 0.2 },
  { channel: 'f', cost: 0 },
];

const costPer = (r: ReturnType<typeof costPerConversion>, channel: string) => {
  const row = r.rows.find((x) => x.channel === channel);
  if (!row) throw new Error(channel);
  return Object.fromEntries(MODELS.map((m) => [m, row.byModel[m].costPer])) as Record<
    ModelId,
    number | null
  >;
};

describe('costPerConversion', () => {
  const r = costPerConversion(SPEND, report());

  it('keeps the report channels in order, with a status each', () => {
    expect(r.rows.map((x) => [x.channel, x.cost, x.status])).toEqual([
      ['a', 100.3, 'ok'],
      ['b', 30, 'ok'],
      ['c', 20, 'no-conversions'],
      ['d', null, 'no-spend'],
      ['e', 0, 'zero-cost'],
      // cost 0 and no credit: zero-cost comes before no-conversions.
      ['f', 0, 'zero-cost'],
    ]);
  });

  it('ok: cost ÷ credit per model; null where the model credits nothing', () => {
    // a: 100.3 / 2 = 50.15, / 4 = 25.075, / 2.5 = 40.12, / 2 = 50.15, / 3 = 33.4333…, / 2.5 = 40.12
    const a = costPer(r, 'a');
    expect(a.lastTouch).toBeCloseTo(50.15, 10);
    expect(a.firstTouch).toBeCloseTo(25.075, 10);
    expect(a.linear).toBeCloseTo(40.12, 10);
    expect(a.timeDecay).toBeCloseTo(50.15, 10);
    expect(a.positionBased).toBeCloseTo(33.433333333, 8);
    expect(a.markov).toBeCloseTo(40.12, 10);
    // b: 30 / 3 = 10, / 1 = 30, / 0.5 = 60, timeDecay credit 0 → null, / 1 = 30, / 1.25 = 24
    expect(costPer(r, 'b')).toEqual({
      lastTouch: 10,
      firstTouch: 30,
      linear: 60,
      timeDecay: null,
      positionBased: 30,
      markov: 24,
    });
    expect(r.rows[1].byModel.timeDecay).toEqual({ credit: 0, costPer: null });
    expect(r.rows[1].byModel.linear).toEqual({ credit: 0.5, costPer: 60 });
  });

  it('no-conversions, no-spend and zero-cost', () => {
    const none = Object.fromEntries(MODELS.map((m) => [m, null]));
    // c: credit 0 everywhere → every costPer null.
    expect(costPer(r, 'c')).toEqual(none);
    // d: no spend entry → cost unknown, every costPer null, the credits still shown.
    expect(costPer(r, 'd')).toEqual(none);
    expect(r.rows[3].byModel.firstTouch).toEqual({ credit: 2, costPer: null });
    // e: cost 0; last touch credits 1 → 0; the other models credit 0 → null.
    expect(costPer(r, 'e')).toEqual({ ...none, lastTouch: 0 });
    expect(costPer(r, 'f')).toEqual(none);
  });

  it('lists spend without events and sums the costs', () => {
    // "A" and "tv" touch no report channel; sorted by code unit ("A" = 65 < "t" = 116).
    expect(r.spendWithoutEvents).toEqual([
      { channel: 'A', cost: 7 },
      { channel: 'tv', cost: 500 },
    ]);
    // 100.3 + 30 + 20 + 0 + 0 + 7 + 500 = 657.3; unmatched 7 + 500 = 507.
    expect(r.totalCost).toBe(657.3);
    expect(r.unmatchedCost).toBe(507);
  });

  it('with no spend at all every channel is no-spend', () => {
    const empty = costPerConversion([], report());
    expect(empty.rows.every((x) => x.status === 'no-spend' && x.cost === null)).toBe(true);
    expect([empty.totalCost, empty.unmatchedCost, empty.spendWithoutEvents]).toEqual([0, 0, []]);
  });

  it('a channel missing from a model table counts as credit 0', () => {
    const rep = report();
    delete rep.models.markov.a;
    const a = costPerConversion([{ channel: 'a', cost: 10 }], rep).rows[0];
    // 10 / 2 under last touch; markov has no entry → credit 0, costPer null.
    expect(a.byModel.lastTouch).toEqual({ credit: 2, costPer: 5 });
    expect(a.byModel.markov).toEqual({ credit: 0, costPer: null });
    expect(a.status).toBe('ok');
  });

  it('refuses a negative or non-finite cost', () => {
    expect(() => costPerConversion([{ channel: 'a', cost: -1 }], report())).toThrow(RangeError);
    expect(() => costPerConversion([{ channel: 'a', cost: NaN }], report())).toThrow(RangeError);
  });
});
