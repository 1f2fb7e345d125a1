/**
 * Tests of the condition sentences of "Why is this user here?" (src/lib/components/why-text.ts,
 * DOMAIN.md §2), written out by hand from the English catalog.
 */
import { describe, expect, it } from 'vitest';
import { conditionSentence } from '../../../src/lib/components/why-text';
import { en, type MessageKey } from '../../../src/lib/i18n/en';
import type { ConditionText } from '../../../src/lib/report/explain';

const enCat: Record<string, string> = en;

/** The English translator: fills `{name}` placeholders like i18n.t. */
const t = (key: MessageKey, vars: Record<string, string | number> = {}): string =>
  enCat[key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

/** A condition of stage E1 (the first) with the given fields. */
const cond = (c: Omit<ConditionText, 'stage' | 'cond'>): ConditionText => ({
  stage: 'E1',
  cond: 0,
  ...c,
});

describe('conditionSentence', () => {
  it('words an actions condition with its count, days and duration', () => {
    expect(conditionSentence(t, cond({ actions: ['view'], window: 7 }))).toBe(
      'any of view within 7 days',
    );
    expect(
      conditionSentence(
        t,
        cond({
          actions: ['view', 'add_cart'],
          min: 2,
          distinctDays: 2,
          minDurationS: 30,
          window: 15,
        }),
      ),
    ).toBe('any of view, add_cart ≥ 2 times on ≥ 2 distinct days lasting ≥ 30 s within 15 days');
  });

  it('leaves out a count of 1 but keeps a duration of 0', () => {
    expect(conditionSentence(t, cond({ actions: ['search'], min: 1, window: 30 }))).toBe(
      'any of search within 30 days',
    );
    expect(conditionSentence(t, cond({ actions: ['view'], minDurationS: 0, window: 30 }))).toBe(
      'any of view lasting ≥ 0 s within 30 days',
    );
  });

  it('words purchase occasions: at least, at most, between, exactly', () => {
    const occ = (occasions: ConditionText['occasions']) =>
      conditionSentence(t, cond({ occasions, window: 365 }));
    expect(occ({ min: 2 })).toBe('≥ 2 purchase occasions within 365 days');
    expect(occ({})).toBe('≥ 0 purchase occasions within 365 days');
    expect(occ({ max: 1 })).toBe('≤ 1 purchase occasions within 365 days');
    expect(occ({ min: 2, max: 4 })).toBe('2–4 purchase occasions within 365 days');
    expect(occ({ min: 3, max: 3 })).toBe('exactly 3 purchase occasions within 365 days');
    expect(occ({ min: 1, max: 1 })).toBe('exactly 1 purchase occasion within 365 days');
  });

  it('words a category condition, and a required stage', () => {
    expect(conditionSentence(t, cond({ category: true, window: 30 }))).toBe(
      'an event in the brand’s category within 30 days',
    );
    expect(conditionSentence(t, cond({ actions: ['purchase'], requires: 'E2', window: 90 }))).toBe(
      'any of purchase within 90 days and E2 holds',
    );
  });
});
