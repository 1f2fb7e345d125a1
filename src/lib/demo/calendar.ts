import type { Rng } from './random';

/** Seconds in a day. */
export const DAY_S = 86_400;

/**
 * The festival calendar over the simulated period: a weekend lift, the 618 and Double 11 promos
 * (many more events, far more purchases) and their presale windows (a few more events, fewer
 * purchases, many deposits).
 */
export interface DemoCalendar {
  /** 'YYYY-MM-DD' per day, plus one extra day past the end (timezone shifts can spill over). */
  dateStr: string[];
  /** Cumulative event weight: eventCum[d + 1] - eventCum[d] is day d's weight. */
  eventCum: Float64Array;
  /** Cumulative purchase weight, same layout as eventCum. */
  buyCum: Float64Array;
  /** 1 on presale days. */
  presale: Uint8Array;
}

/** Builds the calendar for `days` days starting at `startMs` (UTC midnight). */
export function buildCalendar(startMs: number, days: number): DemoCalendar {
  const n = days;
  const dateStr: string[] = [];
  const eventCum = new Float64Array(n + 1);
  const buyCum = new Float64Array(n + 1);
  const presale = new Uint8Array(n);
  for (let d = 0; d <= n; d++) {
    const iso = new Date(startMs + d * DAY_S * 1000).toISOString();
    dateStr.push(iso.slice(0, 10));
    if (d === n) break;
    const dt = new Date(startMs + d * DAY_S * 1000);
    const mo = dt.getUTCMonth() + 1;
    const day = dt.getUTCDate();
    const wd = dt.getUTCDay();
    const promo = (mo === 6 && day >= 10 && day <= 18) || (mo === 11 && day <= 11);
    const pre = (mo === 5 && day >= 25) || (mo === 6 && day < 10) || (mo === 10 && day >= 20);
    presale[d] = pre ? 1 : 0;
    let ew = wd === 0 || wd === 6 ? 1.15 : 1;
    let bw = ew;
    if (promo) {
      ew *= 3.6;
      bw *= 7;
    } else if (pre) {
      ew *= 1.3;
      bw *= 0.8;
    }
    eventCum[d + 1] = eventCum[d] + ew;
    buyCum[d + 1] = buyCum[d] + bw;
  }
  return { dateStr, eventCum, buyCum, presale };
}

/**
 * Samples a day in [lo, hi] (clamped to the period) in proportion to the weights in `cum`.
 * Consumes exactly one rng() call.
 */
export function sampleDay(
  rng: Rng,
  cum: Float64Array,
  days: number,
  lo: number,
  hi: number,
): number {
  lo = Math.max(0, Math.min(days - 1, lo));
  hi = Math.max(lo, Math.min(days - 1, hi));
  const u = cum[lo] + rng() * (cum[hi + 1] - cum[lo]);
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b + 1) >> 1;
    if (cum[mid] <= u) a = mid;
    else b = mid - 1;
  }
  return a;
}
