import { writeFileSync } from 'node:fs';
import { EngineError, toEngineError } from '../src/lib/engine/errors';
import { inspectDataset, inspectDocument } from '../src/lib/report/inspect';
import { analyzeDocument, type AnalyzeDocument } from '../src/lib/report/analyze';
import { loadSpend, runSpendByChannel } from '../src/lib/report/spend';
import { costPerConversion } from '../src/lib/attribution/spend';
import { generateDemoSpendCsv } from '../src/lib/demo/spend';
import { buildHtmlReport, reportTimestamp } from '../src/lib/report/html/run';
import { translator } from '../src/lib/i18n/format';
import { generateDemoCsv } from '../src/lib/demo/generate';
import { isPathTable } from '../src/lib/attribution/paths';
import { formatPathAttribution, runPathAttribution } from '../src/lib/report/paths';
import { NativeEngine } from './lib/native';
import { engineOptions, nativeError } from './lib/engine-flags';
import { analyzeOptions, halfLifeFlag, loadConfig, parseArgs, type Args } from './lib/args';

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

function output(doc: unknown, flags: Args['flags']) {
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (typeof flags.json === 'string') writeFileSync(flags.json, text);
  else process.stdout.write(text);
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
