/**
 * Promotion calendar presets (docs/planner.md, "Promotion calendar"): the big Chinese shopping
 * festivals of 2019–2027 as analysis periods (T1, T2] — `from` is T1 and is excluded, `to` is T2 and
 * is included, as everywhere in DOMAIN.md — plus validation of custom named periods.
 */

/** A user-facing text in both UI languages. */
export interface Label {
  en: string;
  'zh-CN': string;
}

/** The festival phases offered as presets, in calendar order within a year. */
export const FESTIVALS = [
  'spring-festival',
  '618-presale',
  '618-balance',
  '618-peak',
  'd11-presale',
  'd11-balance',
  'd11-peak',
] as const;
/** One festival phase. */
export type FestivalId = (typeof FESTIVALS)[number];

/** Festival names (a preset's label adds its year). */
export const FESTIVAL_LABELS: Record<FestivalId, Label> = {
  'spring-festival': { en: 'Spring Festival goods festival', 'zh-CN': '年货节' },
  '618-presale': { en: '618 pre-sale', 'zh-CN': '618 预售期' },
  '618-balance': { en: '618 balance payment', 'zh-CN': '618 尾款期' },
  '618-peak': { en: '618 peak (Jun 16–18)', 'zh-CN': '618 高峰（6月16–18日）' },
  'd11-presale': { en: 'Double 11 pre-sale', 'zh-CN': '双11 预售期' },
  'd11-balance': { en: 'Double 11 balance payment', 'zh-CN': '双11 尾款期' },
  'd11-peak': { en: 'Double 11 peak (Nov 10–11)', 'zh-CN': '双11 高峰（11月10–11日）' },
};

/** Shown next to a preset whose dates are not taken from a verified published schedule. */
export const APPROXIMATE_LABEL: Label = {
  en: 'approximate dates: check them against the platform’s schedule',
  'zh-CN': '日期为近似值：请以平台公布的日程为准',
};

/** First and last year with presets. */
export const PRESET_YEARS = { first: 2019, last: 2027 } as const;

/**
 * Chinese New Year (first day of the first lunar month, Beijing time), 2019–2027. A table, not
 * `Intl` with `ca-chinese`: ICU gives 2027-02-07, but the new moon falls at 23:56 Beijing time on
 * Feb 6, which the official calendar counts as Feb 6.
 */
export const CHINESE_NEW_YEAR: Readonly<Record<number, string>> = {
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
};

/** How a preset's dates were obtained. */
export type PresetBasis = 'fixed' | 'schedule' | 'rule';

/** One festival phase of one year, usable as an analysis period (from, to]. */
export interface FestivalPreset {
  /** `${festival}-${year}`, e.g. `d11-peak-2023`. */
  id: string;
  festival: FestivalId;
  year: number;
  label: Label;
  /** T1, excluded: the day before the phase's first day. */
  from: string;
  /** T2, included: the phase's last day. */
  to: string;
  /** to − from. */
  days: number;
  /** true unless the dates are fixed by definition or verified against a published schedule. */
  approximate: boolean;
  /** fixed days (the festival days), Tmall's schedule, or a documented rule. */
  basis: PresetBasis;
}

/** A preset that a dataset covers, with the same festival a year earlier when it is covered too. */
export interface PresetPair {
  preset: FestivalPreset;
  previous: FestivalPreset | null;
}

/** A custom analysis period (from, to]; `from` is T1 and is excluded. */
export interface NamedPeriod {
  name: string;
  from: string;
  to: string;
}

/** One problem with a custom period; errors block it, warnings do not. */
export interface PeriodMessage {
  field: 'name' | 'from' | 'to';
  code:
    | 'name-empty'
    | 'name-too-long'
    | 'from-invalid'
    | 'to-invalid'
    | 'order'
    | 'from-before-data'
    | 'to-after-data';
  severity: 'error' | 'warning';
  message: Label;
}

/** Longest custom period name accepted. */
export const MAX_PERIOD_NAME = 80;

type Day = string;
/** A phase's first and last day (MM-DD, inclusive) and whether they are approximate. */
type Phase = { first: Day; last: Day; approximate: boolean; basis: PresetBasis };
type Phases = { presale: Phase; balance: Phase } | null;

const rec = (first: Day, last: Day, approximate = true): Phase => ({
  first,
  last,
  approximate,
  basis: 'schedule',
});
const rule = (p: Phase): Phase => ({ ...p, approximate: true, basis: 'rule' });

