import { EngineError } from '../engine/errors';
import { DEFAULT_RULES, type RuleSet } from '../sql/analysis/rules';
import type { InspectReport } from './inspect';
import type { SqlRunner } from './runner';
import { runStages, type StagesReport } from './stages';
import { runFlow, type FlowReport } from './flow';
import { runMindshare, type MindshareReport } from './mindshare';
import { runBenchmark, type BenchmarkReport } from './benchmark';
import { runRfm, type RfmReport } from './rfm';
import { DEFAULT_RFM, type RfmOptions } from '../sql/analysis/rfm';
import { runJourneys, type JourneysReport } from './journeys';
import { runAttribution } from './attribution';
import type { AttributionReport } from '../attribution/report';
import { runFrequency, type FrequencyReport } from './frequency';
import { frequencyDate } from '../sql/analysis/frequency';
import { DEFAULT_HALF_LIFE_DAYS } from '../sql/analysis/attribution';

/** Choices for one analysis: the brand, T, and the rules. */
export interface AnalyzeOptions {
  brand?: string;
  asOf?: string;
  /** Flow period (T1, T2]; both or neither. */
  from?: string;
  to?: string;
  rules?: RuleSet;
  /** RFM options (DOMAIN.md §9); default the §9 defaults. */
  rfm?: RfmOptions;
  /** Time-decay half-life of the attribution, in days (DOMAIN.md §7; default 7). */
  halfLifeDays?: number;
  /** T of the frequency analysis (§8); default {@link frequencyDate} of the as-of date. */
  frequencyAt?: string;
}

/** The `assetflow analyze` document (public contract; later issues add journeys, attribution, rfm). */
export interface AnalyzeDocument {
  meta: {
    rows: number;
    droppedDuplicates: number;
    droppedInvalid: number;
    unmappedActions: number;
    unlinkedRefunds: number;
    brand: string;
    asOf: string;
    from: string | null;
    to: string | null;
  };
  stages: StagesReport;
  /** Present when a period (from, to] is given. */
  flow?: FlowReport;
  mindshare: MindshareReport;
  /** Progression and GMV shares are null without a period. */
  benchmark: BenchmarkReport;
  rfm: RfmReport;
  /** §6, present when a period (from, to] is given. */
  journeys?: JourneysReport;
  /** §7, present when a period (from, to] is given. */
  attribution?: AttributionReport;
  /** §8 at `frequency.at`. */
  frequency: FrequencyReport;
}

/** Picks the brand: the one given (must exist), or the only one; otherwise says which exist. */
export function chooseBrand(report: InspectReport, brand?: string): string {
  const brands = report.overview.brandList.map((b) => b.brand);
  if (brand !== undefined) {
    if (!brands.includes(brand))
      throw new EngineError(
        'CONFIG',
        `Brand "${brand}" is not in the data.`,
        `Brands are: ${brands.slice(0, 30).join(', ')}${brands.length > 30 ? ', …' : ''}.`,
      );
    return brand;
  }
  if (brands.length === 1) return brands[0];
  throw new EngineError(
    'CONFIG',
    `The data has ${brands.length} brands: choose one with --brand.`,
    `Brands are: ${brands.slice(0, 30).join(', ')}${brands.length > 30 ? ', …' : ''}.`,
  );
}

/** Runs §2–§5 for one brand at T (and the flow over (T1, T2]) on the prepared events. */
export async function analyzeDocument(
  runner: SqlRunner,
  report: InspectReport,
  opts: AnalyzeOptions,
): Promise<AnalyzeDocument> {
  const brand = chooseBrand(report, opts.brand);
  const asOf = opts.asOf ?? report.overview.dateTo;
  if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new EngineError(
      'CONFIG',
      `The as-of date "${asOf ?? ''}" is not a date.`,
      'Give --as-of YYYY-MM-DD.',
    );
  const isDate = (d: string | undefined) => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d);
  if (
    (opts.from === undefined) !== (opts.to === undefined) ||
    (opts.from !== undefined && !(isDate(opts.from) && isDate(opts.to)))
  )
    throw new EngineError(
      'CONFIG',
      'A flow needs both --from and --to as dates YYYY-MM-DD.',
      'Example: --from 2024-06-01 --to 2024-06-30.',
    );
  if (opts.from !== undefined && opts.to !== undefined && opts.from >= opts.to)
    throw new EngineError(
      'CONFIG',
      `--from (${opts.from}) must be before --to (${opts.to}).`,
      'The flow compares stages at T1 < T2.',
    );
  const m = report.meta;
  const rules = opts.rules ?? DEFAULT_RULES;
  const flow =
    opts.from !== undefined && opts.to !== undefined
      ? await runFlow(runner, {
          brand,
          from: opts.from,
          to: opts.to,
          rules,
          moneyAvailable: m.moneyAvailable,
        })
      : undefined;
  const spec = { brand, asOf, rules, moneyAvailable: m.moneyAvailable };
  const stages = await runStages(runner, spec);
  const mindshare = await runMindshare(runner, spec);
  // The brand's own flow is already computed: the benchmark only adds the other brands'.
  const benchmark = await runBenchmark(runner, {
    ...spec,
    from: opts.from,
    to: opts.to,
    brandFlow: flow,
  });
  const rfm = await runRfm(runner, { ...spec, rfm: opts.rfm ?? DEFAULT_RFM });
  const period =
    opts.from !== undefined && opts.to !== undefined
      ? { brand, from: opts.from, to: opts.to, rules, moneyAvailable: m.moneyAvailable }
      : null;
  const journeys = period ? await runJourneys(runner, period) : undefined;
  const halfLifeDays = opts.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
  if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays))
    throw new EngineError(
      'CONFIG',
      `The time-decay half-life "${opts.halfLifeDays}" is not a positive number of days.`,
      'Give --half-life as a number above 0, e.g. --half-life 7.',
    );
  const attribution = period
    ? await runAttribution(runner, { ...period, halfLifeDays })
    : undefined;
  const ov = report.overview;
  if (opts.frequencyAt !== undefined && !isDate(opts.frequencyAt))
    throw new EngineError(
      'CONFIG',
      `The frequency date "${opts.frequencyAt}" is not a date.`,
      'Give --frequency-at YYYY-MM-DD.',
    );
  const frequencyAt =
    opts.frequencyAt ??
    (ov.dateTo && ov.dateFrom ? frequencyDate(asOf, ov.dateTo, ov.dateFrom) : asOf);
  const frequency = await runFrequency(runner, {
    brand,
    at: frequencyAt,
    moneyAvailable: m.moneyAvailable,
  });
  return {
    meta: {
      rows: m.rows,
      droppedDuplicates: m.droppedDuplicates,
      droppedInvalid: m.droppedInvalid,
      unmappedActions: m.unmappedActions,
      unlinkedRefunds: m.unlinkedRefunds,
      brand,
      asOf,
      from: opts.from ?? null,
      to: opts.to ?? null,
    },
    stages,
    ...(flow ? { flow } : {}),
    mindshare,
    benchmark,
    rfm,
    ...(journeys ? { journeys } : {}),
    ...(attribution ? { attribution } : {}),
    frequency,
  };
}
