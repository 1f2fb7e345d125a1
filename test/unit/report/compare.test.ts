/**
 * Monitoring (src/lib/report/compare.ts): pairs two periods' figures; changes are B − A and
 * (B − A) ÷ |A|; rates change in points; notable = ≥ 2 points for rates, ≥ 10 % for counts/money.
 * Inputs are small hand-made reports; every expected value is worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import {
  change,
  comparePeriods,
  notable,
  stageSizesAtEnd,
  type CompareRow,
  type PeriodReports,
} from '../../../src/lib/report/compare';
import { STAGES } from '../../../src/lib/sql/analysis/rules';
import { JOURNEY_TYPES } from '../../../src/lib/sql/analysis/journeys';

const zeros = () => Object.fromEntries(STAGES.map((s) => [s, 0]));
function period(opts: {
  d: number;
  i: number;
  deepening: number;
  progD: number;
  first: number;
  markov: Record<string, number>;
}): PeriodReports {
  // Matrix: column sums are the sizes at the end: D = opts.d (from none), I = opts.i (from D).
  const matrix = Object.fromEntries(['none', ...STAGES].map((r) => [r, zeros()]));
  matrix.none.D = opts.d;
  matrix.D.I = opts.i;
  const byStage = Object.fromEntries(
    STAGES.map((s) => [
      s,
      { size: 0, progressionRate: s === 'D' ? opts.progD : null, purchaseConversion: null },
    ]),
  );
  const byType = Object.fromEntries(
    JOURNEY_TYPES.map((c) => [
      c,
      { buyers: c === 'instant' ? opts.first : 0, gmv: null, share: null },
    ]),
  );
  const channels = Object.keys(opts.markov);
  return {
    from: 'x',
    to: 'y',
    flow: {
      matrix,
      byStage,
      deepeningRate: opts.deepening,
      newEntrants: opts.d,
      gmvContribution: {},
      gmvTotal: null,
    },
    journeys: { byType, repeat: { buyers: 0, gmv: null }, firstTimeBuyers: opts.first },
    attribution: {
      channels,
      conversions: 10,
      unattributed: 0,
      models: {
        markov: Object.fromEntries(
          channels.map((c) => [c, { reach: 1, conversions: opts.markov[c], rate: 0 }]),
        ),
      },
    },
  } as unknown as PeriodReports;
}

describe('change and notable', () => {
  it('is B − A and (B − A) ÷ |A|; null when either is null or A is 0 for the relative change', () => {
    expect(change(100, 120)).toEqual({ delta: 20, rel: 0.2 });
    expect(change(-50, -25)).toEqual({ delta: 25, rel: 0.5 });
    expect(change(0, 5)).toEqual({ delta: 5, rel: null });
    expect(change(null, 5)).toEqual({ delta: null, rel: null });
  });

  it('flags rates from 2 points, counts and money from 10 %', () => {
    const row = (kind: CompareRow['kind'], a: number, b: number): CompareRow => ({
      section: 'flow',
      key: 'k',
      kind,
      a,
      b,
      ...change(a, b),
    });
    expect(notable(row('rate', 0.1, 0.119))).toBe(false); // 1.9 points
    expect(notable(row('rate', 0.1, 0.121))).toBe(true); // 2.1 points
    expect(notable(row('count', 100, 109))).toBe(false); // 9 %
    expect(notable(row('count', 100, 111))).toBe(true); // 11 %
    expect(notable(row('count', 0, 3))).toBe(true); // from nothing
    expect(notable(row('money', 50, 50))).toBe(false);
  });
});

describe('comparePeriods', () => {
  const A = period({
    d: 40,
    i: 10,
    deepening: 0.25,
    progD: 0.2,
    first: 8,
    markov: { search: 6, feed: 4 },
  });
  const B = period({
    d: 50,
    i: 10,
    deepening: 0.3,
    progD: 0.21,
    first: 8,
    markov: { search: 5, tv: 5 },
  });
  const rows = comparePeriods(A, B);
  const get = (key: string, section?: string) =>
    rows.find((r) => r.key === key && (!section || r.section === section))!;

  it('compares the stage sizes at each end (the matrix column sums)', () => {
    expect(stageSizesAtEnd(A.flow)).toMatchObject({ D: 40, I: 10, O: 0 });
    // D: 40 → 50, +10, +25 %; I: 10 → 10.
    expect(get('D', 'scale')).toMatchObject({ a: 40, b: 50, delta: 10, rel: 0.25 });
    expect(get('I', 'scale')).toMatchObject({ a: 10, b: 10, delta: 0, rel: 0 });
  });

  it('compares rates in points: deepening 25 % → 30 % is +5 points, +20 %', () => {
    const r = get('deepeningRate');
    expect(r.kind).toBe('rate');
    expect(r.delta).toBeCloseTo(0.05, 12);
    expect(r.rel).toBeCloseTo(0.2, 12);
    expect(notable(r)).toBe(true);
    expect(notable(get('progression.D'))).toBe(false); // 1 point
  });

  it('takes every channel of either period; one missing from a period counts 0 there', () => {
    // search 6 → 5; feed 4 → 0 (absent in B); tv 0 (absent in A) → 5; sorted by name.
    const credit = rows.filter((r) => r.key.startsWith('markov.'));
    expect(credit.map((r) => [r.key, r.a, r.b])).toEqual([
      ['markov.feed', 4, 0],
      ['markov.search', 6, 5],
      ['markov.tv', 0, 5],
    ]);
    expect(get('markov.tv').rel).toBeNull();
  });

  it('pairs the journeys: first-time buyers and the buyers per class', () => {
    expect(get('firstTimeBuyers')).toMatchObject({ a: 8, b: 8, delta: 0 });
    expect(get('buyers.instant')).toMatchObject({ a: 8, b: 8 });
    expect(get('buyers.repeat')).toMatchObject({ a: 0, b: 0, rel: null });
  });
});
