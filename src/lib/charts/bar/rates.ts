import type { PairedDatum } from './paired';

/** Users and converters of one bucket; rate = converters ÷ users, null with no users. */
export interface RateCell {
  users: number;
  converters: number;
  rate: number | null;
}

/** One group (e.g. a channel combination) with its users, converters and rate. */
export interface RateGroup {
  users: number;
  converters: number;
  rate: number;
}

/** The marker appended to the label of the highlighted bucket. */
export const BEST_MARK = '★';

/** Combinations need at least this many users to be ranked by rate (DOMAIN.md §8). */
export const RATE_SORT_MIN_USERS = 30;

/**
 * One-series bar data of conversion rate per bucket, in the order of `buckets`: a bucket with no
 * users has a null rate (no bar, "–"); the `best` bucket's label gets {@link BEST_MARK}.
 */
export function rateBars<B extends string>(
  buckets: readonly B[],
  cells: Record<B, RateCell>,
  best: B | null = null,
): PairedDatum[] {
  return buckets.map((b) => ({
    label: b === best ? `${b} ${BEST_MARK}` : b,
    a: cells[b].users > 0 ? cells[b].rate : null,
  }));
}

/** True when no bucket has a user. */
export function noUsers(cells: Record<string, RateCell>): boolean {
  return Object.values(cells).every((c) => c.users === 0);
}

/**
 * Groups re-sorted by rate: those with at least `minUsers` users first, by rate descending (ties
 * keep their order), then the smaller ones in their given order. The input is not changed.
 */
export function sortByRate<G extends RateGroup>(
  groups: readonly G[],
  minUsers = RATE_SORT_MIN_USERS,
): G[] {
  const big = groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g.users >= minUsers)
    .sort((x, y) => y.g.rate - x.g.rate || x.i - y.i)
    .map(({ g }) => g);
  return [...big, ...groups.filter((g) => g.users < minUsers)];
}
