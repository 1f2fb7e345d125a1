/**
 * The message catalogs (src/lib/i18n): zh-CN has exactly the English keys, nothing is left empty or
 * untranslated, placeholders match, and every literal `t('key'` in src/ names a key that exists.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { en } from '../../../src/lib/i18n/en';
import { zhCN } from '../../../src/lib/i18n/zh-CN';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

const enCat: Record<string, string> = en;
const zhCat: Record<string, string> = zhCN;

/** The `{name}` placeholders of a message, sorted and deduplicated. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/** Keys used as a literal first argument of `t(...)` in a source text. */
function literalKeys(text: string): string[] {
  return [...text.matchAll(/\bt\(\s*(['"])([^'"\n]+)\1/g)].map((m) => m[2]);
}

/** Every .svelte and .ts file under a directory. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(svelte|ts)$/.test(f))
    .map((f) => path.join(dir, f));
}

describe('message catalogs', () => {
  it('have exactly the same keys', () => {
    const enKeys = Object.keys(enCat).sort();
    const zhKeys = Object.keys(zhCat).sort();
    expect(
      zhKeys.filter((k) => !(k in enCat)),
      'keys only in zh-CN',
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !(k in zhCat)),
      'keys only in en',
    ).toEqual([]);
    expect(zhKeys).toEqual(enKeys);
  });

  it('have no empty or blank strings', () => {
    for (const [name, cat] of [
      ['en', enCat],
      ['zh-CN', zhCat],
    ] as const) {
      const blank = Object.entries(cat)
        .filter(([, v]) => typeof v !== 'string' || v.trim() === '')
        .map(([k]) => k);
      expect(blank, `blank messages in ${name}`).toEqual([]);
    }
  });

  it('use the same {placeholders} per key', () => {
    const differ = Object.keys(enCat)
      .filter((k) => k in zhCat)
      .filter((k) => placeholders(enCat[k]).join() !== placeholders(zhCat[k]).join())
      .map((k) => `${k}: en {${placeholders(enCat[k])}} zh-CN {${placeholders(zhCat[k])}}`);
    expect(differ).toEqual([]);
  });

  it('translate at least 90% of the messages into something other than the English', () => {
    const keys = Object.keys(enCat);
    const same = keys.filter((k) => zhCat[k] === enCat[k]);
    expect(keys.length).toBeGreaterThan(0);
    expect(
      same.length / keys.length,
      `identical to English: ${same.join(', ')}`,
    ).toBeLessThanOrEqual(0.1);
  });
});

describe('keys used in src/', () => {
  it('the scanner finds literal keys and ignores template and variable keys', () => {
    const text = `{t('a.b')} i18n.t("c.d", { n }) t( 'e' ) t(\`x.\${y}\`) t(k) at('no') format('no')`;
    expect(literalKeys(text)).toEqual(['a.b', 'c.d', 'e']);
  });

  it('the scan covers the app (finds files and keys)', () => {
    const files = sourceFiles(SRC);
    expect(files.some((f) => f.endsWith('App.svelte'))).toBe(true);
    const keys = files.flatMap((f) => literalKeys(readFileSync(f, 'utf8')));
    expect(keys).toContain('app.tagline');
  });

  it('every literal t(key) names a key of the English catalog', () => {
    const missing: string[] = [];
    for (const f of sourceFiles(SRC))
      for (const k of literalKeys(readFileSync(f, 'utf8')))
        if (!(k in enCat)) missing.push(`${path.relative(SRC, f)}: ${k}`);
    expect(missing).toEqual([]);
  });
});
