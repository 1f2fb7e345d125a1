/**
 * The native engine's flags, shared by every CLI command that reads data:
 * --threads N, --memory-limit SIZE (DuckDB's memory_limit, e.g. 4GB) and --temp-dir DIR (where
 * DuckDB spills what does not fit; default: the OS temp folder). With both, files larger than
 * memory are analysed by spilling to disk (issue #6).
 */
import { EngineError } from '../../src/lib/engine/errors';
import type { NativeOptions } from './native';

const SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Engine options from the flags; an EngineError names a bad value and the fix. */
export function engineOptions(flags: Record<string, string | true>): NativeOptions {
  const opts: NativeOptions = { threads: 2 };
  if (flags.threads !== undefined) {
    const n = Number(flags.threads);
    if (!Number.isInteger(n) || n < 1)
      throw new EngineError(
        'CONFIG',
        `--threads "${String(flags.threads)}" is not a whole number ≥ 1.`,
        'Pass --threads 1, 2, … (default 2).',
      );
    opts.threads = n;
  }
  if (flags['memory-limit'] !== undefined) {
    const v = flags['memory-limit'];
    if (v === true || !SIZE.test(v.trim()))
      throw new EngineError(
        'CONFIG',
        `--memory-limit "${v === true ? '' : v}" is not a size.`,
        'Pass a size with its unit, e.g. --memory-limit 4GB or --memory-limit 512MB.',
      );
    opts.memoryLimit = v.trim();
  }
  if (flags['temp-dir'] !== undefined) {
    const v = flags['temp-dir'];
    if (v === true || !v.trim())
      throw new EngineError(
        'CONFIG',
        '--temp-dir needs a folder.',
        'Pass --temp-dir /path/with/free/space (DuckDB spills there when memory runs out).',
      );
    opts.tempDir = v;
  }
  return opts;
}

/**
 * The CLI's wording for engine failures that the tab words for a browser: running out of memory
 * (DuckDB's memory limit, not the tab's 4 GB heap) and a temp folder without space. Other errors
 * pass through.
 */
export function nativeError(err: EngineError, flags: Record<string, string | true>): EngineError {
  const limit = typeof flags['memory-limit'] === 'string' ? flags['memory-limit'] : null;
  const dir = typeof flags['temp-dir'] === 'string' ? flags['temp-dir'] : 'the OS temp folder';
  if (/No space left on device|disk is full|Could not write all bytes/i.test(err.detail ?? ''))
    return new EngineError(
      'OOM',
      `DuckDB ran out of disk space while spilling to ${dir}.`,
      'Point --temp-dir at a disk with more free space (spilling can take several times the Parquet size), or raise --memory-limit so less is spilled.',
      err.detail,
    );
  if (err.code !== 'OOM') return err;
  return new EngineError(
    'OOM',
    `DuckDB ran out of memory (memory limit: ${limit ?? 'DuckDB’s default, 80% of RAM'}).`,
    `Raise --memory-limit if the machine has more memory, keep --temp-dir on a disk with free space (now ${dir}) so that DuckDB can spill, or pass --threads 1 (each thread holds its own buffers).`,
    err.detail,
  );
}
