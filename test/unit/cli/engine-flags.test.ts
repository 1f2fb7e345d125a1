/**
 * The CLI's engine flags (bin/lib/engine-flags.ts) and what they are for: with a memory limit and
 * a temp folder, native DuckDB spills a sort that does not fit in memory instead of failing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineOptions, nativeError } from '../../../bin/lib/engine-flags';
import { EngineError, toEngineError } from '../../../src/lib/engine/errors';
import { NativeEngine } from '../../../bin/lib/native';
import { plain } from '../../../src/lib/sql/types';

describe('engineOptions', () => {
  it('defaults to 2 threads and reads --threads, --memory-limit and --temp-dir', () => {
    expect(engineOptions({})).toEqual({ threads: 2 });
    expect(
      engineOptions({ threads: '1', 'memory-limit': ' 512MB ', 'temp-dir': '/big/tmp' }),
    ).toEqual({ threads: 1, memoryLimit: '512MB', tempDir: '/big/tmp' });
    expect(engineOptions({ 'memory-limit': '1.5GiB' }).memoryLimit).toBe('1.5GiB');
  });

  it('names a bad value and the fix', () => {
    expect(() => engineOptions({ threads: '0' })).toThrow(/--threads "0" is not a whole number/);
    expect(() => engineOptions({ threads: 'two' })).toThrow(/--threads "two"/);
    expect(() => engineOptions({ 'memory-limit': '4' })).toThrow(
      /--memory-limit "4" is not a size/,
    );
    expect(() => engineOptions({ 'memory-limit': true })).toThrow(/is not a size/);
    expect(() => engineOptions({ 'temp-dir': true })).toThrow(/--temp-dir needs a folder/);
  });
});

describe('spilling to the temp folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'af-spill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // 3M rows × a 40-character string, fully sorted: ≈ 200 MB of sort data, far above 64 MB.
  const BIG_SORT = plain(`SELECT count(*)::INTEGER AS n, min(s) AS first FROM (
  SELECT s FROM (SELECT md5(CAST(i AS VARCHAR)) || 'abcdefgh' AS s FROM range(3000000) t(i))
  ORDER BY s
)`);

  it('a sort larger than --memory-limit succeeds with a temp folder…', async () => {
    const engine = await NativeEngine.open({ threads: 1, memoryLimit: '64MB', tempDir: dir });
    try {
      const [r] = await engine.rows(BIG_SORT);
      expect(r.n).toBe(3_000_000);
      expect(String(r.first)).toHaveLength(40);
    } finally {
      engine.close();
    }
  });

  it('…and runs out of memory without one', async () => {
    const engine = await NativeEngine.open({ threads: 1, memoryLimit: '64MB', tempDir: '' });
    try {
      const e = await engine.rows(BIG_SORT).then(
        () => null,
        (x: unknown) => x,
      );
      expect(String(e)).toMatch(/memory/i);
      // The CLI words it for DuckDB and its flags, not for a browser tab.
      const err = nativeError(toEngineError(e), { 'memory-limit': '64MB' });
      expect(err.code).toBe('OOM');
      expect(err.message).toBe('DuckDB ran out of memory (memory limit: 64MB).');
      expect(err.hint).toMatch(/--memory-limit.*--temp-dir.*the OS temp folder.*--threads 1/);
      expect(err.detail).toMatch(/memory/i);
    } finally {
      engine.close();
    }
  });
});

describe('nativeError', () => {
  it('words a full temp disk, and passes other errors through', () => {
    const full = nativeError(
      toEngineError(new Error('IO Error: Could not write file "x.tmp": No space left on device')),
      { 'temp-dir': '/big/tmp' },
    );
    expect(full.message).toBe('DuckDB ran out of disk space while spilling to /big/tmp.');
    const sql = new EngineError('SQL', 'The query failed.', 'Check it.', 'Binder Error');
    expect(nativeError(sql, {})).toBe(sql);
  });
});
