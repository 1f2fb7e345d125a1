/** The CLI's argument parser and exit codes (bin/cli.ts). */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../bin/cli';
import { parseArgs, rfmOptions } from '../../../bin/lib/args';
import { DEFAULT_RFM } from '../../../src/lib/sql/analysis/rfm';

describe('parseArgs', () => {
  it('reads --flag value', () => {
    expect(parseArgs(['inspect', 'a.csv', '--json', 'out.json'])).toEqual({
      positional: ['inspect', 'a.csv'],
      flags: { json: 'out.json' },
    });
  });

  it('reads --flag=value', () => {
    expect(parseArgs(['--threads=4', 'inspect'])).toEqual({
      positional: ['inspect'],
      flags: { threads: '4' },
    });
  });

  it('keeps everything after the first = in --flag=value', () => {
    expect(parseArgs(['--config=a=b.json']).flags).toEqual({ config: 'a=b.json' });
  });

  it('reads --flag= as an empty value', () => {
    expect(parseArgs(['--json=']).flags).toEqual({ json: '' });
  });

  it('reads a switch at the end as true', () => {
    expect(parseArgs(['inspect', 'a.csv', '--debug'])).toEqual({
      positional: ['inspect', 'a.csv'],
      flags: { debug: true },
    });
  });

  it('reads a switch followed by another flag as true', () => {
    expect(parseArgs(['--debug', '--threads', '1', 'x'])).toEqual({
      positional: ['x'],
      flags: { debug: true, threads: '1' },
    });
  });

  it('keeps positionals in order around flags', () => {
    expect(
      parseArgs(['inspect', 'a.csv', '--threads', '2', 'b.csv', '--config=c.json', 'c.parquet']),
    ).toEqual({
      positional: ['inspect', 'a.csv', 'b.csv', 'c.parquet'],
      flags: { threads: '2', config: 'c.json' },
    });
  });

  it('takes a value that starts with a single dash', () => {
    expect(parseArgs(['--seed', '-5']).flags).toEqual({ seed: '-5' });
  });

  it('returns nothing for no arguments', () => {
    expect(parseArgs([])).toEqual({ positional: [], flags: {} });
  });
});

describe('main', () => {
  let out: MockInstance;
  let err: MockInstance;
  let dir: string;
  const stderr = () => err.mock.calls.map((c) => String(c[0])).join('');
  const stdout = () => out.mock.calls.map((c) => String(c[0])).join('');

  beforeEach(() => {
    out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    dir = mkdtempSync(path.join(tmpdir(), 'assetflow-cli-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('help prints the usage and returns 0', async () => {
    expect(await main(['help'])).toBe(0);
    expect(stdout()).toMatch(/Usage:/);
    expect(stdout()).toContain('inspect');
    expect(stderr()).toBe('');
  });

  it('--help also returns 0', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(stdout()).toMatch(/Usage:/);
  });

  it('no command prints the usage and returns 1', async () => {
    expect(await main([])).toBe(1);
    expect(stdout()).toMatch(/Usage:/);
  });

  it('an unknown command returns 2 and names it on stderr', async () => {
    expect(await main(['frobnicate'])).toBe(2);
    expect(stderr()).toContain('frobnicate');
    expect(stderr()).toMatch(/help/);
  });

  it('inspect with no file returns 2 and says so', async () => {
    expect(await main(['inspect'])).toBe(2);
    expect(stderr()).toMatch(/No input file/);
  });

  it('inspect of a missing path returns 2 with a message naming it', async () => {
    const missing = path.join(dir, 'nope.csv');
    expect(await main(['inspect', missing, '--threads', '1'])).toBe(2);
    expect(stderr()).toContain(`Cannot open "${missing}"`);
    expect(stdout()).toBe('');
  });

  it('inspect with a missing config file returns 2 naming the config', async () => {
    const cfg = path.join(dir, 'missing.json');
    expect(await main(['inspect', 'x.csv', '--config', cfg])).toBe(2);
    expect(stderr()).toContain(`The config "${cfg}" cannot be read (ENOENT).`);
    expect(stderr()).not.toContain('not valid JSON');
  });

  it('demo without --out returns 2', async () => {
    expect(await main(['demo'])).toBe(2);
    expect(stderr()).toMatch(/--out/);
  });
});

describe('rfmOptions (--rfm-* flags over the config)', () => {
  it('leaves the config alone without --rfm-* flags', () => {
    expect(rfmOptions(undefined, {})).toBeUndefined();
    const base = { ...DEFAULT_RFM, k: 3 };
    expect(rfmOptions(base, { brand: 'x' })).toBe(base);
  });
  it('--rfm-method and --rfm-k override the config', () => {
    const o = rfmOptions(
      { ...DEFAULT_RFM, monetary: 'average' },
      {
        'rfm-method': 'equal-width',
        'rfm-k': '7',
      },
    );
    expect(o).toMatchObject({ method: 'equal-width', k: 7, monetary: 'average' });
  });
  it('cut lists imply the custom method; each dimension keeps its own cuts', () => {
    const o = rfmOptions(undefined, {
      'rfm-cuts-r': '30,90,180',
      'rfm-cuts-f': '2, 5',
      'rfm-cuts-m': '100,500.5',
    });
    expect(o?.method).toBe('custom');
    expect(o?.cuts).toEqual({ R: [30, 90, 180], F: [2, 5], M: [100, 500.5] });
  });
  it('refuses descending cuts, a missing dimension and k out of range, naming the problem', () => {
    expect(() =>
      rfmOptions(undefined, { 'rfm-cuts-r': '90,30', 'rfm-cuts-f': '2', 'rfm-cuts-m': '5' }),
    ).toThrow(/strictly ascending \(got 90, 30\)/);
    expect(() => rfmOptions(undefined, { 'rfm-cuts-r': '30,90' })).toThrow(/cut points for F/);
    expect(() => rfmOptions(undefined, { 'rfm-k': '1' })).toThrow(
      /k must be a whole number from 2 to 10/,
    );
    expect(() => rfmOptions(undefined, { 'rfm-method': 'quantile' })).toThrow(/method must be/);
    expect(() => rfmOptions(undefined, { 'rfm-k': true })).toThrow(/--rfm-k needs a value/);
  });
});
