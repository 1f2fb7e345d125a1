/** Options for the demo dataset. */
export interface DemoOptions {
  seed?: number;
  events?: number;
  startDate?: string /* 'YYYY-MM-DD', default '2024-01-01' */;
  days?: number /* default 365 */;
}

interface BrandSpec {
  brand: string;
  category: string;
  weight: number;
  price: number;
}

const BRAND_SPECS: readonly BrandSpec[] = [
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

const CATEGORY_SPECS: readonly { category: string; weight: number; lo: number; hi: number }[] = [
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

const HEADER = 'user_id,event_time,action,brand,category,channel,source,amount,order_id,duration_s';
const CHUNK_ROWS = 10_000;
const DAY_S = 86_400;

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Picker<T> {
  items: readonly T[];
  cum: Float64Array;
}

function picker<T>(pairs: readonly (readonly [T, number])[]): Picker<T> {
  const cum = new Float64Array(pairs.length);
  let s = 0;
  pairs.forEach(([, w], i) => {
    s += w;
    cum[i] = s;
  });
  for (let i = 0; i < cum.length; i++) cum[i] /= s;
  return { items: pairs.map(([v]) => v), cum };
}

function pick<T>(rng: Rng, p: Picker<T>): T {
  const u = rng();
  const c = p.cum;
  for (let i = 0; i < c.length; i++) if (u < c[i]) return p.items[i];
  return p.items[p.items.length - 1];
}

const CH = (w: [number, number, number, number, number, number, number]): Picker<string> =>
  picker(DEMO_CHANNELS.map((c, i) => [c, w[i]] as const));

/* Weights in DEMO_CHANNELS order: search_ad, display, livestream, short_video, kol, offsite_media, organic. */
const CHANNELS_BY_ACTION: Record<string, Picker<string>> = {
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

const CHANNEL_GROUP: Record<string, string> = {
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

const OPTIONAL_CHANNEL = new Set(['purchase', 'refund', 'review', 'member']);

const HOUR_PICK = picker(
  [2, 3, 4, 5, 5, 5, 4, 4, 5, 5, 6, 7, 8, 8, 7, 5, 3, 2, 1, 1, 1].map((w, h) => [h, w] as const),
);

const REPEAT_PICK = picker([
  [2, 40],
  [3, 28],
  [4, 16],
  [5, 10],
  [6, 6],
] as const);

const JOURNEY_PICK = picker([
  ['instant', 12],
  ['long', 45],
  ['short', 18],
  ['pen', 25],
] as const);

interface Ev {
  t: number;
  seq: number;
  action: string;
  brand: number;
  channel: string;
  src: number;
  amount: string;
  order: string;
  dur: string;
}

interface Config {
  seed: number;
  events: number;
  startMs: number;
  days: number;
}

function resolveOptions(opts: DemoOptions): Config {
  const seed = opts.seed ?? 42;
  const events = opts.events ?? 500_000;
  const days = opts.days ?? 365;
  const startDate = opts.startDate ?? '2024-01-01';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  const startMs = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  if (!m || !Number.isFinite(startMs) || new Date(startMs).toISOString().slice(0, 10) !== startDate)
    throw new RangeError(`startDate must be a valid YYYY-MM-DD date, got "${startDate}"`);
  if (!Number.isInteger(events) || events < 0)
    throw new RangeError('events must be a non-negative integer');
  if (!Number.isInteger(days) || days < 1) throw new RangeError('days must be a positive integer');
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  return { seed, events, startMs, days };
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

class DemoWorld {
  readonly rng: Rng;
  readonly days: number;
  private readonly dateStr: string[] = [];
  private readonly eventCum: Float64Array;
  private readonly buyCum: Float64Array;
  private readonly presale: Uint8Array;
  private readonly brandsByCat = new Map<string, number[]>();
  private readonly catPick = picker(CATEGORY_SPECS.map((c) => [c.category, c.weight] as const));
  private readonly srcPick = picker(DEMO_SOURCES.map((s, i) => [i, [74, 16, 6, 4][i]] as const));
  private readonly priceByCat = new Map(CATEGORY_SPECS.map((c) => [c.category, c] as const));
  private orderSeq = 1_000_000;
  private refundSeq = 0;
  private seq = 0;
  private evs: Ev[] = [];
  private uid = '';
  private srcA = 0;
  private srcB = -1;

  constructor(cfg: Config) {
    this.rng = mulberry32(cfg.seed ^ 0x5eed1234);
    for (let i = 0; i < 4; i++) this.rng();
    this.days = cfg.days;
    const n = cfg.days;
    this.eventCum = new Float64Array(n + 1);
    this.buyCum = new Float64Array(n + 1);
    this.presale = new Uint8Array(n);
    for (let d = 0; d <= n; d++) {
      const iso = new Date(cfg.startMs + d * DAY_S * 1000).toISOString();
      this.dateStr.push(iso.slice(0, 10));
      if (d === n) break;
      const dt = new Date(cfg.startMs + d * DAY_S * 1000);
      const mo = dt.getUTCMonth() + 1;
      const day = dt.getUTCDate();
      const wd = dt.getUTCDay();
      const promo = (mo === 6 && day >= 10 && day <= 18) || (mo === 11 && day <= 11);
      const pre = (mo === 5 && day >= 25) || (mo === 6 && day < 10) || (mo === 10 && day >= 20);
      this.presale[d] = pre ? 1 : 0;
      let ew = wd === 0 || wd === 6 ? 1.15 : 1;
      let bw = ew;
      if (promo) {
        ew *= 3.6;
        bw *= 7;
      } else if (pre) {
        ew *= 1.3;
        bw *= 0.8;
      }
      this.eventCum[d + 1] = this.eventCum[d] + ew;
      this.buyCum[d + 1] = this.buyCum[d] + bw;
    }
    BRAND_SPECS.forEach((b, i) => {
      const list = this.brandsByCat.get(b.category) ?? [];
      list.push(i);
      this.brandsByCat.set(b.category, list);
    });
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  private chance(p: number): boolean {
    return this.rng() < p;
  }

  private sampleDay(cum: Float64Array, lo: number, hi: number): number {
    lo = Math.max(0, Math.min(this.days - 1, lo));
    hi = Math.max(lo, Math.min(this.days - 1, hi));
    const u = cum[lo] + this.rng() * (cum[hi + 1] - cum[lo]);
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (cum[mid] <= u) a = mid;
      else b = mid - 1;
    }
    return a;
  }

  private eventDay(lo: number, hi: number): number {
    return this.sampleDay(this.eventCum, lo, hi);
  }

  private buyDay(lo: number, hi: number): number {
    return this.sampleDay(this.buyCum, lo, hi);
  }

  private pickBrand(cat: string, exclude: number): number {
    const list = this.brandsByCat.get(cat)!;
    let total = 0;
    for (const b of list) if (b !== exclude) total += BRAND_SPECS[b].weight;
    let u = this.rng() * total;
    for (const b of list) {
      if (b === exclude) continue;
      u -= BRAND_SPECS[b].weight;
      if (u < 0) return b;
    }
    return list[list.length - 1] === exclude ? list[0] : list[list.length - 1];
  }

  private source(): number {
    return this.srcB >= 0 && this.chance(0.3) ? this.srcB : this.srcA;
  }

  private sessionStart(day: number): number {
    return day * DAY_S + pick(this.rng, HOUR_PICK) * 3600 + this.int(0, 3599);
  }

  private duration(long: boolean): string {
    if (long) return String(this.int(60, 300));
    const u = this.rng();
    if (u < 0.12) return '';
    if (u < 0.42) return String(this.int(60, 300));
    return String(this.int(3, 59));
  }

  private price(brand: number): string {
    const spec = BRAND_SPECS[brand];
    const c = this.priceByCat.get(spec.category)!;
    const x = c.lo * Math.pow(c.hi / c.lo, Math.pow(this.rng(), 1.6)) * spec.price;
    const whole = Math.max(2, Math.round(x));
    const cents = [0, 0.1, 0.01, 0.5][this.int(0, 3)];
    return (whole - cents).toFixed(2);
  }

  private push(
    clock: { t: number },
    action: string,
    brand: number,
    extra?: Partial<Pick<Ev, 'channel' | 'amount' | 'order' | 'dur'>>,
  ): Ev {
    let channel = extra?.channel;
    if (channel === undefined) {
      channel =
        OPTIONAL_CHANNEL.has(action) && this.chance(0.5)
          ? ''
          : pick(this.rng, CHANNELS_BY_ACTION[CHANNEL_GROUP[action] ?? action]);
    }
    const ev: Ev = {
      t: clock.t,
      seq: this.seq++,
      action,
      brand,
      channel,
      src: this.source(),
      amount: extra?.amount ?? '',
      order: extra?.order ?? '',
      dur: extra?.dur ?? '',
    };
    this.evs.push(ev);
    clock.t += this.int(5, 240);
    return ev;
  }

  private sessD(day: number, b: number): void {
    const clock = { t: this.sessionStart(day) };
    let lastImp = '';
    for (let i = this.int(1, 3); i > 0; i--) lastImp = this.push(clock, 'impression', b).channel;
    if (this.chance(0.5))
      this.push(clock, 'click', b, this.chance(0.7) ? { channel: lastImp } : undefined);
    if (this.chance(0.8)) for (let i = this.int(1, 2); i > 0; i--) this.push(clock, 'view', b);
    if (this.chance(0.3)) this.push(clock, 'video', b, { dur: this.duration(false) });
  }

  private sessE1(day: number, b: number): void {
    const clock = { t: this.sessionStart(day) };
    const search = this.chance(0.6);
    if (search) this.push(clock, 'search', b);
    for (let i = this.int(0, 2); i > 0; i--) this.push(clock, 'view', b);
    if (!search || this.chance(0.4)) this.push(clock, 'like', b);
  }

  private sessE2(day: number, b: number, noD: boolean): void {
    const clock = { t: this.sessionStart(day) };
    if (!noD && this.chance(0.6)) this.push(clock, 'view', b);
    for (let i = this.int(1, 2); i > 0; i--) {
      const u = this.rng();
      if (!noD && u < 0.25) this.push(clock, 'video', b, { dur: this.duration(true) });
      else if (u < 0.45) this.push(clock, 'follow', b);
      else if (u < 0.65) this.push(clock, 'comment', b);
      else if (u < 0.8) this.push(clock, 'share', b);
      else this.push(clock, 'sample', b);
    }
  }

  private intentEvents(clock: { t: number }, day: number, b: number): void {
    const dep = this.presale[day] ? 0.3 : 0.04;
    for (let i = this.int(1, 2); i > 0; i--) {
      const u = this.rng();
      if (u < dep) this.push(clock, 'deposit', b);
      else if (u < dep + (1 - dep) * 0.45) {
        this.push(clock, 'cart', b);
        if (this.chance(0.13)) this.push(clock, 'remove_from_cart', b);
      } else if (u < dep + (1 - dep) * 0.8) this.push(clock, 'favorite', b);
      else this.push(clock, 'coupon', b);
    }
  }

  private sessP(day: number, b: number, noD: boolean): void {
    const clock = { t: this.sessionStart(day) };
    if (!noD && this.chance(0.5)) this.push(clock, 'view', b);
    this.intentEvents(clock, day, b);
  }

  private order(clock: { t: number }, day: number, b: number): void {
    const order = 'o' + ++this.orderSeq;
    const t0 = clock.t;
    const rows = this.chance(0.15) ? this.int(2, 3) : 1;
    const first = this.push(clock, 'purchase', b, { amount: this.price(b), order });
    for (let i = 1; i < rows; i++) {
      clock.t = t0 + this.int(0, 300);
      this.push(clock, 'purchase', b, {
        amount: this.price(b),
        order,
        channel: this.chance(0.8) ? first.channel : undefined,
      });
    }
    clock.t = Math.max(clock.t, t0 + 301);
    if (this.chance(0.05)) {
      let rd = day + this.int(1, 20);
      if (rd > this.days - 1) rd = this.days - 1;
      if (rd > day) {
        const unlinked = this.refundSeq++ % 500 === 499;
        const amount = this.chance(0.3)
          ? ''
          : Math.max(
              0.01,
              Math.floor(Number(first.amount) * (0.1 + 0.9 * this.rng()) * 100) / 100,
            ).toFixed(2);
        this.push({ t: this.sessionStart(rd) }, 'refund', b, {
          amount,
          order: unlinked ? 'o' + (900_000_000 + this.refundSeq) : order,
        });
      }
    }
  }

  private purchaseSession(day: number, b: number, kind: 'none' | 'view' | 'intent' | 'any'): void {
    const clock = { t: this.sessionStart(day) };
    if ((kind === 'view' || kind === 'any') && this.chance(0.6)) this.push(clock, 'view', b);
    if ((kind === 'intent' || kind === 'any') && this.chance(0.5)) this.intentEvents(clock, day, b);
    this.order(clock, day, b);
  }

  private afterSession(day: number, b: number, action: 'review' | 'member' | 'share'): void {
    if (day > this.days - 1) return;
    const clock = { t: this.sessionStart(day) };
    this.push(clock, action, b);
    if (action === 'member' && this.chance(0.4)) this.push(clock, 'follow', b);
  }

  private runPhases(phases: string[], lo: number, hi: number, b: number, noD: boolean): void {
    const days = phases.map(() => this.eventDay(lo, hi)).sort((x, y) => x - y);
    phases.forEach((ph, i) => {
      if (ph === 'D') this.sessD(days[i], b);
      else if (ph === 'E1') this.sessE1(days[i], b);
      else if (ph === 'E2') this.sessE2(days[i], b, noD);
      else this.sessP(days[i], b, noD);
    });
  }

  private rep(ph: string, lo: number, hi: number): string[] {
    return Array.from({ length: this.int(lo, hi) }, () => ph);
  }

  private browse(b: number, stop: number): void {
    const anchor = this.eventDay(0, this.days - 1);
    const phases = this.rep('D', 1, 3);
    if (stop >= 1 && (stop === 1 || this.chance(0.6))) phases.push(...this.rep('E1', 1, 2));
    if (stop >= 2 && (stop === 2 || this.chance(0.5))) phases.push(...this.rep('E2', 1, 2));
    if (stop >= 3) phases.push(...this.rep('P', 1, 2));
    this.runPhases(phases, anchor - 20, anchor, b, false);
  }

  private buyer(b: number, repeat: boolean): void {
    const kind = pick(this.rng, JOURNEY_PICK);
    const dp = this.buyDay(Math.min(this.days - 1, 10), this.days - 1);
    const lo = dp - this.int(10, 25);
    if (kind === 'long') {
      const phases = [...this.rep('D', 1, 3), ...this.rep('E1', 0, 2)];
      const p = this.chance(0.8);
      phases.push(...this.rep('E2', p ? 0 : 1, 2), ...this.rep('P', p ? 1 : 0, 2));
      this.runPhases(phases, lo, dp - 1, b, false);
      this.purchaseSession(dp, b, 'any');
    } else if (kind === 'short') {
      const p = this.chance(0.6);
      this.runPhases(
        [...this.rep('E2', p ? 0 : 1, 2), ...this.rep('P', p ? 1 : 0, 2)],
        lo,
        dp - 1,
        b,
        true,
      );
      this.purchaseSession(dp, b, 'intent');
    } else if (kind === 'pen') {
      this.runPhases([...this.rep('D', 1, 3), ...this.rep('E1', 0, 2)], lo, dp - 1, b, false);
      this.purchaseSession(dp, b, 'view');
    } else this.purchaseSession(dp, b, 'none');

    const total = repeat ? pick(this.rng, REPEAT_PICK) : 1;
    let last = dp;
    const purchaseDays = [dp];
    for (let k = 1; k < total; k++) {
      if (last + 5 > this.days - 1) break;
      const d = this.buyDay(last + 5, last + 90);
      if (d - last >= 3 && this.chance(0.6))
        this.runPhases(this.rep('P', 1, 2), d - 10, d - 1, b, false);
      if (this.chance(0.4)) this.sessD(this.eventDay(last + 1, d - 1), b);
      this.purchaseSession(d, b, 'any');
      purchaseDays.push(d);
      last = d;
    }
    const multi = purchaseDays.length > 1;
    for (const d of purchaseDays)
      if (this.chance(multi ? 0.45 : 0.2)) this.afterSession(d + this.int(2, 14), b, 'review');
    if (this.chance(multi ? 0.5 : 0.08))
      this.afterSession(
        purchaseDays[this.int(0, purchaseDays.length - 1)] + this.int(0, 10),
        b,
        'member',
      );
    if (multi && this.chance(0.25)) this.afterSession(last + this.int(1, 20), b, 'share');
    if (this.chance(0.3)) this.sessD(this.eventDay(dp + 1, this.days - 1), b);
  }

  private secondary(b: number): void {
    const u = this.rng();
    if (u < 0.1) {
      const d = this.buyDay(0, this.days - 1);
      this.runPhases(this.rep('D', 0, 1), d - 15, d - 1, b, false);
      this.purchaseSession(d, b, 'view');
    } else this.browse(b, u < 0.65 ? 0 : u < 0.85 ? 1 : u < 0.93 ? 2 : 3);
  }

  private format(e: Ev): string {
    let t = e.t;
    let suffix = 'Z';
    if (this.rng() < 0.02) {
      t += 8 * 3600;
      suffix = '+08:00';
    }
    const day = Math.floor(t / DAY_S);
    const s = t - day * DAY_S;
    const time =
      this.dateStr[day] +
      'T' +
      pad2(Math.floor(s / 3600)) +
      ':' +
      pad2(Math.floor(s / 60) % 60) +
      ':' +
      pad2(s % 60) +
      suffix;
    const spec = BRAND_SPECS[e.brand];
    return `${this.uid},${time},${e.action},${spec.brand},${spec.category},${e.channel},${DEMO_SOURCES[e.src]},${e.amount},${e.order},${e.dur}`;
  }

  /** Generates one user's rows, in time order. */
  user(index: number): string[] {
    this.evs = [];
    this.uid = 'u' + String(index).padStart(6, '0');
    this.srcA = pick(this.rng, this.srcPick);
    this.srcB = -1;
    if (this.chance(0.15)) {
      do this.srcB = pick(this.rng, this.srcPick);
      while (this.srcB === this.srcA);
    }
    const cat = pick(this.rng, this.catPick);
    const main = this.pickBrand(cat, -1);
    if (this.chance(0.45)) this.buyer(main, this.chance(0.32));
    else {
      const u = this.rng();
      this.browse(main, u < 0.45 ? 0 : u < 0.7 ? 1 : u < 0.82 ? 2 : 3);
      if (this.chance(0.35)) this.browse(main, this.chance(0.7) ? 0 : 1);
    }
    if (this.chance(0.2)) this.secondary(this.pickBrand(cat, main));
    if (this.chance(0.03)) {
      const other = CATEGORY_SPECS.filter((c) => c.category !== cat);
      this.sessD(
        this.eventDay(0, this.days - 1),
        this.pickBrand(other[this.int(0, other.length - 1)].category, -1),
      );
    }
    this.evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const lines: string[] = [];
    for (const e of this.evs) {
      const line = this.format(e);
      lines.push(line);
      if (this.rng() < 0.001) lines.push(line);
    }
    return lines;
  }
}

/** Generates the demo event log as CSV text chunks (header first). Deterministic for the same options. */
export function* generateDemoCsv(opts: DemoOptions = {}): Generator<string> {
  const cfg = resolveOptions(opts);
  const world = new DemoWorld(cfg);
  yield HEADER + '\n';
  let remaining = cfg.events;
  let buf: string[] = [];
  for (let i = 0; remaining > 0; i++) {
    const lines = world.user(i);
    const take = Math.min(lines.length, remaining);
    for (let k = 0; k < take; k++) buf.push(lines[k]);
    remaining -= take;
    if (buf.length >= CHUNK_ROWS) {
      yield buf.join('\n') + '\n';
      buf = [];
    }
  }
  if (buf.length > 0) yield buf.join('\n') + '\n';
}

/** Convenience: whole CSV as one Uint8Array (UTF-8). */
export function generateDemoBytes(opts?: DemoOptions): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const chunk of generateDemoCsv(opts)) {
    const bytes = enc.encode(chunk);
    parts.push(bytes);
    size += bytes.length;
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
