import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

/** Supported UI languages. */
export type Locale = 'en' | 'zh-CN';

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

function initialLocale(): Locale {
  const fromUrl =
    typeof location !== 'undefined' ? new URLSearchParams(location.search).get('lang') : null;
  if (fromUrl === 'zh-CN' || fromUrl === 'en') return fromUrl;
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return /^zh/i.test(nav) ? 'zh-CN' : 'en';
}

class I18n {
  locale = $state<Locale>(initialLocale());

  /** Translates a key, filling `{name}` placeholders. */
  t = (key: MessageKey, vars: Record<string, string | number> = {}): string => {
    const text = catalogs[this.locale][key] ?? en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_m, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
  };

  /** Formats a number for the current locale. */
  n = (v: number | null | undefined, digits = 0): string =>
    v === null || v === undefined || Number.isNaN(v)
      ? '–'
      : v.toLocaleString(this.locale, {
          maximumFractionDigits: digits,
          minimumFractionDigits: digits,
        });

  /** Formats a byte size. */
  bytes = (b: number): string => {
    const units = ['B', 'KB', 'MB', 'GB'];
    let i = 0;
    let v = b;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${this.n(v, i === 0 ? 0 : 1)} ${units[i]}`;
  };
}

/** The app's translator (one per page). */
export const i18n = new I18n();
