import { describe, it, expect } from 'vitest';
import {
  DEMO_BRANDS,
  DEMO_CHANNELS,
  DEMO_SOURCES,
  generateDemoBytes,
  generateDemoCsv,
  type DemoOptions,
} from '../../../src/lib/demo/generate';

const HEADER = 'user_id,event_time,action,brand,category,channel,source,amount,order_id,duration_s';
const CANONICAL = [
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
];

interface Row {
  user: string;
  time: string;
  ms: number;
  action: string;
  brand: string;
  category: string;
  channel: string;
  source: string;
  amount: string;
  order: string;
  dur: string;
}

interface Parsed {
  header: string;
  lines: string[];
  rows: Row[];
}

function parse(text: string): Parsed {
  const all = text.split('\n');
  expect(all[all.length - 1]).toBe('');
  all.pop();
  const [header, ...lines] = all;
  const malformed = lines.filter((line) => line.split(',').length !== 10 || line.includes('"'));
  expect(malformed.slice(0, 5)).toEqual([]);
  const rows = lines.map((line) => {
    const f = line.split(',');
    return {
      user: f[0],
      time: f[1],
      ms: Date.parse(f[1]),
      action: f[2],
      brand: f[3],
      category: f[4],
      channel: f[5],
      source: f[6],
      amount: f[7],
      order: f[8],
      dur: f[9],
    };
  });
  return { header, lines, rows };
}

const cache = new Map<string, Parsed>();
function data(opts: DemoOptions = {}): Parsed {
  const key = JSON.stringify(opts);
  let p = cache.get(key);
  if (!p) {
    p = parse([...generateDemoCsv(opts)].join(''));
    cache.set(key, p);
  }
  return p;
}

const small = (): Parsed => data({ events: 20_000 });
const full = (): Parsed => data();
const DAY_MS = 86_400_000;

function violations(rows: Row[], ok: (r: Row, i: number) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length && out.length < 5; i++)
    if (!ok(rows[i], i)) out.push(JSON.stringify(rows[i]));
  return out;
}

function usersBy(rows: Row[], key: (r: Row) => string): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const r of rows) {
    const k = key(r);
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(r.user);
  }
  return m;
}

