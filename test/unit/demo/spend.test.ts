/**
 * Issue #8 item 1: the demo's channel-spend file (src/lib/demo/spend.ts). Expected values are
 * worked out by hand from the documented levels: a plain weekday (weight 1) costs level × [0.75,
 * 1.25) × events ÷ 500,000; 2024-03-05 is such a day (index 64 from Monday 2024-01-01: a Tuesday,
 * no promo, no presale) and 2024-11-11 is a Double 11 Monday (weight 3.6).
 */
import { describe, expect, it } from 'vitest';
import {
  DEMO_SPEND_CHANNELS,
  DEMO_SPEND_EXTRA,
  DEMO_SPEND_LEFT_OUT,
  DEMO_SPEND_ZERO_CHANNEL,
  DEMO_SPEND_ZERO_DAYS,
  generateDemoSpendCsv,
} from '../../../src/lib/demo/spend';
import { DEMO_CHANNELS, generateDemoCsv } from '../../../src/lib/demo/generate';

interface SpendRow {
  date: string;
  channel: string;
  cost: string;
  impressions: string;
  clicks: string;
}

function parse(text: string): { header: string; rows: SpendRow[] } {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const [header, ...body] = lines;
  const rows = body.map((l) => {
    const cells = l.split(',');
    expect(cells).toHaveLength(5);
    const [date, channel, cost, impressions, clicks] = cells;
    return { date, channel, cost, impressions, clicks };
  });
  return { header, rows };
}

const DEFAULT = parse(generateDemoSpendCsv());
const on = (rows: SpendRow[], date: string, channel: string) => {
  const r = rows.find((x) => x.date === date && x.channel === channel);
  if (!r) throw new Error(`${date} ${channel}`);
  return r;
};

