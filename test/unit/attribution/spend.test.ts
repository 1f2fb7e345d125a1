/**
 * Issue #8 item 1: cost per conversion per channel and model (src/lib/attribution/spend.ts), on a
 * small hand-made report. Every expected figure is worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { costPerConversion, planCostPerTransition } from '../../../src/lib/attribution/spend';
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
    expect(r.rows[1].byModel.timeDecay).toEqual({
      credit: 0,
      costPer: null,
      value: null,
      roi: null,
    });
    expect(r.rows[1].byModel.linear).toEqual({ credit: 0.5, costPer: 60, value: null, roi: null });
  });

  it('no-conversions, no-spend and zero-cost', () => {
    const none = Object.fromEntries(MODELS.map((m) => [m, null]));
    // c: credit 0 everywhere → every costPer null.
    expect(costPer(r, 'c')).toEqual(none);
    // d: no spend entry → cost unknown, every costPer null, the credits still shown.
    expect(costPer(r, 'd')).toEqual(none);
    expect(r.rows[3].byModel.firstTouch).toEqual({
      credit: 2,
      costPer: null,
      value: null,
      roi: null,
    });
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
    expect(a.byModel.lastTouch).toEqual({ credit: 2, costPer: 5, value: null, roi: null });
    expect(a.byModel.markov).toEqual({ credit: 0, costPer: null, value: null, roi: null });
    expect(a.status).toBe('ok');
  });

  it('refuses a negative or non-finite cost', () => {
    expect(() => costPerConversion([{ channel: 'a', cost: -1 }], report())).toThrow(RangeError);
    expect(() => costPerConversion([{ channel: 'a', cost: NaN }], report())).toThrow(RangeError);
  });
});

describe('ROI and cost per transition into a stage', () => {
  // One channel pair with attributed GMV (`value`) under last touch and Markov only, and two
  // target-stage models. Spend: x 200, y 0, no entry for z.
  const fig = (conversions: number, value?: number): ChannelFigures => ({
    reach: 10,
    conversions,
    rate: conversions / 10,
    ...(value === undefined ? {} : { value }),
  });
  const models = (x: ChannelFigures, y: ChannelFigures, z: ChannelFigures) =>
    Object.fromEntries(
      MODELS.map((m): [string, Record<string, ChannelFigures>] => [m, { x, y, z }]),
    ) as AttributionReport['models'];
  const group = (m: AttributionReport['models']) => ({
    attributed: 0,
    unattributed: 0,
    models: m,
    markov: { baseConversionRate: 0, removalEffects: {} },
  });
  const rep: Pick<AttributionReport, 'channels' | 'models' | 'byToStage'> = {
    channels: ['x', 'y', 'z'],
    models: models(fig(4, 1000), fig(2, 300), fig(1, 50)),
    byToStage: {
      // Into P: 3 conversions for x, none for y; no GMV (P buyers do not buy).
      P: group(models(fig(3, 0), fig(0, 0), fig(0, 0))),
      // Into I: 1 for x with 1,000 of GMV, 2 for y with 300, 1 for z with 50.
      I: group(models(fig(1, 1000), fig(2, 300), fig(1, 50))),
    },
  };
  const r = costPerConversion(
    [
      { channel: 'x', cost: 200 },
      { channel: 'y', cost: 0 },
    ],
    rep,
  );

  it('ROI = attributed GMV ÷ cost; null at cost 0 and without spend', () => {
    // x: 1,000 / 200 = 5; cost per conversion 200 / 4 = 50.
    expect(r.rows[0].byModel.markov).toEqual({ credit: 4, costPer: 50, value: 1000, roi: 5 });
    // y: cost 0 → cost per conversion 0, ROI undefined (no division by 0).
    expect(r.rows[1].byModel.lastTouch).toEqual({ credit: 2, costPer: 0, value: 300, roi: null });
    // z: no spend entry → both null, the GMV still shown.
    expect(r.rows[2].byModel.linear).toEqual({ credit: 1, costPer: null, value: 50, roi: null });
  });

  it('one table per target stage, same channels, same statuses', () => {
    expect(Object.keys(r.byToStage)).toEqual(['P', 'I']);
    // Into P: x 200 / 3 = 66.67 per transition; ROI 0 / 200 = 0; y credit 0 at cost 0.
    const p = r.byToStage.P;
    expect(p.map((x) => [x.channel, x.status])).toEqual([
      ['x', 'ok'],
      ['y', 'zero-cost'],
      ['z', 'no-spend'],
    ]);
    expect(p[0].byModel.firstTouch.costPer).toBeCloseTo(66.666666667, 8);
    expect(p[0].byModel.firstTouch.roi).toBe(0);
    expect(p[1].byModel.firstTouch).toEqual({ credit: 0, costPer: null, value: 0, roi: null });
    // Into I: x 200 / 1 = 200 per transition, ROI 1,000 / 200 = 5.
    expect(r.byToStage.I[0].byModel.timeDecay).toEqual({
      credit: 1,
      costPer: 200,
      value: 1000,
      roi: 5,
    });
    // The spend matched by any table is not "without events".
    expect(r.spendWithoutEvents).toEqual([]);
  });

  it('the planner: each channel at its overall cost per transition, where it moved users', () => {
    // Overall Markov: x 200 / 4 = 50, y 0 / 2 = 0, z no spend → null.
    // Into P only x has credit (3) → {x: 50}; into I all three → {x: 50, y: 0, z: null};
    // no model for K → {}.
    expect(planCostPerTransition(r, ['P', 'I', 'K'])).toEqual({
      P: { x: 50 },
      I: { x: 50, y: 0, z: null },
      K: {},
    });
  });

  it('no byToStage in the report gives {}', () => {
    expect(costPerConversion([], report()).byToStage).toEqual({});
  });
});
