import { buildCalendar } from './calendar';
import { DEMO_CHANNELS } from './catalog';
import { resolveOptions, type DemoOptions } from './options';
import { mulberry32 } from './random';

/** The demo channel left out of the spend file (its cost per conversion reads "no spend"). */
export const DEMO_SPEND_LEFT_OUT = 'kol';
/** The spend channel that never appears in the demo events ("spend without events"). */
export const DEMO_SPEND_EXTRA = 'tv';
/** The channel with a run of zero-cost days. */
export const DEMO_SPEND_ZERO_CHANNEL = 'organic';
/** How many consecutive zero-cost days it has (fewer when the period is shorter). */
export const DEMO_SPEND_ZERO_DAYS = 5;

const HEADER = 'date,channel,cost,impressions,clicks';

/** A channel's cost per day at 500,000 events on a plain day, its CPM and CTR (null: no count). */
interface Level {
  daily: number;
  cpm: number | null;
  ctr: number | null;
}

const LEVELS: Record<string, Level> = {
  search_ad: { daily: 300, cpm: 40, ctr: 0.04 },
  display: { daily: 180, cpm: 12, ctr: 0.005 },
  livestream: { daily: 420, cpm: 25, ctr: 0.02 },
  short_video: { daily: 260, cpm: 18, ctr: 0.012 },
  offsite_media: { daily: 120, cpm: 8, ctr: 0.003 },
  organic: { daily: 40, cpm: null, ctr: null },
  tv: { daily: 900, cpm: 30, ctr: null },
};
const DEFAULT_LEVEL: Level = { daily: 150, cpm: 15, ctr: 0.01 };

/** The events at which {@link LEVELS} apply; the spend scales linearly with the demo's size. */
const REFERENCE_EVENTS = 500_000;
/** Below this many events the spend stops shrinking, so that no cost rounds to 0.00. */
const MIN_SCALE_EVENTS = 5_000;

/** The channels of the spend file, in row order within a day. */
export const DEMO_SPEND_CHANNELS: readonly string[] = [
  ...DEMO_CHANNELS.filter((c) => c !== DEMO_SPEND_LEFT_OUT),
  DEMO_SPEND_EXTRA,
];

/**
 * A daily channel-spend CSV (`date,channel,cost,impressions,clicks`) for the demo event log of the
 * same options, seeded and deterministic (same options → same bytes). One row per day of the demo
 * period (default 2024-01-01 for 365 days) and per channel of {@link DEMO_SPEND_CHANNELS}.
 *
 * Choices, all on purpose:
 * - Levels are per channel (CNY per day for ONE brand, the spend file having no brand column: the
 *   demo's top brand has about 2,800 purchases a year at 500,000 events, so a few hundred a day
 *   per channel gives costs per conversion in the tens to hundreds), scaled by `events` ÷ 500,000
 *   (at least 5,000 events' worth) so that they stay plausible whatever the demo size. Each day is
 *   the level × the demo calendar's event weight (weekends, the 618 and Double 11 promos and
 *   presales) × uniform noise in [0.75, 1.25), rounded to cents.
 * - Impressions = cost ÷ CPM × 1000 (± 10%), clicks = impressions × CTR (± 20%), both whole.
 *   `organic` has neither (it buys no media: the cells are empty) and `tv` has no clicks.
 * - `kol` ({@link DEMO_SPEND_LEFT_OUT}) has no row: KOL fees are usually paid by contract, not in
 *   the ad platforms' export, and the app shows its "no spend" message for it.
 * - `tv` ({@link DEMO_SPEND_EXTRA}) is in no event, so the app shows "spend without events".
 * - `organic` costs a small content budget, except for {@link DEMO_SPEND_ZERO_DAYS} consecutive
 *   zero-cost days at a seeded place in the period (a paused budget), so the app shows its
 *   zero-cost message, and its "zero cost" status for a period inside that run.
 */
export function generateDemoSpendCsv(opts: DemoOptions = {}): string {
  const cfg = resolveOptions(opts);
  const rng = mulberry32(cfg.seed ^ 0x0c057e4d);
  const cal = buildCalendar(cfg.startMs, cfg.days);
  const scale = Math.max(cfg.events, MIN_SCALE_EVENTS) / REFERENCE_EVENTS;
  const zeroDays = Math.min(DEMO_SPEND_ZERO_DAYS, cfg.days);
  const zeroFrom = Math.floor(rng() * (cfg.days - zeroDays + 1));
  const lines = [HEADER];
  for (let d = 0; d < cfg.days; d++) {
    const weight = cal.eventCum[d + 1] - cal.eventCum[d];
    const paused = d >= zeroFrom && d < zeroFrom + zeroDays;
    for (const channel of DEMO_SPEND_CHANNELS) {
      const level = LEVELS[channel] ?? DEFAULT_LEVEL;
      const noise = 0.75 + 0.5 * rng();
      const imprNoise = 0.9 + 0.2 * rng();
      const clickNoise = 0.8 + 0.4 * rng();
      const zero = channel === DEMO_SPEND_ZERO_CHANNEL && paused;
      const cost = zero ? '0.00' : (level.daily * scale * weight * noise).toFixed(2);
      const impressions =
        level.cpm === null ? null : Math.round((Number(cost) / level.cpm) * 1000 * imprNoise);
      const clicks =
        impressions === null || level.ctr === null
          ? null
          : Math.round(impressions * level.ctr * clickNoise);
      lines.push(`${cal.dateStr[d]},${channel},${cost},${impressions ?? ''},${clicks ?? ''}`);
    }
  }
  return lines.join('\n') + '\n';
}
