/** DOMAIN.md §2 stage rules: the configurable rule set, its defaults and its validation. */
import {
  CANONICAL_ACTIONS,
  isCanonicalAction,
  type CanonicalAction,
} from '../../mapping/canonical';

/** Stages from shallow to deep. */
export const STAGES = ['O', 'D', 'E1', 'E2', 'P', 'I', 'N', 'K'] as const;
/** One DEEPLINK stage. */
export type Stage = (typeof STAGES)[number];
/** Brand stages (O is the category opportunity, shown apart). */
export const BRAND_STAGES = ['D', 'E1', 'E2', 'P', 'I', 'N', 'K'] as const;
/** Rank for flows (DOMAIN.md §4): none 0, O 1 … K 8. */
export const RANK: Record<Stage | 'none', number> = {
  none: 0,
  O: 1,
  D: 2,
  E1: 3,
  E2: 4,
  P: 5,
  I: 6,
  N: 7,
  K: 8,
};

/**
 * One behaviour condition. Exactly one of:
 * - `actions` (+ `min` count, default 1; `distinctDays`: the events fall on at least this many dates;
 *   `minDurationS`: only events with duration_s ≥ this count),
 * - `occasions`: purchase occasions in the window, at least `min` and at most `max`.
 */
export interface Condition {
  actions?: CanonicalAction[];
  min?: number;
  distinctDays?: number;
  minDurationS?: number;
  occasions?: { min?: number; max?: number };
}

/** A brand stage's rule: an OR of conditions over a look-back window (days, T included). */
export interface StageRule {
  window: number;
  any: Condition[];
  /** Another stage whose rule must also hold (K requires N). */
  requires?: Exclude<Stage, 'O'>;
}

/** The rule set: one rule per brand stage, and O's window. */
export type RuleSet = Record<Exclude<Stage, 'O'>, StageRule> & { O: { window: number } };

/** DOMAIN.md §2 defaults. */
export const DEFAULT_RULES: RuleSet = {
  K: { window: 365, requires: 'N', any: [{ actions: ['member', 'review', 'share'] }] },
  N: { window: 365, any: [{ occasions: { min: 2 } }] },
  I: { window: 365, any: [{ occasions: { min: 1, max: 1 } }] },
  P: { window: 15, any: [{ actions: ['cart', 'favorite', 'coupon', 'deposit'] }] },
  E2: {
    window: 30,
    any: [
      { actions: ['follow', 'member', 'comment', 'share', 'sample'] },
      { actions: ['video'], minDurationS: 60 },
    ],
  },
  E1: {
    window: 15,
    any: [{ actions: ['search', 'like'] }, { actions: ['view'], distinctDays: 2 }],
  },
  D: { window: 15, any: [{ actions: ['impression', 'click', 'view', 'video'] }] },
  O: { window: 180 },
};

/** A problem in a rule set, naming the rule. */
export interface RuleIssue {
  path: string;
  message: string;
}

const posInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1;
/** The longest look-back window accepted: 100 years (the SQL subtracts it from a DATE). */
export const MAX_WINDOW_DAYS = 36_500;
const windowOk = (v: unknown) => posInt(v) && (v as number) <= MAX_WINDOW_DAYS;