// Tmall's pre-sale opens at 20:00 on its first day and the balance at 20:00 (or 00:00) on its
// first day; a phase owns its opening day and the previous phase ends the day before. Only the
// entries with `approximate` false were checked against a source (docs/planner.md lists them).
const T618_2020 = { presale: rec('05-25', '05-31'), balance: rec('06-01', '06-03') };
const T618_2025 = { presale: rec('05-13', '05-15', false), balance: rec('05-16', '05-26') };
const TMALL_618: Record<number, Phases> = {
  2019: { presale: rule(T618_2020.presale), balance: rule(T618_2020.balance) },
  2020: T618_2020,
  2021: { presale: rec('05-24', '05-31'), balance: rec('06-01', '06-03') },
  2022: { presale: rec('05-26', '05-30'), balance: rec('05-31', '06-03') },
  2023: { presale: rec('05-26', '05-30'), balance: rec('05-31', '06-03') },
  // 2024: Tmall dropped the official 618 pre-sale (two waves of spot sales from May 20 and May 31).
  2024: null,
  2025: T618_2025,
  2026: { presale: rule(T618_2025.presale), balance: rule(T618_2025.balance) },
  2027: { presale: rule(T618_2025.presale), balance: rule(T618_2025.balance) },
};
const D11_2025 = { presale: rec('10-15', '10-19'), balance: rec('10-20', '10-23') };
const TMALL_D11: Record<number, Phases> = {
  2019: { presale: rec('10-21', '11-10'), balance: rec('11-11', '11-11') },
  2020: { presale: rec('10-21', '10-31'), balance: rec('11-01', '11-03') },
  2021: { presale: rec('10-20', '10-31'), balance: rec('11-01', '11-03') },
  2022: { presale: rec('10-24', '10-30', false), balance: rec('10-31', '11-03', false) },
  2023: { presale: rec('10-24', '10-30'), balance: rec('10-31', '11-03') },
  2024: { presale: rec('10-14', '10-20'), balance: rec('10-21', '10-24') },
  2025: D11_2025,
  2026: { presale: rule(D11_2025.presale), balance: rule(D11_2025.balance) },
  2027: { presale: rule(D11_2025.presale), balance: rule(D11_2025.balance) },
};
const PEAKS: Partial<Record<FestivalId, Phase>> = {
  '618-peak': { first: '06-16', last: '06-18', approximate: false, basis: 'fixed' },
  'd11-peak': { first: '11-10', last: '11-11', approximate: false, basis: 'fixed' },
};
/** Spring Festival goods festival: the 21 days ending 7 days before Chinese New Year. */
const SPRING_LAST_BEFORE_CNY = 7;
const SPRING_LENGTH = 21;

