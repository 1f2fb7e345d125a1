/**
 * The CLI's command line: argv into positionals and flags, and the flags that shape an analysis
 * (--config, --brand, --as-of, --from/--to, --rfm-*, --half-life, --frequency-at). Each bad value
 * is an EngineError that names it and the fix.
 */
import { readFileSync } from 'node:fs';
import { EngineError } from '../../src/lib/engine/errors';
import { validateConfig, type AssetflowConfig } from '../../src/lib/mapping/config';
import type { AnalyzeOptions } from '../../src/lib/report/analyze';
import { DEFAULT_RFM, validateRfm, type RfmOptions } from '../../src/lib/sql/analysis/rfm';

/** Parsed command line: positional arguments and --flags. */
export interface Args {
  positional: string[];
  flags: Record<string, string | true>;
}

/** Splits argv into positionals and `--flag value` / `--flag=value` / `--switch`. */
export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      const k = eq < 0 ? body : body.slice(0, eq);
      const v = eq < 0 ? undefined : body.slice(eq + 1);
      if (v !== undefined) flags[k] = v;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[k] = argv[++i];
      else flags[k] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

/** The --config file, read and validated (undefined without --config). */
export function loadConfig(path: string | true | undefined) {
  if (path === undefined) return undefined;
  if (path === true)
    throw new EngineError(
      'CONFIG',
      '--config needs a file path.',
      'Pass --config path/to/assetflow-config.json.',
    );
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new EngineError(
      'CONFIG',
      `The config "${path}" cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check the path: the config is the JSON file the app saves with "Save config".',
      String(e),
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EngineError(
      'CONFIG',
      `The config "${path}" is not valid JSON.`,
      'Export the config again from the app, or fix the JSON syntax.',
      String(e),
    );
  }
  const v = validateConfig(raw);
  if (!v.ok)
    throw new EngineError(
      'CONFIG',
      `The config "${path}" is not valid: ${v.issues.map((i) => `${i.path}: ${i.message}`).join(' ')}`,
      'Fix the listed fields, or export the config again from the app.',
    );
  return v.config;
}

/** RFM options: the config's (or the defaults), overridden by --rfm-* flags; validated. */
export function rfmOptions(
  base: RfmOptions | undefined,
  flags: Record<string, string | true>,
): RfmOptions | undefined {
  const keys = ['rfm-method', 'rfm-k', 'rfm-cuts-r', 'rfm-cuts-f', 'rfm-cuts-m'];
  if (!keys.some((k) => flags[k] !== undefined)) return base;
  const o: RfmOptions = structuredClone(base ?? DEFAULT_RFM);
  const text = (k: string) => {
    const v = flags[k];
    if (v === true)
      throw new EngineError(
        'CONFIG',
        `--${k} needs a value.`,
        'Run "assetflow help" for the flags.',
      );
    return v;
  };
  if (flags['rfm-method'] !== undefined) o.method = text('rfm-method') as RfmOptions['method'];
  if (flags['rfm-k'] !== undefined) o.k = Number(text('rfm-k'));
  for (const d of ['R', 'F', 'M'] as const) {
    const k = `rfm-cuts-${d.toLowerCase()}`;
    if (flags[k] === undefined) continue;
    o.cuts = {
      ...o.cuts,
      [d]: String(text(k))
        .split(',')
        .map((x) => Number(x.trim())),
    };
    if (flags['rfm-method'] === undefined) o.method = 'custom';
  }
  const v = validateRfm(o);
  if (!v.ok)
    throw new EngineError(
      'CONFIG',
      `The RFM options are not valid: ${v.issues.map((i) => i.message).join(' ')}`,
      'Example: --rfm-method custom --rfm-cuts-r 30,90,180,365 --rfm-cuts-f 2,3,5,8 --rfm-cuts-m 50,100,250,500',
    );
  return v.rfm;
}

/**
 * `--half-life N`: a positive number (undefined = the default): steps before the conversion on a
 * path table, days before the trigger on events.
 */
export function halfLifeFlag(
  flags: Args['flags'],
  unit: 'steps' | 'days' = 'steps',
): number | undefined {
  const v = flags['half-life'];
  if (v === undefined) return undefined;
  const n = v === true ? NaN : Number(v);
  if (v === true || v.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new EngineError(
      'CONFIG',
      v === true ? '--half-life needs a value.' : `--half-life "${v}" is not a positive number.`,
      unit === 'steps'
        ? 'The time-decay half-life is in steps before the conversion, e.g. --half-life 2.'
        : 'The time-decay half-life is in days before the conversion, e.g. --half-life 7.',
    );
  return n;
}

/** The analysis choices: the flags, then the config's, then the defaults. */
export function analyzeOptions(
  flags: Args['flags'],
  config: AssetflowConfig | undefined,
): AnalyzeOptions {
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  return {
    brand: str('brand') ?? config?.analysis.brand,
    asOf: str('as-of') ?? config?.analysis.asOf,
    rules: config?.rules,
    rfm: rfmOptions(config?.rfm, flags),
    from: str('from') ?? config?.analysis.from,
    to: str('to') ?? config?.analysis.to,
    halfLifeDays: halfLifeFlag(flags, 'days'),
    frequencyAt: str('frequency-at'),
  };
}
