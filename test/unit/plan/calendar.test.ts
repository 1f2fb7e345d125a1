/**
 * Promotion calendar presets and custom periods (src/lib/plan/calendar.ts, docs/planner.md
 * "Promotion calendar"). Periods are (T1, T2]: `from` is the day before the first day.
 */
import { describe, expect, it } from 'vitest';
import {
  CHINESE_NEW_YEAR,
  FESTIVALS,
  addDays,
  chineseNewYear,
  festivalPresets,
  isIsoDate,
  periodDays,
  presetsCovering,
  previousYear,
  validatePeriod,
  type NamedPeriod,
} from '../../../src/lib/plan/calendar';

const find = (year: number, festival: string) =>
  festivalPresets(year).find((p) => p.festival === festival);

describe('Chinese New Year table', () => {
  it('has the known dates', () => {
    expect(chineseNewYear(2024)).toBe('2024-02-10');
    expect(chineseNewYear(2025)).toBe('2025-01-29');
    expect(chineseNewYear(2026)).toBe('2026-02-17');
    expect(chineseNewYear(2019)).toBe('2019-02-05');
    expect(chineseNewYear(2023)).toBe('2023-01-22');
    expect(chineseNewYear(2027)).toBe('2027-02-06');
    expect(chineseNewYear(2030)).toBeNull();
  });

  it('covers 2019–2027, always between Jan 21 and Feb 20', () => {
    expect(Object.keys(CHINESE_NEW_YEAR).map(Number)).toEqual([
      2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027,
    ]);
    for (const d of Object.values(CHINESE_NEW_YEAR)) {
      expect(isIsoDate(d)).toBe(true);
      expect(d.slice(5) >= '01-21' && d.slice(5) <= '02-20').toBe(true);
    }
  });
});

describe('date helpers', () => {
  it('adds days across months and years, and counts (from, to]', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
    expect(periodDays('2023-06-15', '2023-06-18')).toBe(3);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-05', '20240105', '', null, 5])
      expect(isIsoDate(bad)).toBe(false);
  });
});

describe('festivalPresets', () => {
  it('618 peak is Jun 16–18, i.e. (Jun 15, Jun 18], fixed', () => {
    expect(find(2023, '618-peak')).toMatchObject({
      id: '618-peak-2023',
      from: '2023-06-15',
      to: '2023-06-18',
      days: 3,
      approximate: false,
      basis: 'fixed',
    });
  });

  it('Double 11 peak is Nov 10–11, i.e. (Nov 9, Nov 11]', () => {
    expect(find(2025, 'd11-peak')).toMatchObject({ from: '2025-11-09', to: '2025-11-11', days: 2 });
  });

  it('Double 11 2022 follows the published schedule (pre-sale Oct 24, first wave Oct 31–Nov 3)', () => {
    // Pre-sale opens Oct 24 20:00 and runs to the first wave, which opens Oct 31 20:00: the pre-sale
    // owns Oct 24–30 → (Oct 23, Oct 30]; the balance owns Oct 31–Nov 3 → (Oct 30, Nov 3].
    expect(find(2022, 'd11-presale')).toMatchObject({
      from: '2022-10-23',
      to: '2022-10-30',
      days: 7,
      approximate: false,
      basis: 'schedule',
    });
    expect(find(2022, 'd11-balance')).toMatchObject({
      from: '2022-10-30',
      to: '2022-11-03',
      days: 4,
      approximate: false,
    });
  });

  it('Spring Festival goods festival: the 21 days ending 7 days before Chinese New Year', () => {
    // 2025: CNY Jan 29 → last day Jan 22, first day Jan 22 − 20 = Jan 2 → (Jan 1, Jan 22].
    expect(find(2025, 'spring-festival')).toMatchObject({
      from: '2025-01-01',
      to: '2025-01-22',
      days: 21,
      approximate: true,
      basis: 'rule',
    });
    // 2023: CNY Jan 22 → last day Jan 15, first day Dec 26, 2022 → (2022-12-25, 2023-01-15].
    expect(find(2023, 'spring-festival')).toMatchObject({ from: '2022-12-25', to: '2023-01-15' });
    // 2024: CNY Feb 10 → (Jan 13, Feb 3].
    expect(find(2024, 'spring-festival')).toMatchObject({ from: '2024-01-13', to: '2024-02-03' });
  });

  it('has no 618 pre-sale or balance in 2024 (Tmall dropped its pre-sale)', () => {
    expect(find(2024, '618-presale')).toBeUndefined();
    expect(find(2024, '618-balance')).toBeUndefined();
    expect(festivalPresets(2024)).toHaveLength(5);
  });

  it('gives every phase once a year, 2019–2027 only, sorted by start', () => {
    for (let y = 2019; y <= 2027; y++) {
      const list = festivalPresets(y);
      expect(list.length).toBe(y === 2024 ? 5 : 7);
      expect(list.map((p) => p.from)).toEqual([...list.map((p) => p.from)].sort());
      for (const p of list) {
        expect(p.from < p.to).toBe(true);
        expect(p.days).toBe(periodDays(p.from, p.to));
        expect(p.label.en).toContain(String(y));
        expect(p.label['zh-CN']).toContain(String(y));
      }
    }
    expect(festivalPresets(2018)).toEqual([]);
    expect(festivalPresets(2028)).toEqual([]);
    expect(festivalPresets(2024.5)).toEqual([]);
  });

  it('labels in both languages', () => {
    expect(find(2024, 'spring-festival')?.label).toEqual({
      en: 'Spring Festival goods festival 2024',
      'zh-CN': '2024 年货节',
    });
    expect(find(2023, 'd11-presale')?.label['zh-CN']).toBe('2023 双11 预售期');
    expect(FESTIVALS).toHaveLength(7);
  });

  it('pairs a preset with the same festival a year earlier', () => {
    expect(previousYear(find(2024, 'd11-peak')!)?.id).toBe('d11-peak-2023');
    expect(previousYear(find(2025, '618-presale')!)).toBeNull();
    expect(previousYear(find(2019, '618-peak')!)).toBeNull();
  });
});