const DAY_MS = 86_400_000;
const parseIso = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = parseIso(value);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** The ISO date `n` days after `iso` (before, for negative n). */
export function addDays(iso: string, n: number): string {
  return new Date(parseIso(iso) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days in the period (from, to]: to − from. */
export function periodDays(from: string, to: string): number {
  return Math.round((parseIso(to) - parseIso(from)) / DAY_MS);
}

/** Chinese New Year's day of `year`, or null outside the table. */
export function chineseNewYear(year: number): string | null {
  return CHINESE_NEW_YEAR[year] ?? null;
}

function preset(
  festival: FestivalId,
  year: number,
  first: string,
  last: string,
  { approximate, basis }: Pick<Phase, 'approximate' | 'basis'>,
) {
  const name = FESTIVAL_LABELS[festival];
  const from = addDays(first, -1);
  return {
    id: `${festival}-${year}`,
    festival,
    year,
    label: { en: `${name.en} ${year}`, 'zh-CN': `${year} ${name['zh-CN']}` },
    from,
    to: last,
    days: periodDays(from, last),
    approximate,
    basis,
  } satisfies FestivalPreset;
}

/**
 * The presets of `year` (2019–2027; none outside), sorted by start. The Spring Festival goods
 * festival is the one before that year's Chinese New Year, so it may start in December of year − 1.
 * Years without an official pre-sale (618 of 2024) have no pre-sale or balance presets.
 */
export function festivalPresets(year: number): FestivalPreset[] {
  if (!Number.isInteger(year) || year < PRESET_YEARS.first || year > PRESET_YEARS.last) return [];
  const out: FestivalPreset[] = [];
  const cny = CHINESE_NEW_YEAR[year];
  const springLast = addDays(cny, -SPRING_LAST_BEFORE_CNY);
  const springFirst = addDays(springLast, 1 - SPRING_LENGTH);
  out.push(
    preset('spring-festival', year, springFirst, springLast, { approximate: true, basis: 'rule' }),
  );
  const phases: [FestivalId, FestivalId, FestivalId, Phases][] = [
    ['618-presale', '618-balance', '618-peak', TMALL_618[year]],
    ['d11-presale', 'd11-balance', 'd11-peak', TMALL_D11[year]],
  ];
  for (const [pre, bal, peak, sched] of phases) {
    if (sched) {
      out.push(
        preset(
          pre,
          year,
          `${year}-${sched.presale.first}`,
          `${year}-${sched.presale.last}`,
          sched.presale,
        ),
      );
      out.push(
        preset(
          bal,
          year,
          `${year}-${sched.balance.first}`,
          `${year}-${sched.balance.last}`,
          sched.balance,
        ),
      );
    }
    const p = PEAKS[peak]!;
    out.push(preset(peak, year, `${year}-${p.first}`, `${year}-${p.last}`, p));
  }
  const order = (f: FestivalId) => FESTIVALS.indexOf(f);
  return out.sort((a, b) => a.from.localeCompare(b.from) || order(a.festival) - order(b.festival));
}

/** The same festival phase a year earlier, or null when there is none. */
export function previousYear(p: FestivalPreset): FestivalPreset | null {
  return festivalPresets(p.year - 1).find((q) => q.festival === p.festival) ?? null;
}

/**
 * The presets a dataset whose event dates run from `dateFrom` to `dateTo` (inclusive) can analyse:
 * T1 (`from`) and T2 (`to`) both within the data, so stages at T1 and T2 are measurable. Each comes
 * with the same festival a year earlier when that is covered too. Sorted by start; [] for invalid
 * or reversed dates.
 */
export function presetsCovering(dateFrom: string, dateTo: string): PresetPair[] {
  if (!isIsoDate(dateFrom) || !isIsoDate(dateTo) || dateFrom > dateTo) return [];
  const covered = (p: FestivalPreset) => p.from >= dateFrom && p.to <= dateTo;
  const first = Math.max(PRESET_YEARS.first, Number(dateFrom.slice(0, 4)));
  const last = Math.min(PRESET_YEARS.last, Number(dateTo.slice(0, 4)) + 1);
  const out: PresetPair[] = [];
  for (let y = first; y <= last; y++) {
    for (const p of festivalPresets(y).filter(covered)) {
      const prev = previousYear(p);
      out.push({ preset: p, previous: prev && covered(prev) ? prev : null });
    }
  }
  return out;
}

const msg = (
  field: PeriodMessage['field'],
  code: PeriodMessage['code'],
  severity: PeriodMessage['severity'],
  en: string,
  zh: string,
): PeriodMessage => ({ field, code, severity, message: { en, 'zh-CN': zh } });

/**
 * Checks a custom period: a non-empty name of at most MAX_PERIOD_NAME characters, `from` and `to`
 * real YYYY-MM-DD dates with from < to (errors); with the dataset's date range, warnings when T1 is
 * before its first date or T2 after its last. Returns [] when all is well; never throws.
 */
export function validatePeriod(
  period: Partial<NamedPeriod>,
  range?: { dateFrom: string; dateTo: string },
): PeriodMessage[] {
  const out: PeriodMessage[] = [];
  const name = typeof period.name === 'string' ? period.name.trim() : '';
  if (!name)
    out.push(msg('name', 'name-empty', 'error', 'Give the period a name.', '请为时间段命名。'));
  else if (name.length > MAX_PERIOD_NAME)
    out.push(
      msg(
        'name',
        'name-too-long',
        'error',
        `The name is longer than ${MAX_PERIOD_NAME} characters.`,
        `名称超过 ${MAX_PERIOD_NAME} 个字符。`,
      ),
    );
  const { from, to } = period;
  const fromOk = isIsoDate(from);
  const toOk = isIsoDate(to);
  if (!fromOk)
    out.push(
      msg(
        'from',
        'from-invalid',
        'error',
        `T1 “${from ?? ''}” is not a date (YYYY-MM-DD).`,
        `T1“${from ?? ''}”不是有效日期（YYYY-MM-DD）。`,
      ),
    );
  if (!toOk)
    out.push(
      msg(
        'to',
        'to-invalid',
        'error',
        `T2 “${to ?? ''}” is not a date (YYYY-MM-DD).`,
        `T2“${to ?? ''}”不是有效日期（YYYY-MM-DD）。`,
      ),
    );
  if (!fromOk || !toOk) return out;
  if (from >= to)
    out.push(
      msg(
        'to',
        'order',
        'error',
        `T1 (${from}) must be before T2 (${to}): the period is the days after T1 up to T2.`,
        `T1（${from}）必须早于 T2（${to}）：时间段为 T1 之后至 T2（含）的日期。`,
      ),
    );
  if (range && isIsoDate(range.dateFrom) && from < range.dateFrom)
    out.push(
      msg(
        'from',
        'from-before-data',
        'warning',
        `T1 (${from}) is before the data starts (${range.dateFrom}): stages at T1 will be incomplete.`,
        `T1（${from}）早于数据起始日（${range.dateFrom}）：T1 的人群阶段将不完整。`,
      ),
    );
  if (range && isIsoDate(range.dateTo) && to > range.dateTo)
    out.push(
      msg(
        'to',
        'to-after-data',
        'warning',
        `T2 (${to}) is after the data ends (${range.dateTo}): the period is cut short.`,
        `T2（${to}）晚于数据截止日（${range.dateTo}）：时间段不完整。`,
      ),
    );
  return out;
}
