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