/** Validates a rule set; on failure the caller keeps the last valid one. */
export function validateRules(
  raw: unknown,
): { ok: true; rules: RuleSet } | { ok: false; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  if (typeof raw !== 'object' || raw === null)
    return {
      ok: false,
      issues: [{ path: 'rules', message: 'Rules must be an object with one entry per stage.' }],
    };
  const r = raw as Record<string, unknown>;
  for (const stage of [...BRAND_STAGES].reverse()) {
    const rule = r[stage] as Record<string, unknown> | undefined;
    const at = `rules.${stage}`;
    if (!rule || typeof rule !== 'object') {
      issues.push({ path: at, message: `Stage ${stage} has no rule.` });
      continue;
    }
    if (!windowOk(rule.window))
      issues.push({
        path: `${at}.window`,
        message: `Stage ${stage}: the window must be a whole number of days from 1 to ${MAX_WINDOW_DAYS} (got ${JSON.stringify(rule.window)}).`,
      });
    if (
      rule.requires !== undefined &&
      !(BRAND_STAGES as readonly string[]).includes(String(rule.requires))
    )
      issues.push({
        path: `${at}.requires`,
        message: `Stage ${stage}: "requires" must name a brand stage.`,
      });
    if (rule.requires === stage)
      issues.push({ path: `${at}.requires`, message: `Stage ${stage} cannot require itself.` });
    if (!Array.isArray(rule.any) || rule.any.length === 0) {
      issues.push({ path: `${at}.any`, message: `Stage ${stage} needs at least one condition.` });
      continue;
    }
    rule.any.forEach((c: unknown, i: number) => {
      const p = `${at}.any[${i}]`;
      const cond = c as Record<string, unknown>;
      if (typeof cond !== 'object' || cond === null)
        return issues.push({
          path: p,
          message: `Stage ${stage}, condition ${i + 1}: not an object.`,
        });
      const hasActions = cond.actions !== undefined;
      const hasOcc = cond.occasions !== undefined;
      if (hasActions === hasOcc)
        return issues.push({
          path: p,
          message: `Stage ${stage}, condition ${i + 1}: give either "actions" or "occasions".`,
        });
      if (hasActions) {
        if (!Array.isArray(cond.actions) || cond.actions.length === 0)
          issues.push({
            path: `${p}.actions`,
            message: `Stage ${stage}, condition ${i + 1}: "actions" must list canonical actions.`,
          });
        else
          for (const a of cond.actions)
            if (!isCanonicalAction(a))
              issues.push({
                path: `${p}.actions`,
                message: `Stage ${stage}, condition ${i + 1}: "${String(a)}" is not a canonical action (${CANONICAL_ACTIONS.join(', ')}).`,
              });
        for (const k of ['min', 'distinctDays'] as const)
          if (cond[k] !== undefined && !posInt(cond[k]))
            issues.push({
              path: `${p}.${k}`,
              message: `Stage ${stage}, condition ${i + 1}: ${k} must be a whole number ≥ 1.`,
            });
        if (
          cond.minDurationS !== undefined &&
          !(typeof cond.minDurationS === 'number' && cond.minDurationS >= 0)
        )
          issues.push({
            path: `${p}.minDurationS`,
            message: `Stage ${stage}, condition ${i + 1}: minDurationS must be a number ≥ 0.`,
          });
      } else {
        const o = cond.occasions as Record<string, unknown>;
        const okMin =
          o?.min === undefined ||
          (typeof o.min === 'number' && Number.isInteger(o.min) && o.min >= 0);
        const okMax =
          o?.max === undefined ||
          (typeof o.max === 'number' && Number.isInteger(o.max) && o.max >= 0);
        if (
          !o ||
          typeof o !== 'object' ||
          !okMin ||
          !okMax ||
          (o.min === undefined && o.max === undefined)
        )
          issues.push({
            path: `${p}.occasions`,
            message: `Stage ${stage}, condition ${i + 1}: occasions needs whole-number "min" and/or "max".`,
          });
        else if (typeof o.min !== 'number' || o.min < 1)
          issues.push({
            path: `${p}.occasions`,
            message: `Stage ${stage}, condition ${i + 1}: occasions needs "min" ≥ 1 (a condition met with no purchase would place every user).`,
          });
        else if (typeof o.max === 'number' && o.min > o.max)
          issues.push({
            path: `${p}.occasions`,
            message: `Stage ${stage}, condition ${i + 1}: occasions min is above max.`,
          });
      }
    });
  }
  const o = r.O as Record<string, unknown> | undefined;
  if (!o || !windowOk(o.window))
    issues.push({
      path: 'rules.O.window',
      message: `Stage O: the window must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}.`,
    });
  if (issues.length) return { ok: false, issues };
  return { ok: true, rules: structuredClone(raw) as RuleSet };
}