describe('presetsCovering', () => {
  it('lists the presets inside a two-year dataset, paired with the year before', () => {
    // Data 2023-01-01 … 2024-12-31. 2023's Spring Festival starts 2022-12-25 (outside) and 2025's
    // ends 2025-01-22 (outside): 6 presets in 2023 and 5 in 2024 (no 618 pre-sale or balance).
    const pairs = presetsCovering('2023-01-01', '2024-12-31');
    expect(pairs.map((p) => p.preset.id)).toEqual([
      '618-presale-2023',
      '618-balance-2023',
      '618-peak-2023',
      'd11-presale-2023',
      'd11-balance-2023',
      'd11-peak-2023',
      'spring-festival-2024',
      '618-peak-2024',
      'd11-presale-2024',
      'd11-balance-2024',
      'd11-peak-2024',
    ]);
    const prev = Object.fromEntries(pairs.map((p) => [p.preset.id, p.previous?.id ?? null]));
    expect(prev['618-peak-2024']).toBe('618-peak-2023');
    expect(prev['d11-presale-2024']).toBe('d11-presale-2023');
    expect(prev['spring-festival-2024']).toBeNull();
    expect(prev['618-peak-2023']).toBeNull();
  });

  it('needs T1 itself in the data (T1 = first data date is enough)', () => {
    expect(presetsCovering('2023-06-15', '2023-06-18').map((p) => p.preset.id)).toEqual([
      '618-peak-2023',
    ]);
    expect(presetsCovering('2023-06-16', '2023-06-18')).toEqual([]);
    expect(presetsCovering('2023-06-15', '2023-06-17')).toEqual([]);
  });

  it('finds a Spring Festival that starts in the previous December', () => {
    const ids = presetsCovering('2022-12-01', '2023-01-31').map((p) => p.preset.id);
    expect(ids).toEqual(['spring-festival-2023']);
  });

  it('returns [] for invalid or reversed ranges', () => {
    expect(presetsCovering('2024-12-31', '2023-01-01')).toEqual([]);
    expect(presetsCovering('2023-02-30', '2024-01-01')).toEqual([]);
  });
});

describe('validatePeriod', () => {
  const codes = (p: Partial<NamedPeriod>, range?: { dateFrom: string; dateTo: string }) =>
    validatePeriod(p, range).map((m) => m.code);

  it('accepts a named period with from < to', () => {
    expect(validatePeriod({ name: 'Q1 push', from: '2024-01-01', to: '2024-03-31' })).toEqual([]);
  });

  it('requires a name', () => {
    expect(codes({ name: '   ', from: '2024-01-01', to: '2024-02-01' })).toEqual(['name-empty']);
    expect(codes({ name: 'x'.repeat(81), from: '2024-01-01', to: '2024-02-01' })).toEqual([
      'name-too-long',
    ]);
  });

  it('rejects dates that are not real YYYY-MM-DD dates, with messages in both languages', () => {
    const out = validatePeriod({ name: 'a', from: '2024-02-30', to: '20240301' });
    expect(out.map((m) => [m.field, m.code, m.severity])).toEqual([
      ['from', 'from-invalid', 'error'],
      ['to', 'to-invalid', 'error'],
    ]);
    expect(out[0].message).toEqual({
      en: 'T1 “2024-02-30” is not a date (YYYY-MM-DD).',
      'zh-CN': 'T1“2024-02-30”不是有效日期（YYYY-MM-DD）。',
    });
  });

  it('requires from < to (T1 is excluded, so from = to is an empty period)', () => {
    expect(codes({ name: 'a', from: '2024-05-01', to: '2024-05-01' })).toEqual(['order']);
    const [m] = validatePeriod({ name: 'a', from: '2024-05-02', to: '2024-05-01' });
    expect(m.message.en).toBe(
      'T1 (2024-05-02) must be before T2 (2024-05-01): the period is the days after T1 up to T2.',
    );
  });

  it('warns when the period reaches outside the data', () => {
    const range = { dateFrom: '2024-01-01', dateTo: '2024-06-30' };
    const out = validatePeriod({ name: 'a', from: '2023-12-01', to: '2024-07-15' }, range);
    expect(out.map((m) => [m.code, m.severity])).toEqual([
      ['from-before-data', 'warning'],
      ['to-after-data', 'warning'],
    ]);
    expect(codes({ name: 'a', from: '2024-01-01', to: '2024-06-30' }, range)).toEqual([]);
  });

  it('never throws on missing or odd values', () => {
    expect(codes({})).toEqual(['name-empty', 'from-invalid', 'to-invalid']);
    const odd = { name: 5, from: null, to: 20240101 } as unknown as NamedPeriod;
    expect(codes(odd)).toEqual(['name-empty', 'from-invalid', 'to-invalid']);
  });
});
