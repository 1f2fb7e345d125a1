import { picker, type Picker } from './random';

/** A brand, its category, its popularity weight within the category and its price multiplier. */
export interface BrandSpec {
  brand: string;
  category: string;
  weight: number;
  price: number;
}

/** A category, its share of users and its base price range. */
export interface CategorySpec {
  category: string;
  weight: number;
  lo: number;
  hi: number;
}

export const BRAND_SPECS: readonly BrandSpec[] = [
  { brand: 'Lumière', category: 'skincare', weight: 0.25, price: 1.3 },
  { brand: 'Aurora', category: 'skincare', weight: 0.23, price: 1 },
  { brand: 'Sakura Dew', category: 'skincare', weight: 0.2, price: 0.9 },
  { brand: 'Verdant', category: 'skincare', weight: 0.17, price: 0.8 },
  { brand: 'Mistral', category: 'skincare', weight: 0.1, price: 1.1 },
  { brand: 'Petalia', category: 'skincare', weight: 0.05, price: 1.2 },
  { brand: 'Stride', category: 'sportswear', weight: 0.26, price: 1.1 },
  { brand: 'Apex', category: 'sportswear', weight: 0.23, price: 1.3 },
  { brand: 'Nimbus', category: 'sportswear', weight: 0.2, price: 0.9 },
  { brand: 'Kinetic', category: 'sportswear', weight: 0.16, price: 0.8 },
  { brand: 'Tempo', category: 'sportswear', weight: 0.1, price: 1 },
  { brand: 'Ridge', category: 'sportswear', weight: 0.05, price: 1.1 },
  { brand: 'Crunch Co', category: 'snacks', weight: 0.62, price: 1 },
  { brand: 'Golden Oat', category: 'snacks', weight: 0.38, price: 1.2 },
];

export const CATEGORY_SPECS: readonly CategorySpec[] = [
  { category: 'skincare', weight: 0.44, lo: 59, hi: 899 },
  { category: 'sportswear', weight: 0.4, lo: 99, hi: 1499 },
  { category: 'snacks', weight: 0.16, lo: 9, hi: 159 },
];

/** The brands and their categories the demo generator uses. */
export const DEMO_BRANDS: readonly { brand: string; category: string }[] = BRAND_SPECS.map((b) => ({
  brand: b.brand,
  category: b.category,
}));

/** The touchpoint channels the demo generator uses. */
export const DEMO_CHANNELS: readonly string[] = [
  'search_ad',
  'display',
  'livestream',
  'short_video',
  'kol',
  'offsite_media',
  'organic',
];

/** The event sources (platforms) the demo generator uses. */
export const DEMO_SOURCES: readonly string[] = ['tmall', 'douyin', 'offline_store', 'crm'];

/** User share of each source, in DEMO_SOURCES order. */
export const SOURCE_WEIGHTS: readonly number[] = [74, 16, 6, 4];

const CH = (w: [number, number, number, number, number, number, number]): Picker<string> =>
  picker(DEMO_CHANNELS.map((c, i) => [c, w[i]] as const));

/* Weights in DEMO_CHANNELS order: search_ad, display, livestream, short_video, kol, offsite_media, organic. */
export const CHANNELS_BY_ACTION: Record<string, Picker<string>> = {
  impression: CH([20, 30, 7, 20, 8, 15, 0]),
  click: CH([25, 25, 8, 20, 8, 14, 0]),
  view: CH([15, 10, 10, 10, 10, 5, 40]),
  search: CH([40, 0, 0, 0, 0, 0, 60]),
  video: CH([0, 0, 30, 50, 20, 0, 0]),
  social: CH([0, 0, 30, 30, 20, 0, 20]),
  sample: CH([0, 0, 30, 0, 30, 0, 40]),
  intent: CH([15, 0, 20, 15, 0, 0, 50]),
  purchase: CH([15, 0, 30, 15, 0, 0, 40]),
  after: CH([0, 0, 10, 0, 0, 0, 90]),
};

/** Actions that share another action's channel mix (keys of CHANNELS_BY_ACTION). */
export const CHANNEL_GROUP: Record<string, string> = {
  like: 'social',
  follow: 'social',
  comment: 'social',
  share: 'social',
  favorite: 'intent',
  cart: 'intent',
  coupon: 'intent',
  deposit: 'intent',
  remove_from_cart: 'intent',
  refund: 'after',
  review: 'after',
  member: 'after',
};

/** Actions whose channel is left empty half of the time. */
export const OPTIONAL_CHANNEL: ReadonlySet<string> = new Set([
  'purchase',
  'refund',
  'review',
  'member',
]);

/** Session start hour (UTC), weighted. */
export const HOUR_PICK = picker(
  [2, 3, 4, 5, 5, 5, 4, 4, 5, 5, 6, 7, 8, 8, 7, 5, 3, 2, 1, 1, 1].map((w, h) => [h, w] as const),
);

/** Number of purchases of a repeat buyer. */
export const REPEAT_PICK = picker([
  [2, 40],
  [3, 28],
  [4, 16],
  [5, 10],
  [6, 6],
] as const);

/** Shape of a buyer's path to the first purchase. */
export const JOURNEY_PICK = picker([
  ['instant', 12],
  ['long', 45],
  ['short', 18],
  ['pen', 25],
] as const);
