/** Options for the demo dataset. */
export interface DemoOptions {
  seed?: number;
  events?: number;
  startDate?: string /* 'YYYY-MM-DD', default '2024-01-01' */;
  days?: number /* default 365 */;
}

/** DemoOptions with defaults applied and validated. */
export interface DemoConfig {
  seed: number;
  events: number;
  startMs: number;
  days: number;
}

/** Applies the defaults and validates; throws RangeError on bad options. */
export function resolveOptions(opts: DemoOptions): DemoConfig {
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
