/**
 * Stage-rule conditions in words (DOMAIN.md §2) for WhyUser.svelte. Pure: the translator comes in
 * as `t` (i18n.t), so the sentences follow the UI language.
 */
import type { i18n } from '../i18n/i18n.svelte';
import type { ConditionText } from '../report/explain';

/** A condition in words, e.g. "any of view on ≥ 2 distinct days within 15 days". */
export function conditionSentence(t: typeof i18n.t, c: ConditionText): string {
  let what: string;
  if (c.category) what = t('why.cond.category');
  else if (c.occasions) {
    const { min, max } = c.occasions;
    if (min !== undefined && max !== undefined)
      what =
        min === max
          ? min === 1
            ? t('why.cond.occOne')
            : t('why.cond.occExactly', { n: min })
          : t('why.cond.occBetween', { min, max });
    else if (max !== undefined) what = t('why.cond.occAtMost', { n: max });
    else what = t('why.cond.occAtLeast', { n: min ?? 0 });
  } else {
    what = t('why.cond.actions', { actions: (c.actions ?? []).join(', ') });
    if (c.min !== undefined && c.min > 1) what += t('why.cond.min', { n: c.min });
    if (c.distinctDays) what += t('why.cond.days', { n: c.distinctDays });
    if (c.minDurationS !== undefined) what += t('why.cond.duration', { s: c.minDurationS });
  }
  const text = t('why.cond.within', { what, window: c.window });
  return c.requires ? t('why.cond.requires', { text, stage: c.requires }) : text;
}
