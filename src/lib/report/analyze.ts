import { EngineError } from '../engine/errors';
import { DEFAULT_RULES, type RuleSet } from '../sql/analysis/rules';
import type { InspectReport } from './inspect';
import type { SqlRunner } from './runner';
import { runStages, type StagesReport } from './stages';

/** Choices for one analysis: the brand, T, and the rules. */
export interface AnalyzeOptions {
  brand?: string;
  asOf?: string;
  rules?: RuleSet;
}

/** The `assetflow analyze` document (public contract; later issues add flow, mindshare, …). */
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

/** Runs §2–§3 for one brand at T on the prepared events. */
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
  const m = report.meta;
  const stages = await runStages(runner, {
    brand,
    asOf,
    rules: opts.rules ?? DEFAULT_RULES,
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
      from: null,
      to: null,
    },
    stages,
  };
}
