/**
 * Chart data of conversion rates by bucket and the rate re-sort of channel combinations
 * (src/lib/charts/bar/rates.ts, DOMAIN.md §8).
 */
import { describe, expect, it } from 'vitest';
import {
  BEST_MARK,
  RATE_SORT_MIN_USERS,
  noUsers,
  rateBars,
  sortByRate,
} from '../../../src/lib/charts/bar/rates';

const cell = (users: number, converters: number) => ({
  users,
  converters,
  rate: users ? converters / users : null,
});

describe('rateBars', () => {
  const buckets = ['1', '2', '10+'] as const;
  const cells = { '1': cell(10, 1), '2': cell(0, 0), '10+': cell(4, 2) };

  it('keeps the bucket order, gives empty buckets no bar and marks the best bucket', () => {
    expect(rateBars(buckets, cells, '10+')).toEqual([
      { label: '1', a: 0.1 },
      { label: '2', a: null },
      { label: `10+ ${BEST_MARK}`, a: 0.5 },
    ]);
  });

  it('marks nothing without a best bucket', () => {
    expect(rateBars(buckets, cells).map((d) => d.label)).toEqual(['1', '2', '10+']);
  });
});

describe('noUsers', () => {
  it('is true only when every bucket is empty', () => {
    expect(noUsers({ a: cell(0, 0), b: cell(0, 0) })).toBe(true);
    expect(noUsers({ a: cell(0, 0), b: cell(1, 0) })).toBe(false);
    expect(noUsers({})).toBe(true);
  });
});

describe('sortByRate', () => {
  const g = (name: string, users: number, converters: number) => ({
    name,
    users,
    converters,
    rate: converters / users,
  });
  // The report order: converters descending.
  const combos = [
    g('a', 200, 20), // 10%
    g('b', 50, 15), // 30%
    g('c', 10, 8), // 80%, too small
    g('d', 30, 3), // 10%, exactly the minimum; ties with a
    g('e', 29, 2), // too small
  ];

  it('ranks groups with at least 30 users by rate, ties in report order, then the rest', () => {
    expect(RATE_SORT_MIN_USERS).toBe(30);
    expect(sortByRate(combos).map((c) => c.name)).toEqual(['b', 'a', 'd', 'c', 'e']);
  });

  it('takes another minimum and leaves the input alone', () => {
    const before = combos.map((c) => c.name);
    expect(sortByRate(combos, 1).map((c) => c.name)).toEqual(['c', 'b', 'a', 'd', 'e']);
    expect(combos.map((c) => c.name)).toEqual(before);
  });

  it('handles an empty list', () => {
    expect(sortByRate([])).toEqual([]);
  });
});
