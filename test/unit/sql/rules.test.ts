/**
 * Tests of the stage rule set validation (src/lib/sql/analysis/rules.ts, DOMAIN.md §2).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES,
  RANK,
  STAGES,
  validateRules,
  type RuleIssue,
} from '../../../src/lib/sql/analysis/rules';

/** A rule as raw JSON: any value may be put anywhere. */
interface RawRule {
  window: unknown;
  requires?: unknown;
  any: Record<string, unknown>[];
}

/** A fresh deep copy of the defaults, edited by `edit` (raw JSON, so anything goes). */
function withEdit(edit: (r: Record<string, RawRule>) => void): unknown {
  const r = structuredClone(DEFAULT_RULES) as unknown as Record<string, RawRule>;
  edit(r);
  return r;
}

function issues(raw: unknown): RuleIssue[] {
  const v = validateRules(raw);
  if (v.ok) throw new Error('expected the rule set to be rejected');
  return v.issues;
}

describe('DEFAULT_RULES match DOMAIN.md §2', () => {
  it('stages, ranks and the default windows', () => {
    expect([...STAGES]).toEqual(['O', 'D', 'E1', 'E2', 'P', 'I', 'N', 'K']);
    expect(RANK).toEqual({ none: 0, O: 1, D: 2, E1: 3, E2: 4, P: 5, I: 6, N: 7, K: 8 });
    expect(DEFAULT_RULES.K.window).toBe(365);
    expect(DEFAULT_RULES.N.window).toBe(365);
    expect(DEFAULT_RULES.I.window).toBe(365);
    expect(DEFAULT_RULES.P.window).toBe(15);
    expect(DEFAULT_RULES.E2.window).toBe(30);
    expect(DEFAULT_RULES.E1.window).toBe(15);
    expect(DEFAULT_RULES.D.window).toBe(15);
    expect(DEFAULT_RULES.O.window).toBe(180);
    expect(DEFAULT_RULES.K.requires).toBe('N');
  });
});

describe('validateRules', () => {
  it('accepts the defaults and returns a deep-equal copy, not the same object', () => {
    const v = validateRules(DEFAULT_RULES);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.rules).toEqual(DEFAULT_RULES);
    expect(v.rules).not.toBe(DEFAULT_RULES);
    expect(v.rules.E2.any).not.toBe(DEFAULT_RULES.E2.any);
  });

  it('accepts a JSON round-trip of the defaults', () => {
    expect(validateRules(JSON.parse(JSON.stringify(DEFAULT_RULES))).ok).toBe(true);
  });

  it('rejects a non-object', () => {
    expect(validateRules(null).ok).toBe(false);
    expect(validateRules('x').ok).toBe(false);
  });

  it('rejects an unknown action, naming the action and the stage', () => {
    const is = issues(
      withEdit((r) => {
        r.P.any[0].actions = ['cart', 'wishlist'];
      }),
    );
    expect(is).toHaveLength(1);
    expect(is[0].path).toMatch(/^rules\.P\.any\[0\]/);
    expect(is[0].message).toContain('wishlist');
    expect(is[0].message).toMatch(/\bP\b/);
  });

  it.each([0, -1, 1.5])('rejects window %s, naming the stage', (w) => {
    const is = issues(
      withEdit((r) => {
        r.E1.window = w;
      }),
    );
    expect(is).toHaveLength(1);
    expect(is[0].path).toBe('rules.E1.window');
    expect(is[0].message).toMatch(/\bE1\b/);
  });

  it.each([0, -1, 1.5])('rejects O window %s', (w) => {
    const is = issues(
      withEdit((r) => {
        r.O.window = w;
      }),
    );
    expect(is.map((i) => i.path)).toEqual(['rules.O.window']);
    expect(is[0].message).toMatch(/\bO\b/);
  });

  it('rejects an empty `any`', () => {
    const is = issues(
      withEdit((r) => {
        r.D.any = [];
      }),
    );
    expect(is.map((i) => i.path)).toEqual(['rules.D.any']);
    expect(is[0].message).toMatch(/\bD\b/);
  });

  it('rejects a condition with both actions and occasions', () => {
    const is = issues(
      withEdit((r) => {
        r.N.any[0].actions = ['purchase'];
      }),
    );
    expect(is).toHaveLength(1);
    expect(is[0].path).toBe('rules.N.any[0]');
    expect(is[0].message).toMatch(/\bN\b/);
  });

  it('rejects a condition with neither actions nor occasions', () => {
    const is = issues(
      withEdit((r) => {
        r.E2.any[1] = { minDurationS: 60 };
      }),
    );
    expect(is).toHaveLength(1);
    expect(is[0].path).toBe('rules.E2.any[1]');
    expect(is[0].message).toMatch(/\bE2\b/);
  });

  it('rejects occasions min > max', () => {
    const is = issues(
      withEdit((r) => {
        r.I.any[0].occasions = { min: 3, max: 2 };
      }),
    );
    expect(is).toHaveLength(1);
    expect(is[0].path).toBe('rules.I.any[0].occasions');
    expect(is[0].message).toMatch(/\bI\b/);
  });

  it('accepts occasions min = max', () => {
    expect(
      validateRules(
        withEdit((r) => {
          r.I.any[0].occasions = { min: 2, max: 2 };
        }),
      ).ok,
    ).toBe(true);
  });

  it('rejects `requires` naming an unknown stage', () => {
    const is = issues(
      withEdit((r) => {
        r.K.requires = 'Z';
      }),
    );
    expect(is).toHaveLength(1);
    expect(is[0].path).toBe('rules.K.requires');
    expect(is[0].message).toMatch(/\bK\b/);
  });

  it('rejects a missing stage, naming it', () => {
    const is = issues(
      withEdit((r) => {
        delete r.E2;
      }),
    );
    expect(is).toHaveLength(1);
    expect(is[0].path).toBe('rules.E2');
    expect(is[0].message).toMatch(/\bE2\b/);
  });

  it('rejects a missing O', () => {
    const is = issues(
      withEdit((r) => {
        delete r.O;
      }),
    );
    expect(is.map((i) => i.path)).toEqual(['rules.O.window']);
  });
});

describe('validateRules: occasions must need at least one purchase', () => {
  it('rejects {max: 0} and {min: 0}, which every user would meet', async () => {
    const { DEFAULT_RULES, validateRules } = await import('../../../src/lib/sql/analysis/rules');
    for (const occasions of [{ max: 0 }, { min: 0, max: 3 }]) {
      const raw = structuredClone(DEFAULT_RULES) as unknown as Record<string, { any: unknown[] }>;
      raw.I.any = [{ occasions }];
      const v = validateRules(raw);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.issues.map((i) => i.path)).toEqual(['rules.I.any[0].occasions']);
    }
  });
});
