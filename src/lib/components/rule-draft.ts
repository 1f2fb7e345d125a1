/**
 * Immutable edits of a draft stage rule set (DOMAIN.md §2) for RuleEditor.svelte. Each edit returns
 * a new rule set and leaves its input untouched; an `undefined` number deletes the key, so the
 * draft never holds NaN or null. The result may be invalid: validateRules() decides.
 */
import type { CanonicalAction } from '../mapping/canonical';
import type { Condition, RuleSet, Stage, StageRule } from '../sql/analysis/rules';

/** A stage with a rule of its own (every stage but O). */
export type RuleStage = Exclude<Stage, 'O'>;
/** Optional numeric fields of an actions condition. */
export type ConditionField = 'min' | 'distinctDays' | 'minDurationS';
/** Bounds of an occasions condition. */
export type OccasionField = 'min' | 'max';

/** A copy of `obj` with `key` set to `value`, or without `key` when `value` is undefined. */
function withField<T extends object>(obj: T, key: string, value: number | undefined): T {
  const copy = { ...obj } as Record<string, unknown>;
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy as T;
}

function updateRule(rules: RuleSet, stage: RuleStage, f: (r: StageRule) => StageRule): RuleSet {
  return { ...rules, [stage]: f(rules[stage]) };
}

function updateCondition(
  rules: RuleSet,
  stage: RuleStage,
  index: number,
  f: (c: Condition) => Condition,
): RuleSet {
  const cond = rules[stage].any[index];
  if (cond === undefined) return rules;
  const next = f(cond);
  if (next === cond) return rules;
  return updateRule(rules, stage, (r) => ({
    ...r,
    any: r.any.map((c, i) => (i === index ? next : c)),
  }));
}

/** The value of a number input: blank or not a finite number gives undefined ("absent"). */
export function parseNumberInput(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** Sets a stage's window in days (O included); undefined deletes it. */
export function setWindow(rules: RuleSet, stage: Stage, days: number | undefined): RuleSet {
  return { ...rules, [stage]: withField(rules[stage], 'window', days) };
}

/** Appends an empty actions condition (invalid until an action is ticked). */
export function addCondition(rules: RuleSet, stage: RuleStage): RuleSet {
  return updateRule(rules, stage, (r) => ({ ...r, any: [...r.any, { actions: [] }] }));
}

/** Removes a stage's condition at `index`. */
export function removeCondition(rules: RuleSet, stage: RuleStage, index: number): RuleSet {
  if (index < 0 || index >= rules[stage].any.length) return rules;
  return updateRule(rules, stage, (r) => ({ ...r, any: r.any.filter((_, i) => i !== index) }));
}

/** Sets `min`, `distinctDays` or `minDurationS` of a condition; undefined deletes it. */
export function setConditionField(
  rules: RuleSet,
  stage: RuleStage,
  index: number,
  field: ConditionField,
  value: number | undefined,
): RuleSet {
  return updateCondition(rules, stage, index, (c) => withField(c, field, value));
}

/** Sets an occasions condition's `min` or `max`; undefined deletes it. No-op on an actions condition. */
export function setOccasionsField(
  rules: RuleSet,
  stage: RuleStage,
  index: number,
  field: OccasionField,
  value: number | undefined,
): RuleSet {
  return updateCondition(rules, stage, index, (c) =>
    c.occasions ? { ...c, occasions: withField(c.occasions, field, value) } : c,
  );
}

/** Ticks or unticks an action of an actions condition (ticked ones append). No-op on occasions. */
export function toggleAction(
  rules: RuleSet,
  stage: RuleStage,
  index: number,
  action: CanonicalAction,
): RuleSet {
  return updateCondition(rules, stage, index, (c) => {
    if (!c.actions) return c;
    const actions = c.actions.includes(action)
      ? c.actions.filter((a) => a !== action)
      : [...c.actions, action];
    return { ...c, actions };
  });
}
