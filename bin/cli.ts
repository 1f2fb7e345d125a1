import { readFileSync, writeFileSync } from 'node:fs';
import { EngineError, toEngineError } from '../src/lib/engine/errors';
import { validateConfig, type AssetflowConfig } from '../src/lib/mapping/config';
import { inspectDataset, inspectDocument } from '../src/lib/report/inspect';
import {
  analyzeDocument,
  type AnalyzeDocument,
  type AnalyzeOptions,
} from '../src/lib/report/analyze';
import { loadSpend, runSpendByChannel } from '../src/lib/report/spend';
import { costPerConversion } from '../src/lib/attribution/spend';
import { generateDemoSpendCsv } from '../src/lib/demo/spend';
import { buildHtmlReport, reportTimestamp } from '../src/lib/report/html/run';
import { translator } from '../src/lib/i18n/format';
import { DEFAULT_RFM, validateRfm, type RfmOptions } from '../src/lib/sql/analysis/rfm';
import { generateDemoCsv } from '../src/lib/demo/generate';
import { isPathTable } from '../src/lib/attribution/paths';
import { formatPathAttribution, runPathAttribution } from '../src/lib/report/paths';
import { NativeEngine } from './lib/native';
import { engineOptions, nativeError } from './lib/engine-flags';

const USAGE = `assetflow — DEEPLINK consumer-asset analytics on your own machine (native DuckDB)

Usage:
  assetflow inspect <files…> [--config c.json] [--json out.json] [--threads N]
      Detect the layout, map the columns, clean the events and print the overview as JSON.
      Several files of one layout form one dataset.
  assetflow analyze <files…> [--config c.json] [--brand B] [--as-of YYYY-MM-DD] [--from T1 --to T2] [--json out.json]
                   [--rfm-method equal-frequency|equal-width|custom] [--rfm-k K]
                   [--rfm-cuts-r 30,90,180,365] [--rfm-cuts-f …] [--rfm-cuts-m …]
                   [--half-life DAYS] [--frequency-at YYYY-MM-DD] [--spend spend.csv]
      Stages and asset scale (DOMAIN.md §2–§3) for one brand at T (default: the last date),
      with --from/--to the flow between the stages at T1 and at T2 (§4), journeys (§6) and the
      attribution of stage transitions (§7; time-decay half-life in days, default 7); mindshare
      and the category benchmark (§5), frequency and channel mix (§8; at the last date with 15
      days of data after it, or --frequency-at) and RFM (§9; the --rfm-* flags override the config).
      The brand may be omitted when the file has one brand.
  assetflow attribute <paths.csv|paths.parquet> [--half-life N] [--json [out.json]] [--threads N]
      Attribution models (DOMAIN.md §7) over an aggregated path table in the interchange layout:
      columns path ("a > b > c"), total_conversions, and optionally total_conversion_value and
      total_null. Last touch, first touch, linear, time decay (half-life N steps before the
      conversion, default 1), position-based and Markov removal effect, per channel with reach.
      Prints a table; --json prints the report as JSON (or writes it to out.json). Malformed
      rows are listed with their row numbers and left out of every model.
  assetflow report <files…> --out report.html [--lang en|zh-CN] [the analyze flags]
      The shareable report: one self-contained HTML file (inline SVG charts and tables, the
      config and the data's fingerprint; no scripts, no data rows) of everything analyze
      computes, in English or Chinese; print it from the browser for a PDF.
  assetflow demo --out demo.csv [--spend-out spend.csv] [--events N] [--seed S]
      Write the seeded demo event log (the same one the app generates), and with --spend-out
      a daily channel spend file for it (one channel left out and one extra on purpose).
  assetflow help

Engine flags (inspect, analyze, attribute, report): --threads N (default 2), --memory-limit SIZE
(e.g. 4GB) and --temp-dir DIR: DuckDB spills to DIR what does not fit, so files larger than memory
can be analysed.

Run from a checkout with:  npm run --silent cli -- <command> …`;

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