describe('generateDemoSpendCsv', () => {
  it('is deterministic: same options, same bytes; another seed, other costs', () => {
    expect(generateDemoSpendCsv({ seed: 7, events: 10_000 })).toBe(
      generateDemoSpendCsv({ seed: 7, events: 10_000 }),
    );
    expect(generateDemoSpendCsv({ seed: 8, events: 10_000 })).not.toBe(
      generateDemoSpendCsv({ seed: 7, events: 10_000 }),
    );
    expect(generateDemoSpendCsv()).toBe(generateDemoSpendCsv({ seed: 42, events: 500_000 }));
  });

  it('has the spend header and one row per day and channel', () => {
    expect(DEFAULT.header).toBe('date,channel,cost,impressions,clicks');
    // 365 days × 7 channels (the 7 demo channels − kol + tv).
    expect(DEFAULT.rows).toHaveLength(365 * 7);
  });

  it('covers every date of the demo period, in order', () => {
    // 2024-01-01 and the next 364 days: 2024-12-30 is the last (2024 has 366 days).
    const dates = [...new Set(DEFAULT.rows.map((r) => r.date))];
    expect(dates).toHaveLength(365);
    expect(dates[0]).toBe('2024-01-01');
    expect(dates[364]).toBe('2024-12-30');
    for (let i = 1; i < dates.length; i++)
      expect(Date.parse(dates[i]) - Date.parse(dates[i - 1])).toBe(86_400_000);
    for (const d of dates) expect(DEFAULT.rows.filter((r) => r.date === d)).toHaveLength(7);
    const short = parse(generateDemoSpendCsv({ startDate: '2023-12-30', days: 3 })).rows;
    expect([...new Set(short.map((r) => r.date))]).toEqual([
      '2023-12-30',
      '2023-12-31',
      '2024-01-01',
    ]);
  });

  it('leaves kol out and adds tv, which the events never use', () => {
    expect([DEMO_SPEND_LEFT_OUT, DEMO_SPEND_EXTRA]).toEqual(['kol', 'tv']);
    const channels = new Set(DEFAULT.rows.map((r) => r.channel));
    expect([...channels].sort()).toEqual([
      'display',
      'livestream',
      'offsite_media',
      'organic',
      'search_ad',
      'short_video',
      'tv',
    ]);
    expect(DEMO_SPEND_CHANNELS).toEqual([...channels]);
    const events = [...generateDemoCsv({ events: 20_000 })].join('').split('\n').slice(1);
    const eventChannels = new Set(events.map((l) => l.split(',')[5]).filter((c) => c));
    expect([...eventChannels].sort()).toEqual([...DEMO_CHANNELS].sort());
    expect(eventChannels.has('kol')).toBe(true);
    expect(eventChannels.has('tv')).toBe(false);
  });

  it('has 5 consecutive zero-cost days for organic and no other zero cost', () => {
    expect([DEMO_SPEND_ZERO_CHANNEL, DEMO_SPEND_ZERO_DAYS]).toEqual(['organic', 5]);
    const zero = DEFAULT.rows.filter((r) => Number(r.cost) === 0);
    expect(zero).toHaveLength(5);
    expect(zero.every((r) => r.channel === 'organic' && r.cost === '0.00')).toBe(true);
    expect(Date.parse(zero[4].date) - Date.parse(zero[0].date)).toBe(4 * 86_400_000);
    // A 3-day period is shorter than the run: every organic day is 0.
    const short = parse(generateDemoSpendCsv({ days: 3 })).rows;
    expect(short.filter((r) => r.channel === 'organic').map((r) => r.cost)).toEqual([
      '0.00',
      '0.00',
      '0.00',
    ]);
  });

  it('costs follow the channel levels, the calendar and the demo size', () => {
    // Level (CNY a day at 500,000 events) × [0.75, 1.25), 2024-03-05 (weight 1):
    const range = (level: number) => [level * 0.75, level * 1.25];
    const levels: Record<string, number> = {
      search_ad: 300, // [225, 375]
      display: 180, // [135, 225]
      livestream: 420, // [315, 525]
      short_video: 260, // [195, 325]
      offsite_media: 120, // [90, 150]
      tv: 900, // [675, 1125]
    };
    for (const [channel, level] of Object.entries(levels)) {
      const cost = Number(on(DEFAULT.rows, '2024-03-05', channel).cost);
      const [lo, hi] = range(level);
      expect(cost).toBeGreaterThanOrEqual(lo);
      expect(cost).toBeLessThanOrEqual(hi);
    }
    const organic = Number(on(DEFAULT.rows, '2024-03-05', 'organic').cost);
    expect(organic === 0 || (organic >= 30 && organic <= 50)).toBe(true);
    // Double 11 (weight 3.6): search_ad in [810, 1350].
    const d11 = Number(on(DEFAULT.rows, '2024-11-11', 'search_ad').cost);
    expect(d11).toBeGreaterThanOrEqual(810);
    expect(d11).toBeLessThanOrEqual(1350);
    // 50,000 events: a tenth, [22.5, 37.5]; 100 events: the 5,000-event floor, [2.25, 3.75].
    const tenth = Number(
      on(parse(generateDemoSpendCsv({ events: 50_000 })).rows, '2024-03-05', 'search_ad').cost,
    );
    expect(tenth).toBeGreaterThanOrEqual(22.5);
    expect(tenth).toBeLessThanOrEqual(37.5);
    const floor = Number(
      on(parse(generateDemoSpendCsv({ events: 100 })).rows, '2024-03-05', 'search_ad').cost,
    );
    expect(floor).toBeGreaterThanOrEqual(2.25);
    expect(floor).toBeLessThanOrEqual(3.75);
    // Every cost is written with 2 decimals.
    expect(DEFAULT.rows.every((r) => /^\d+\.\d{2}$/.test(r.cost))).toBe(true);
  });

  it('impressions from the CPM, clicks from the CTR; none for organic, no clicks for tv', () => {
    // search_ad: CPM 40 → impressions = cost × 25 × [0.9, 1.1), clicks = impressions × 0.04 ×
    // [0.8, 1.2), each rounded to a whole number.
    for (const r of DEFAULT.rows.filter((x) => x.channel === 'search_ad')) {
      const cost = Number(r.cost);
      const imp = Number(r.impressions);
      const clicks = Number(r.clicks);
      expect(Number.isInteger(imp) && Number.isInteger(clicks)).toBe(true);
      expect(imp).toBeGreaterThanOrEqual(Math.floor(cost * 25 * 0.9));
      expect(imp).toBeLessThanOrEqual(Math.ceil(cost * 25 * 1.1));
      expect(clicks).toBeGreaterThanOrEqual(Math.floor(imp * 0.04 * 0.8));
      expect(clicks).toBeLessThanOrEqual(Math.ceil(imp * 0.04 * 1.2));
    }
    const organic = DEFAULT.rows.filter((x) => x.channel === 'organic');
    expect(organic.every((r) => r.impressions === '' && r.clicks === '')).toBe(true);
    const tv = DEFAULT.rows.filter((x) => x.channel === 'tv');
    expect(tv.every((r) => /^\d+$/.test(r.impressions) && r.clicks === '')).toBe(true);
  });
});
