import { buildCalendar, DAY_S, sampleDay, type DemoCalendar } from './calendar';
import {
  BRAND_SPECS,
  CATEGORY_SPECS,
  CHANNEL_GROUP,
  CHANNELS_BY_ACTION,
  DEMO_SOURCES,
  HOUR_PICK,
  OPTIONAL_CHANNEL,
  SOURCE_WEIGHTS,
} from './catalog';
import type { DemoConfig } from './options';
import { mulberry32, pick, picker, type Rng } from './random';

/** One simulated event of the current user, before formatting. */
export interface Ev {
  t: number /* seconds since the start of the period (UTC) */;
  seq: number /* creation order, the tie-break for equal times */;
  action: string;
  brand: number /* index into BRAND_SPECS */;
  channel: string;
  src: number /* index into DEMO_SOURCES */;
  amount: string;
  order: string;
  dur: string;
}

/** A session's running time; push() advances it after each event. */
export interface Clock {
  t: number;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

/**
 * The generator's shared state and sampling primitives: the seeded rng, the calendar, the current
 * user's event buffer and sources, and the CSV row format. Subclasses add sessions and journeys.
 */
export class EventLog {
  readonly rng: Rng;
  readonly days: number;
  protected readonly cal: DemoCalendar;
  protected readonly catPick = picker(CATEGORY_SPECS.map((c) => [c.category, c.weight] as const));
  private readonly brandsByCat = new Map<string, number[]>();
  private readonly srcPick = picker(DEMO_SOURCES.map((s, i) => [i, SOURCE_WEIGHTS[i]] as const));
  private readonly priceByCat = new Map(CATEGORY_SPECS.map((c) => [c.category, c] as const));
  private seq = 0;
  private evs: Ev[] = [];
  private uid = '';
  private srcA = 0;
  private srcB = -1;

  constructor(cfg: DemoConfig) {
    this.rng = mulberry32(cfg.seed ^ 0x5eed1234);
    for (let i = 0; i < 4; i++) this.rng();
    this.days = cfg.days;
    this.cal = buildCalendar(cfg.startMs, cfg.days);
    BRAND_SPECS.forEach((b, i) => {
      const list = this.brandsByCat.get(b.category) ?? [];
      list.push(i);
      this.brandsByCat.set(b.category, list);
    });
  }

  protected int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  protected chance(p: number): boolean {
    return this.rng() < p;
  }

  /** A day in [lo, hi] weighted by event volume. */
  protected eventDay(lo: number, hi: number): number {
    return sampleDay(this.rng, this.cal.eventCum, this.days, lo, hi);
  }

  /** A day in [lo, hi] weighted by purchase volume. */
  protected buyDay(lo: number, hi: number): number {
    return sampleDay(this.rng, this.cal.buyCum, this.days, lo, hi);
  }

  /** A brand of `cat` by popularity, other than `exclude` (-1 for none). */
  protected pickBrand(cat: string, exclude: number): number {
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

  protected sessionStart(day: number): number {
    return day * DAY_S + pick(this.rng, HOUR_PICK) * 3600 + this.int(0, 3599);
  }

  protected duration(long: boolean): string {
    if (long) return String(this.int(60, 300));
    const u = this.rng();
    if (u < 0.12) return '';
    if (u < 0.42) return String(this.int(60, 300));
    return String(this.int(3, 59));
  }

  protected price(brand: number): string {
    const spec = BRAND_SPECS[brand];
    const c = this.priceByCat.get(spec.category)!;
    const x = c.lo * Math.pow(c.hi / c.lo, Math.pow(this.rng(), 1.6)) * spec.price;
    const whole = Math.max(2, Math.round(x));
    const cents = [0, 0.1, 0.01, 0.5][this.int(0, 3)];
    return (whole - cents).toFixed(2);
  }

  /** Records one event at clock.t, then advances the clock by 5-240 s. */
  protected push(
    clock: Clock,
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

  /** Starts user `index`: clears the buffer and picks the user's main (and maybe second) source. */
  protected beginUser(index: number): void {
    this.evs = [];
    this.uid = 'u' + String(index).padStart(6, '0');
    this.srcA = pick(this.rng, this.srcPick);
    this.srcB = -1;
    if (this.chance(0.15)) {
      do this.srcB = pick(this.rng, this.srcPick);
      while (this.srcB === this.srcA);
    }
  }

  /** Ends the current user: its rows in time order, with a rare exact duplicate row. */
  protected finishUser(): string[] {
    this.evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const lines: string[] = [];
    for (const e of this.evs) {
      const line = this.format(e);
      lines.push(line);
      if (this.rng() < 0.001) lines.push(line);
    }
    return lines;
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
      this.cal.dateStr[day] +
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
}
