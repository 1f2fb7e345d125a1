/** Plain translation and number formatting (no runes): shared by the page and the CLI's report. */
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

/** Supported UI languages. */
export type Locale = 'en' | 'zh-CN';

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** A key's text in `locale`, `{name}` placeholders filled (unknown ones left as they are). */
export function translate(
  locale: Locale,
  key: MessageKey,
  vars: Record<string, string | number> = {},
): string {
  const text = catalogs[locale][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** A number in `locale` with exactly `digits` decimals; '–' for null, undefined or NaN. */
export function formatNumber(locale: Locale, v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined || Number.isNaN(v)
    ? '–'
    : v.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A translator bound to one locale. */
export interface Translator {
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  n: (v: number | null | undefined, digits?: number) => string;
}

/** The translator of `locale`. */
export function translator(locale: Locale): Translator {
  return {
    locale,
    t: (key, vars) => translate(locale, key, vars),
    n: (v, digits) => formatNumber(locale, v, digits),
  };
}
