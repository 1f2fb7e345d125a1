import type { MessageKey } from './en';
import { formatNumber, translate, type Locale } from './format';

export type { Locale } from './format';

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
  t = (key: MessageKey, vars: Record<string, string | number> = {}): string =>
    translate(this.locale, key, vars);

  /** Formats a number for the current locale. */
  n = (v: number | null | undefined, digits = 0): string => formatNumber(this.locale, v, digits);

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
