/**
 * Tests of the rule editor's draft edits (src/lib/components/rule-draft.ts): each edit is pure,
 * blank numbers delete the key, and the results pass or fail validateRules() (DOMAIN.md §2).
 */
import { describe, expect, it } from 'vitest';
import {
  addCondition,
  parseNumberInput,
  removeCondition,
  setConditionField,
  setOccasionsField,
  setWindow,
  toggleAction,
} from '../../../src/lib/components/rule-draft';
import { DEFAULT_RULES, validateRules, type RuleSet } from '../../../src/lib/sql/analysis/rules';

/** Freezes an object graph so any in-place edit throws (ES modules are strict). */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** A frozen copy of the defaults: edits must not touch it. */
const base = (): RuleSet => deepFreeze(structuredClone(DEFAULT_RULES));

/** The issue paths of a rejected rule set, or [] when it validates. */
function paths(rules: RuleSet): string[] {
  const v = validateRules(rules);
  return v.ok ? [] : v.issues.map((i) => i.path);
}

describe('parseNumberInput', () => {
  it('blank or non-numeric text is absent; numbers pass through', () => {
    expect(parseNumberInput('')).toBeUndefined();
    expect(parseNumberInput('   ')).toBeUndefined();
    expect(parseNumberInput('abc')).toBeUndefined();
    expect(parseNumberInput('Infinity')).toBeUndefined();
    expect(parseNumberInput('3')).toBe(3);
    expect(parseNumberInput(' 0 ')).toBe(0);
    expect(parseNumberInput('1.5')).toBe(1.5);
    expect(parseNumberInput('-2')).toBe(-2);
  });
});

describe('the defaults', () => {
  it('validate as they are', () => {
    expect(paths(base())).toEqual([]);
  });
});

describe('addCondition / toggleAction', () => {
  it('appends an empty actions condition, invalid until an action is ticked', () => {
    const r0 = base();
    const r1 = addCondition(r0, 'P');
    expect(r1.P.any).toEqual([
      { actions: ['cart', 'favorite', 'coupon', 'deposit'] },
      { actions: [] },
    ]);
    expect(r1.P.window).toBe(15);
    expect(r0.P.any).toHaveLength(1);
    expect(r1.K).toBe(r0.K);
    expect(paths(r1)).toEqual(['rules.P.any[1].actions']);

    const r2 = toggleAction(r1, 'P', 1, 'search');
    expect(r2.P.any[1]).toEqual({ actions: ['search'] });
    expect(r1.P.any[1]).toEqual({ actions: [] });
    expect(paths(r2)).toEqual([]);
  });

  it('unticks a ticked action and re-ticks it at the end', () => {
    const r1 = toggleAction(base(), 'K', 0, 'member');
    expect(r1.K.any[0].actions).toEqual(['review', 'share']);
    expect(r1.K.requires).toBe('N');
    const r2 = toggleAction(r1, 'K', 0, 'member');
    expect(r2.K.any[0].actions).toEqual(['review', 'share', 'member']);
    expect(paths(r2)).toEqual([]);
  });

  it('unticking every action fails validation', () => {
    let r = base();
    for (const a of ['member', 'review', 'share'] as const) r = toggleAction(r, 'K', 0, a);
    expect(r.K.any[0]).toEqual({ actions: [] });
    expect(paths(r)).toEqual(['rules.K.any[0].actions']);
  });

  it('is a no-op on an occasions condition or a missing index', () => {
    const r0 = base();
    expect(toggleAction(r0, 'N', 0, 'view')).toBe(r0);
    expect(toggleAction(r0, 'D', 5, 'view')).toBe(r0);
  });
});

describe('removeCondition', () => {
  it('removes by index; removing the last one fails validation', () => {
    const r1 = removeCondition(base(), 'E1', 0);
    expect(r1.E1.any).toEqual([{ actions: ['view'], distinctDays: 2 }]);
    expect(paths(r1)).toEqual([]);

    const r2 = removeCondition(r1, 'E1', 0);
    expect(r2.E1.any).toEqual([]);
    expect(r2.E1.window).toBe(15);
    const v = validateRules(r2);
    expect(v.ok).toBe(false);
    if (!v.ok)
      expect(v.issues).toEqual([
        { path: 'rules.E1.any', message: 'Stage E1 needs at least one condition.' },
      ]);
  });

  it('ignores an index out of range', () => {
    const r0 = base();
    expect(removeCondition(r0, 'E2', 2)).toBe(r0);
    expect(removeCondition(r0, 'E2', -1)).toBe(r0);
  });
});