function loadConfig(path: string | true | undefined) {
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

function output(doc: unknown, flags: Args['flags']) {
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (typeof flags.json === 'string') writeFileSync(flags.json, text);
  else process.stdout.write(text);
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

/** `assetflow attribute <paths file>`: the §7 models over an aggregated path table. */
async function attribute(files: string[], flags: Args['flags']): Promise<void> {
  if (files.length !== 1)
    throw new EngineError(
      'EMPTY_FILE',
      files.length ? 'attribute takes one path table.' : 'No input file given.',
      'Usage: assetflow attribute <paths.csv> [--half-life N] [--json] (flags after the file: "--json x.csv" reads x.csv as the output file).',
    );
  const halfLife = halfLifeFlag(flags);
  const engine = await NativeEngine.open(engineOptions(flags));
  try {
    const ds = await engine.loadFiles(files);
    if (!isPathTable(ds.columns.map((c) => c.name)))
      throw new EngineError(
        'MAPPING',
        `"${files[0]}" is not a path table: it needs the columns "path" and "total_conversions" (found ${ds.columns.map((c) => `"${c.name}"`).join(', ')}).`,
        'Use the interchange layout: a header path;total_conversions;total_conversion_value;total_null (the last two optional), one row per path with channels joined by " > ". For an event log, use "assetflow analyze".',
      );
    const result = await runPathAttribution(engine.runner(), {
      table: ds.table,
      columns: ds.columns,
      halfLife,
    });
    // --json alone prints the JSON; --json out.json writes it there (see output()).
    if (flags.json === undefined) process.stdout.write(formatPathAttribution(result));
    else output({ ...result.report, issues: result.issues, malformed: result.malformed }, flags);
  } finally {
    engine.close();
  }
}

/**
 * `analyze --spend spend.csv`: the channel spend (issue #8 item 1) joined to the attribution of the
 * period: spend per channel in (T1, T2] and cost per conversion under every model.
 */
async function spendSection(engine: NativeEngine, file: string, doc: AnalyzeDocument) {
  if (!doc.attribution || !doc.meta.from || !doc.meta.to)
    throw new EngineError(
      'CONFIG',
      '--spend needs a period: give --from and --to.',
      'Cost per conversion divides the spend in (T1, T2] by the conversions attributed in it.',
    );
  const ds = await engine.loadFiles([file]);
  const loaded = await loadSpend(
    engine.runner(),
    ds.table,
    ds.columns.map((c) => c.name),
  );
  const byChannel = await runSpendByChannel(engine.runner(), doc.meta.from, doc.meta.to);
  return {
    file: ds.label,
    loaded,
    byChannel,
    costPerConversion: costPerConversion(byChannel, doc.attribution),
  };
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

/** `assetflow report <files…> --out report.html`: the shareable HTML report (issue #8 item 6). */
async function report(files: string[], flags: Args['flags']): Promise<void> {
  if (!files.length)
    throw new EngineError(
      'EMPTY_FILE',
      'No input file given.',
      'Usage: assetflow report <files…> --out report.html',
    );
  if (typeof flags.out !== 'string')
    throw new EngineError(
      'CONFIG',
      'report needs --out <file.html>.',
      'Example: assetflow report events.csv --from 2024-05-31 --to 2024-06-30 --out report.html',
    );
  const lang = flags.lang === undefined ? 'en' : flags.lang;
  if (lang !== 'en' && lang !== 'zh-CN')
    throw new EngineError(
      'CONFIG',
      `--lang "${String(lang)}" is not supported.`,
      'Use --lang en or --lang zh-CN.',
    );
  const config = loadConfig(flags.config);
  const engine = await NativeEngine.open(engineOptions(flags));
  try {
    const ds = await engine.loadFiles(files);
    const inspect = await inspectDataset(engine.runner(), ds.table, ds.columns, config?.mapping);
    const opts = analyzeOptions(flags, config);
    const html = await buildHtmlReport(
      engine.runner(),
      inspect,
      opts,
      {
        dataset: {
          label: ds.label,
          files: ds.files.map((f) => ({ name: f.name, bytes: f.bytes })),
          rows: ds.rows,
        },
        // The config in force: the file's, or what was detected and chosen, so it reproduces the report.
        config: {
          version: 1,
          mapping: inspect.mapping,
          analysis: {
            ...(opts.brand ? { brand: opts.brand } : {}),
            ...(opts.asOf ? { asOf: opts.asOf } : {}),
            ...(opts.from ? { from: opts.from } : {}),
            ...(opts.to ? { to: opts.to } : {}),
          },
          ...(config?.rules ? { rules: config.rules } : {}),
          ...(opts.rfm ? { rfm: opts.rfm } : {}),
        },
        generatedAt: reportTimestamp(),
        engine: 'assetflow CLI, native DuckDB',
      },
      translator(lang),
    );
    writeFileSync(flags.out, html);
  } finally {
    engine.close();
  }
}

/** CLI entry; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [cmd, ...rest] = positional;
  try {
    if (!cmd || cmd === 'help' || flags.help) {
      process.stdout.write(USAGE + '\n');
      return cmd || flags.help ? 0 : 1;
    }
    if (cmd === 'inspect' || cmd === 'analyze') {
      if (!rest.length)
        throw new EngineError(
          'EMPTY_FILE',
          'No input file given.',
          `Usage: assetflow ${cmd} <files…>`,
        );
      const config = loadConfig(flags.config);
      const engine = await NativeEngine.open(engineOptions(flags));
      try {
        const ds = await engine.loadFiles(rest);
        const report = await inspectDataset(engine.runner(), ds.table, ds.columns, config?.mapping);
        if (cmd === 'inspect') output(inspectDocument(ds, report), flags);
        else {
          const doc = await analyzeDocument(engine.runner(), report, analyzeOptions(flags, config));
          output(
            typeof flags.spend === 'string'
              ? { ...doc, spend: await spendSection(engine, flags.spend, doc) }
              : doc,
            flags,
          );
        }
      } finally {
        engine.close();
      }
      return 0;
    }
    if (cmd === 'attribute') {
      await attribute(rest, flags);
      return 0;
    }
    if (cmd === 'report') {
      await report(rest, flags);
      return 0;
    }
    if (cmd === 'demo') {
      if (typeof flags.out !== 'string')
        throw new EngineError(
          'CONFIG',
          'demo needs --out <file.csv>.',
          'Example: assetflow demo --out demo.csv --events 500000',
        );
      const chunks: string[] = [];
      for (const c of generateDemoCsv({
        events: flags.events ? Number(flags.events) : undefined,
        seed: flags.seed ? Number(flags.seed) : undefined,
      }))
        chunks.push(c);
      writeFileSync(flags.out, chunks.join(''));
      if (typeof flags['spend-out'] === 'string')
        writeFileSync(
          flags['spend-out'],
          generateDemoSpendCsv({
            events: flags.events ? Number(flags.events) : undefined,
            seed: flags.seed ? Number(flags.seed) : undefined,
          }),
        );
      return 0;
    }
    throw new EngineError(
      'CONFIG',
      `Unknown command "${cmd}".`,
      'Run "assetflow help" for the commands.',
    );
  } catch (e) {
    const err = nativeError(toEngineError(e), flags);
    process.stderr.write(`assetflow: ${err.message}\n  ${err.hint}\n`);
    // Out of memory always says where: DuckDB's text names the allocation that failed.
    if ((flags.debug || err.code === 'OOM') && err.detail)
      process.stderr.write(`  detail: ${err.detail}\n`);
    return 2;
  }
}