describe('generateDemoCsv', () => {
  it('is deterministic for the same options and differs across seeds', () => {
    const a = generateDemoBytes({ events: 20_000, seed: 7 });
    const b = generateDemoBytes({ events: 20_000, seed: 7 });
    const c = generateDemoBytes({ events: 20_000, seed: 8 });
    expect(a.length).toBeGreaterThan(0);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('writes the exact header first, as its own chunk', () => {
    const first = generateDemoCsv({ events: 10 }).next();
    expect(first.value).toBe(HEADER + '\n');
    expect(small().header).toBe(HEADER);
  });

  it('emits exactly the requested number of data rows', () => {
    for (const events of [20_000, 500, 1, 0]) {
      const text = new TextDecoder().decode(generateDemoBytes({ events, seed: 3 }));
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toBe(HEADER);
      expect(lines.length - 1).toBe(events);
    }
    expect(small().rows).toHaveLength(20_000);
  });

  it('yields chunks of at most about 10k rows', () => {
    let chunks = 0;
    for (const chunk of generateDemoCsv({ events: 50_000 })) {
      chunks++;
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk.split('\n').length - 1).toBeLessThanOrEqual(10_500);
    }
    expect(chunks).toBeGreaterThanOrEqual(6);
  });

  it('rejects invalid options', () => {
    expect(() => generateDemoBytes({ startDate: '2024-02-30' })).toThrow(RangeError);
    expect(() => generateDemoBytes({ events: -1 })).toThrow(RangeError);
    expect(() => generateDemoBytes({ days: 0 })).toThrow(RangeError);
  });

  it('contains every canonical action and a small share of unmapped remove_from_cart', () => {
    const { rows } = small();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of CANONICAL) expect(actions, a).toContain(a);
    expect([...actions].filter((a) => !CANONICAL.includes(a))).toEqual(['remove_from_cart']);
    const unmapped = rows.filter((r) => r.action === 'remove_from_cart').length / rows.length;
    expect(unmapped).toBeGreaterThan(0.002);
    expect(unmapped).toBeLessThan(0.01);
  });

  it('uses at least 8 brands across at least 2 categories, as declared', () => {
    expect(DEMO_BRANDS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(DEMO_BRANDS.map((b) => b.category)).size).toBeGreaterThanOrEqual(2);
    const { rows } = small();
    const declared = new Map(DEMO_BRANDS.map((b) => [b.brand, b.category]));
    expect(violations(rows, (r) => declared.get(r.brand) === r.category)).toEqual([]);
    expect(new Set(rows.map((r) => r.brand)).size).toBe(DEMO_BRANDS.length);
    expect(
      violations(
        rows,
        (r) =>
          DEMO_SOURCES.includes(r.source) &&
          (r.channel === '' || DEMO_CHANNELS.includes(r.channel)),
      ),
    ).toEqual([]);
    expect(DEMO_CHANNELS.length).toBeGreaterThanOrEqual(6);
  });

  it('leaves channel empty only on purchase, refund, review and member rows', () => {
    const optional = new Set(['purchase', 'refund', 'review', 'member']);
    const { rows } = small();
    const empty = rows.filter((r) => r.channel === '');
    expect(empty.length).toBeGreaterThan(0);
    expect(violations(empty, (r) => optional.has(r.action))).toEqual([]);
    const purchases = rows.filter((r) => r.action === 'purchase');
    const share = purchases.filter((r) => r.channel === '').length / purchases.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
  });

  it('writes zero-padded user ids with each user contiguous and in time order', () => {
    const { rows } = small();
    const seen = new Set<string>();
    const bad = violations(rows, (r, i) => {
      if (!/^u\d{6}$/.test(r.user)) return false;
      const prev = rows[i - 1];
      if (prev && prev.user === r.user) return r.ms >= prev.ms;
      if (seen.has(r.user)) return false;
      seen.add(r.user);
      return true;
    });
    expect(bad).toEqual([]);
    expect(rows[0].user).toBe('u000000');
  });

  it('puts amounts only on purchase and refund rows', () => {
    const { rows } = small();
    const money = (a: string): boolean => /^\d+\.\d{2}$/.test(a) && Number(a) > 0;
    const bad = violations(rows, (r) => {
      if (r.action === 'purchase') return money(r.amount) && /^o\d+$/.test(r.order);
      if (r.action === 'refund')
        return (r.amount === '' || money(r.amount)) && /^o\d+$/.test(r.order);
      return r.amount === '' && r.order === '';
    });
    expect(bad).toEqual([]);
    expect(rows.some((r) => r.action === 'refund' && r.amount === '')).toBe(true);
  });

  it('puts durations only on video rows, as integers 3..300', () => {
    const { rows } = small();
    const videos = rows.filter((r) => r.action === 'video');
    const bad = violations(rows, (r) =>
      r.action !== 'video'
        ? r.dur === ''
        : r.dur === '' || (/^\d+$/.test(r.dur) && Number(r.dur) >= 3 && Number(r.dur) <= 300),
    );
    expect(bad).toEqual([]);
    const long = videos.filter((r) => r.dur !== '' && Number(r.dur) >= 60).length / videos.length;
    const empty = videos.filter((r) => r.dur === '').length / videos.length;
    expect(long).toBeGreaterThan(0.3);
    expect(long).toBeLessThan(0.55);
    expect(empty).toBeGreaterThan(0.05);
    expect(empty).toBeLessThan(0.15);
  });

  it('writes every event_time as a valid instant within [startDate, startDate + days)', () => {
    const check = (rows: Row[], start: string, days: number): void => {
      const lo = Date.parse(start + 'T00:00:00Z');
      const hi = lo + days * DAY_MS;
      const re = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|\+08:00)$/;
      expect(rows.length).toBeGreaterThan(0);
      expect(violations(rows, (r) => re.test(r.time) && r.ms >= lo && r.ms < hi)).toEqual([]);
    };
    check(small().rows, '2024-01-01', 365);
    check(data({ events: 5_000, startDate: '2023-02-20', days: 30 }).rows, '2023-02-20', 30);
    check(data({ events: 300, days: 1 }).rows, '2024-01-01', 1);
  });

  it('writes about 2% of times with a +08:00 offset of the same instant', () => {
    const { rows } = small();
    const shifted = rows.filter((r) => r.time.endsWith('+08:00'));
    expect(shifted.length / rows.length).toBeGreaterThan(0.01);
    expect(shifted.length / rows.length).toBeLessThan(0.03);
    for (const r of shifted.slice(0, 50)) {
      const local = r.time.slice(0, 19);
      expect(Date.parse(local + 'Z') - r.ms).toBe(8 * 3_600_000);
    }
  });

  describe('default 500k dataset', () => {
    it('gives every brand at least 300 distinct users', () => {
      const { rows } = full();
      expect(rows).toHaveLength(500_000);
      const byBrand = usersBy(rows, (r) => r.brand);
      expect(byBrand.size).toBe(DEMO_BRANDS.length);
      for (const { brand } of DEMO_BRANDS) {
        expect(byBrand.get(brand)?.size ?? 0, brand).toBeGreaterThanOrEqual(300);
      }
    });

    it('has differing brand sizes, cross-brand and cross-platform users', () => {
      const { rows } = full();
      const byBrand = usersBy(rows, (r) => r.brand);
      const byCategory = usersBy(rows, (r) => r.category);
      for (const [cat, catUsers] of byCategory) {
        const shares = DEMO_BRANDS.filter((b) => b.category === cat).map(
          (b) => byBrand.get(b.brand)!.size / catUsers.size,
        );
        expect(Math.max(...shares) / Math.min(...shares), cat).toBeGreaterThan(1.3);
      }
      const brandsPerUser = new Map<string, Set<string>>();
      const sourcesPerUser = new Map<string, Set<string>>();
      for (const r of rows) {
        (brandsPerUser.get(r.user) ?? brandsPerUser.set(r.user, new Set()).get(r.user)!).add(
          r.brand,
        );
        (sourcesPerUser.get(r.user) ?? sourcesPerUser.set(r.user, new Set()).get(r.user)!).add(
          r.source,
        );
      }
      const n = brandsPerUser.size;
      const multiBrand = [...brandsPerUser.values()].filter((s) => s.size > 1).length / n;
      const multiSource = [...sourcesPerUser.values()].filter((s) => s.size > 1).length / n;
      expect(multiBrand).toBeGreaterThan(0.12);
      expect(multiBrand).toBeLessThan(0.35);
      expect(multiSource).toBeGreaterThan(0.08);
      expect(multiSource).toBeLessThan(0.25);
    });

    it('links refunds mostly to an earlier order of the same user and brand', () => {
      const { rows } = full();
      const orders = new Map<string, { user: string; brand: string; ms: number; amount: number }>();
      for (const r of rows) {
        if (r.action !== 'purchase') continue;
        const o = orders.get(r.order);
        if (o) {
          o.ms = Math.min(o.ms, r.ms);
          o.amount += Number(r.amount);
        } else
          orders.set(r.order, { user: r.user, brand: r.brand, ms: r.ms, amount: Number(r.amount) });
      }
      const refunds = rows.filter((r) => r.action === 'refund');
      expect(refunds.length / orders.size).toBeGreaterThan(0.03);
      expect(refunds.length / orders.size).toBeLessThan(0.08);
      let linked = 0;
      for (const r of refunds) {
        const o = orders.get(r.order);
        if (!o || o.user !== r.user || o.brand !== r.brand) continue;
        linked++;
        const lag = r.ms - o.ms;
        expect(lag).toBeGreaterThan(0);
        expect(lag).toBeLessThan(21 * DAY_MS);
        if (r.amount !== '') expect(Number(r.amount)).toBeLessThanOrEqual(o.amount);
      }
      expect(linked / refunds.length).toBeGreaterThan(0.99);
      expect(linked).toBeLessThan(refunds.length);
      const wholeOrder = refunds.filter((r) => r.amount === '').length / refunds.length;
      expect(wholeOrder).toBeGreaterThan(0.2);
      expect(wholeOrder).toBeLessThan(0.4);
    });

    it('has multi-row orders and repeat buyers', () => {
      const { rows } = full();
      const { lines } = full();
      const rowsPerOrder = new Map<string, number>();
      const ordersPerUserBrand = new Map<string, Set<string>>();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (r.action !== 'purchase' || lines[i] === lines[i - 1]) continue;
        rowsPerOrder.set(r.order, (rowsPerOrder.get(r.order) ?? 0) + 1);
        const k = r.user + '|' + r.brand;
        (ordersPerUserBrand.get(k) ?? ordersPerUserBrand.set(k, new Set()).get(k)!).add(r.order);
      }
      const multi = [...rowsPerOrder.values()].filter((n) => n > 1).length / rowsPerOrder.size;
      expect(multi).toBeGreaterThan(0.1);
      expect(multi).toBeLessThan(0.2);
      expect(Math.max(...rowsPerOrder.values())).toBeLessThanOrEqual(3);
      const counts = [...ordersPerUserBrand.values()].map((s) => s.size);
      expect(counts.filter((n) => n >= 2).length).toBeGreaterThan(1000);
      expect(Math.max(...counts)).toBeLessThanOrEqual(6);
    });

    it('has more events per day in the 618 and Double 11 windows than in April', () => {
      const { rows } = full();
      const perDay = new Map<string, number>();
      for (const r of rows) {
        const d = new Date(r.ms).toISOString().slice(0, 10);
        perDay.set(d, (perDay.get(d) ?? 0) + 1);
      }
      const mean = (from: string, to: string): number => {
        let sum = 0;
        let n = 0;
        for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) {
          sum += perDay.get(new Date(t).toISOString().slice(0, 10)) ?? 0;
          n++;
        }
        return sum / n;
      };
      const april = mean('2024-04-01', '2024-04-30');
      expect(mean('2024-06-10', '2024-06-18')).toBeGreaterThanOrEqual(2 * april);
      expect(mean('2024-11-01', '2024-11-11')).toBeGreaterThanOrEqual(2 * april);
    });

    it('repeats a few whole lines immediately', () => {
      const { lines } = full();
      let dups = 0;
      for (let i = 1; i < lines.length; i++) if (lines[i] === lines[i - 1]) dups++;
      expect(dups / lines.length).toBeGreaterThan(0.0005);
      expect(dups / lines.length).toBeLessThan(0.002);
    });
  });
});
