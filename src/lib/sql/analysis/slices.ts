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

/**
 * `body(cond)` (an aggregate over the users that satisfy `cond`) once per slice, as a UNION ALL;
 * `cond` is `hash(user_id) % USER_SLICES = i`.
 */
export function perUserSlice(body: (cond: string) => string): string {
  return Array.from({ length: USER_SLICES }, (_, i) =>
    body(`hash(user_id) % ${USER_SLICES} = ${i}`),
  ).join('\n  UNION ALL\n  ');
}
