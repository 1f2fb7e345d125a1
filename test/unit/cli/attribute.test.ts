/**
 * `assetflow attribute <paths file>` (bin/cli.ts): the DOMAIN.md §7 models over an aggregated path
 * table, on native DuckDB, called through the CLI entry `main` with stdout/stderr captured.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../bin/cli';
import { halfLifeFlag } from '../../../bin/lib/args';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/paths');
const DEMO = path.resolve(
  import.meta.dirname,
  '../../../../shared/data/channelattribution_demo_paths.csv',
);
const HAS_DATA = existsSync(DEMO);

describe('assetflow attribute', () => {
  let out: MockInstance;
  let err: MockInstance;
  let dir: string;
  const stderr = () => err.mock.calls.map((c) => String(c[0])).join('');
  const stdout = () => out.mock.calls.map((c) => String(c[0])).join('');

  beforeEach(() => {
    out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    dir = mkdtempSync(path.join(tmpdir(), 'assetflow-attribute-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('help lists the command', async () => {
    expect(await main(['help'])).toBe(0);
    expect(stdout()).toContain('assetflow attribute <paths.csv');
    expect(stdout()).toContain('--half-life');
  });

  it.skipIf(!HAS_DATA)(
    `--json on the ChannelAttribution demo paths: 19,785 conversions${HAS_DATA ? '' : ' [SKIPPED: ../shared/data is absent]'}`,
    async () => {
      expect(await main(['attribute', DEMO, '--json', '--threads', '1'])).toBe(0);
      expect(stderr()).toBe('');
      const doc = JSON.parse(stdout());
      // ../shared/data/README.md: 10,000 paths, 19,785 conversions, 12 channels.
      expect(doc.conversions).toBe(19_785);
      expect(doc.unattributed).toBe(0);
      expect(doc.issues).toEqual([]);
      expect(doc.malformed).toBe(0);
      expect(Object.keys(doc.models)).toEqual([
        'lastTouch',
        'firstTouch',
        'linear',
        'timeDecay',
        'positionBased',
        'markov',
      ]);
      expect(Object.keys(doc.markov.removalEffects)).toHaveLength(12);
      // Flow conservation: base rate = 19,785 / (19,785 + 68,602) journeys.
      expect(Math.abs(doc.markov.baseConversionRate - 19_785 / 88_387)).toBeLessThan(1e-12);
      for (const m of Object.keys(doc.models)) {
        const sum = Object.values(doc.models[m] as Record<string, { conversions: number }>).reduce(
          (s, x) => s + x.conversions,
          0,
        );
        expect(Math.abs(sum - 19_785), m).toBeLessThan(1e-6);
      }
      expect(doc.models.markov.alpha).toHaveProperty('reach');
      expect(doc.models.markov.alpha).toHaveProperty('rate');
      expect(doc.models.markov.alpha).toHaveProperty('value');
    },
  );

  it('--json out.json writes the published Markov example (0.2 / 0.4 / 0.4)', async () => {
    // C1 > C2 > C3 (1, 0), C1 (0, 1), C2 > C3 (0, 1): removal effects 0.5, 1, 1 (Σ 2.5) → the one
    // conversion splits 0.5/2.5, 1/2.5, 1/2.5 (worked in test/unit/sql/paths.test.ts).
    const file = path.join(dir, 'out.json');
    const input = path.join(FIXTURES, 'markov_published.csv');
    expect(await main(['attribute', input, '--json', file, '--threads', '1'])).toBe(0);
    expect(stdout()).toBe('');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.conversions).toBe(1);
    expect(Math.abs(doc.markov.baseConversionRate - 1 / 3)).toBeLessThan(1e-9);
    expect(Math.abs(doc.models.markov.C1.conversions - 0.2)).toBeLessThan(1e-9);
    expect(Math.abs(doc.models.markov.C2.conversions - 0.4)).toBeLessThan(1e-9);
    expect(Math.abs(doc.models.markov.C3.conversions - 0.4)).toBeLessThan(1e-9);
  });

  it('prints a table by default, with the malformed rows', async () => {
    const input = path.join(FIXTURES, 'mixed.csv');
    expect(await main(['attribute', input, '--half-life', '2', '--threads', '1'])).toBe(0);
    const text = stdout();
    expect(text).toContain('10 conversions (0 unattributed), 4 channels, 27 touchpoints.');
    expect(text).toContain('half-life 2 steps');
    expect(text).toMatch(/^channel\s+reach\s+last touch\s+first touch\s+linear/m);
    // Last touch on fixture G (test/unit/sql/paths.test.ts): a 0, b 3, c 7, d 0.
    expect(text).toMatch(/^c\s+14\s+7\.00\s/m);
    expect(text).toContain('Row 5: the path "a >  > b" has an empty step.');
  });

  it('a file that is not a path table fails with the required columns named', async () => {
    const input = path.join(dir, 'events.csv');
    writeFileSync(input, 'user_id,event_time,action\n1,2024-01-01,view\n');
    expect(await main(['attribute', input, '--threads', '1'])).toBe(2);
    expect(stderr()).toContain('is not a path table');
    expect(stderr()).toContain('"path" and "total_conversions"');
    expect(stderr()).toContain('"user_id"');
    expect(stderr()).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout()).toBe('');
  });

  it('no file, a missing file and a bad --half-life return 2', async () => {
    expect(await main(['attribute'])).toBe(2);
    expect(stderr()).toMatch(/No input file/);
    const missing = path.join(dir, 'nope.csv');
    expect(await main(['attribute', missing, '--threads', '1'])).toBe(2);
    expect(stderr()).toContain(`Cannot open "${missing}"`);
    const input = path.join(FIXTURES, 'markov_published.csv');
    expect(await main(['attribute', input, '--half-life', '0'])).toBe(2);
    expect(stderr()).toMatch(/--half-life "0" is not a positive number/);
  });
});

describe('halfLifeFlag', () => {
  it('reads a positive number; absent means the default', () => {
    expect(halfLifeFlag({})).toBeUndefined();
    expect(halfLifeFlag({ 'half-life': '2.5' })).toBe(2.5);
    expect(() => halfLifeFlag({ 'half-life': true })).toThrow(/needs a value/);
    expect(() => halfLifeFlag({ 'half-life': '-1' })).toThrow(/not a positive number/);
    expect(() => halfLifeFlag({ 'half-life': 'x' })).toThrow(/not a positive number/);
    expect(() => halfLifeFlag({ 'half-life': ' ' })).toThrow(/not a positive number/);
  });
});
