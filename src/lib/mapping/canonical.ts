/** Canonical actions of DOMAIN.md §1, in funnel order. */
export const CANONICAL_ACTIONS = [
  'impression',
  'click',
  'view',
  'search',
  'video',
  'like',
  'follow',
  'member',
  'comment',
  'share',
  'sample',
  'favorite',
  'cart',
  'coupon',
  'deposit',
  'purchase',
  'review',
  'refund',
] as const;

/** One canonical action. */
export type CanonicalAction = (typeof CANONICAL_ACTIONS)[number];

/** Canonical columns of DOMAIN.md §1; the first three are required. */
export const CANONICAL_COLUMNS = [
  'user_id',
  'ts',
  'action',
  'brand',
  'category',
  'channel',
  'source',
  'amount',
  'order_id',
  'duration_s',
] as const;

/** One canonical column. */
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** Required canonical columns. */
export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = ['user_id', 'ts', 'action'];

/** True when a string is a canonical action. */
export function isCanonicalAction(v: unknown): v is CanonicalAction {
  return typeof v === 'string' && (CANONICAL_ACTIONS as readonly string[]).includes(v);
}