describe('setConditionField', () => {
  it('undefined deletes the key (no NaN, no null); a number sets it', () => {
    const r1 = setConditionField(base(), 'E2', 1, 'minDurationS', parseNumberInput(''));
    expect(r1.E2.any[1]).toEqual({ actions: ['video'] });
    expect('minDurationS' in r1.E2.any[1]).toBe(false);
    expect(JSON.stringify(r1)).not.toMatch(/null/);
    expect(paths(r1)).toEqual([]);

    const r2 = setConditionField(r1, 'E2', 1, 'minDurationS', 30);
    expect(r2.E2.any[1]).toEqual({ actions: ['video'], minDurationS: 30 });
    expect(r2.E2.any[0]).toBe(r1.E2.any[0]);

    const r3 = setConditionField(r2, 'D', 0, 'min', 3);
    expect(r3.D.any[0]).toEqual({ actions: ['impression', 'click', 'view', 'video'], min: 3 });
    expect(paths(r3)).toEqual([]);
  });

  it('bad values are kept for validateRules to reject', () => {
    const r1 = setConditionField(base(), 'E1', 1, 'distinctDays', 0);
    expect(r1.E1.any[1]).toEqual({ actions: ['view'], distinctDays: 0 });
    expect(paths(r1)).toEqual(['rules.E1.any[1].distinctDays']);

    const r2 = setConditionField(base(), 'D', 0, 'min', 1.5);
    expect(paths(r2)).toEqual(['rules.D.any[0].min']);

    const r3 = setConditionField(base(), 'E2', 1, 'minDurationS', -1);
    expect(paths(r3)).toEqual(['rules.E2.any[1].minDurationS']);
  });
});

describe('setOccasionsField', () => {
  it('deleting I’s max gives "at least 1 occasion", still valid', () => {
    const r1 = setOccasionsField(base(), 'I', 0, 'max', undefined);
    expect(r1.I.any[0]).toEqual({ occasions: { min: 1 } });
    expect(paths(r1)).toEqual([]);
  });

  it('min above max, or no bounds at all, fails', () => {
    const r1 = setOccasionsField(base(), 'I', 0, 'min', 3);
    expect(r1.I.any[0]).toEqual({ occasions: { min: 3, max: 1 } });
    expect(paths(r1)).toEqual(['rules.I.any[0].occasions']);

    const r2 = setOccasionsField(base(), 'N', 0, 'min', undefined);
    expect(r2.N.any[0]).toEqual({ occasions: {} });
    expect(paths(r2)).toEqual(['rules.N.any[0].occasions']);

    const r3 = setOccasionsField(r2, 'N', 0, 'max', 4);
    expect(r3.N.any[0]).toEqual({ occasions: { max: 4 } });
    expect(paths(r3)).toEqual(['rules.N.any[0].occasions']);
  });

  it('is a no-op on an actions condition', () => {
    const r0 = base();
    expect(setOccasionsField(r0, 'P', 0, 'min', 2)).toBe(r0);
    expect(setOccasionsField(r0, 'P', 7, 'min', 2)).toBe(r0);
  });
});

describe('setWindow', () => {
  it('sets a brand stage’s or O’s window; blank deletes it and fails', () => {
    const r1 = setWindow(base(), 'O', 90);
    expect(r1.O).toEqual({ window: 90 });
    expect(paths(r1)).toEqual([]);

    const r2 = setWindow(r1, 'P', undefined);
    expect('window' in r2.P).toBe(false);
    expect(r2.P.any).toBe(r1.P.any);
    expect(paths(r2)).toEqual(['rules.P.window']);

    const r3 = setWindow(r2, 'O', undefined);
    expect(paths(r3)).toEqual(['rules.P.window', 'rules.O.window']);

    expect(paths(setWindow(base(), 'K', 0))).toEqual(['rules.K.window']);
    expect(paths(setWindow(base(), 'K', 30))).toEqual([]);
  });
});
