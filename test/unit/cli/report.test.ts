/**
 * `assetflow report <files…> --out report.html` (bin/cli.ts): the shareable HTML report on native
 * DuckDB, in both languages, with clear messages for a missing --out or an unknown --lang.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../bin/cli';
import { generateDemoCsv } from '../../../src/lib/demo/generate';

describe('assetflow report', () => {
  let err: MockInstance;
  let dir: string;
  let demo: string;
  const stderr = () => err.mock.calls.map((c) => String(c[0])).join('');

  beforeEach(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    dir = mkdtempSync(path.join(tmpdir(), 'assetflow-report-'));
    demo = path.join(dir, 'demo.csv');
    writeFileSync(demo, [...generateDemoCsv({ events: 20_000 })].join(''));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one self-contained HTML file, in English and in Chinese', async () => {
    const out = path.join(dir, 'r.html');
    const args = [
      '--brand',
      'Stride',
      '--as-of',
      '2024-06-30',
      '--from',
      '2024-05-31',
      '--to',
      '2024-06-30',
    ];
    expect(await main(['report', demo, ...args, '--out', out])).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Stride: DEEPLINK consumer assets');
    expect(html).toContain('Flow over (2024-05-31, 2024-06-30]');
    expect(html).not.toMatch(/<script/i);
    // The config that reproduces it: the detected mapping and the choices.
    expect(html).toContain('&quot;from&quot;: &quot;2024-05-31&quot;');
    const zh = path.join(dir, 'zh.html');
    expect(await main(['report', demo, ...args, '--lang', 'zh-CN', '--out', zh])).toBe(0);
    expect(readFileSync(zh, 'utf8')).toContain('Stride：DEEPLINK 消费者资产');
  }, 120_000);

  it('says what is missing: --out, a known --lang', async () => {
    expect(await main(['report', demo])).toBe(2);
    expect(stderr()).toContain('report needs --out <file.html>.');
    expect(await main(['report', demo, '--out', path.join(dir, 'x.html'), '--lang', 'fr'])).toBe(2);
    expect(stderr()).toContain('--lang "fr" is not supported.');
    expect(existsSync(path.join(dir, 'x.html'))).toBe(false);
  });
});
