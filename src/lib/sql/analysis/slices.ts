/**
 * User slices: a count over users computed per slice of the users (by a hash of user_id) and
 * summed. Each user falls in exactly one slice, so the sum is exact; DuckDB holds one slice's hash
 * tables at a time. This matters in the tab: DuckDB-WASM's heap only grows and cannot pass 4 GB, so
 * the largest transient hash table of any query stays in the tab's memory for good. At 10M demo
 * events, `count(DISTINCT user_id)` by action and by brand in one piece took the heap from 611 to
 * 963 MB, and sliced in 4 not at all.
 *
 * Only simple aggregates gain: the same UNION ALL over the stage assignment and the flow (CTEs
 * materialised per slice, hash joins) kept every slice's tables until the statement ended, and the
 * Lumière flow alone grew the heap by 194 MB at 10M, where in one piece it did not grow it. Those
 * stay in one piece.
 */
export const USER_SLICES = 4;

/** One slice of the users: `hash(<col>) % of = index`. */
export interface UserSlice {
  of: number;
  index: number;
}

/** The SQL condition of a slice on a user id column (`TRUE` without a slice). */
export function sliceCondition(slice: UserSlice | undefined, col = 'user_id'): string {
  return slice ? `hash(${col}) % ${slice.of} = ${slice.index}` : 'TRUE';
}

/** Every slice of {@link USER_SLICES}. */
export function userSlices(): UserSlice[] {
  return Array.from({ length: USER_SLICES }, (_, index) => ({ of: USER_SLICES, index }));
}

/** `body(slice)` (an aggregate over that slice's users) once per slice, as a UNION ALL. */
export function perUserSlice(body: (slice: UserSlice) => string): string {
  return userSlices().map(body).join('\n  UNION ALL\n  ');
}
