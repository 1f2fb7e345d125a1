/**
 * Cost per conversion per channel under every attribution model (issue #8 item 1): the spend of
 * a period (src/lib/sql/analysis/spend.ts, summed per channel over the same (T1, T2] as the
 * report) divided by the conversions each model credits to the channel (DOMAIN.md §7). Pure: no
 * SQL, no I/O.
 *
 * Joining spend to the report:
 * - Channel names are matched EXACTLY after trimming surrounding white space (JS `trim`). There is
 *   no case folding: the attribution keeps `Search_Ad` and `search_ad` apart as two channels, so
 *   folding on the spend side only could give one channel's cost to another, or split it between
 *   two; a name that differs only by case is shown instead as a channel with no spend plus spend
 *   without events, and the user fixes the name.
 * - Several spend entries of one channel are summed. Costs are summed to 4 decimals (the precision
 *   of the spend table), so that 0.1 + 0.2 reads 0.3.
 * - A report channel with no spend entry: status 'no-spend', `cost` and every `costPer` null (its
 *   cost is unknown, not 0).
 * - A spend channel with no touch in the report: listed in `spendWithoutEvents` (its cost buys
 *   nothing the models can see) and counted in `unmatchedCost`.
 * - Cost 0: status 'zero-cost'; `costPer` is 0 where the model credits conversions, null where not.
 * - Credit 0 under a model: `costPer` null there (no conversion to divide by); status
 *   'no-conversions' when the credit is 0 under every model.
 * - Status precedence: 'no-spend', then 'zero-cost', then 'no-conversions', else 'ok'.
 * - ROI = attributed GMV ÷ cost (the return on each unit spent, as ad platforms report it): the
 *   report's per-channel `value` (the converters' GMV spread by the model, DOMAIN.md §7 plus
 *   issue #8) over the cost. Null without money in the report, without spend, or at cost 0.
 * - Cost per transition into a stage: the same division with the credits of the report's
 *   per-target-stage models (`byToStage`), one table per stage with conversions into it.
 */
import type { AttributionReport } from './report';
import { MODELS, type ModelId } from './models';

/** An attribution model's key in the report. */
export type ModelKey = ModelId;

/** One spend total (one channel over the report's period). */
export interface SpendEntry {
  channel: string;
  cost: number;
}

/** How a channel's cost per conversion came out. */
export type SpendStatus = 'ok' | 'no-spend' | 'zero-cost' | 'no-conversions';

/** One channel of the report with its cost and its cost per credited conversion per model. */
export interface CostPerConversionRow {
  channel: string;
  /** The channel's cost; null when the spend has no entry for it. */
  cost: number | null;
  byModel: Record<
    ModelKey,
    {
      credit: number;
      costPer: number | null;
      /** Attributed GMV; null when the report carries no value (no money mapped). */
      value: number | null;
      /** value ÷ cost; null without value, without spend, or at cost 0. */
      roi: number | null;
    }
  >;
  status: SpendStatus;
}

/** What {@link costPerConversion} returns. */
export interface CostPerConversion {
  /** One row per report channel, in the report's order. */
  rows: CostPerConversionRow[];
  /** Spend channels with no touch in the report, sorted by code unit. */
  spendWithoutEvents: SpendEntry[];
  /** All spend (matched or not). */
  totalCost: number;
  /** The spend of {@link CostPerConversion.spendWithoutEvents}. */
  unmatchedCost: number;
  /** Cost per transition into each target stage (the report's `byToStage`; {} without it). */
  byToStage: Record<string, CostPerConversionRow[]>;
}

const COST_DECIMALS = 4;
const roundCost = (v: number) => {
  const f = 10 ** COST_DECIMALS;
  return Math.round(v * f) / f;
};

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Cost per conversion per channel and model; see the module comment for every rule. Throws a
 * RangeError on a negative or non-finite cost (the spend table never holds one). */
export function costPerConversion(
  spend: readonly SpendEntry[],
  report: Pick<AttributionReport, 'channels' | 'models' | 'byToStage'>,
): CostPerConversion {
  const costs = new Map<string, number>();
  for (const s of spend) {
    if (!(Number.isFinite(s.cost) && s.cost >= 0))
      throw new RangeError(`The cost of channel "${s.channel}" is not a number ≥ 0: ${s.cost}`);
    const key = s.channel.trim();
    costs.set(key, (costs.get(key) ?? 0) + s.cost);
  }
  for (const [k, v] of costs) costs.set(k, roundCost(v));

  const matched = new Set<string>();
  const rowsOf = (models: AttributionReport['models']) =>
    report.channels.map((channel) => {
      const key = channel.trim();
      const cost = costs.get(key);
      if (cost !== undefined) matched.add(key);
      return rowOf(channel, cost, models);
    });
  const rows = rowsOf(report.models);
  const byToStage = Object.fromEntries(
    Object.entries(report.byToStage ?? {}).map(([stage, g]) => [stage, rowsOf(g.models)]),
  );

  const spendWithoutEvents = [...costs]
    .filter(([k]) => !matched.has(k))
    .map(([channel, cost]) => ({ channel, cost }))
    .sort((a, b) => byCodeUnit(a.channel, b.channel));
  const sum = (vs: number[]) => roundCost(vs.reduce((s, v) => s + v, 0));
  return {
    rows,
    spendWithoutEvents,
    totalCost: sum([...costs.keys()].sort(byCodeUnit).map((k) => costs.get(k) as number)),
    unmatchedCost: sum(spendWithoutEvents.map((s) => s.cost)),
    byToStage,
  };
}

/** One channel's row under every model (cost undefined = no spend entry). */
function rowOf(
  channel: string,
  cost: number | undefined,
  models: AttributionReport['models'],
): CostPerConversionRow {
  const byModel = Object.fromEntries(
    MODELS.map((m) => {
      const f = models[m]?.[channel];
      const credit = f?.conversions ?? 0;
      const costPer = cost === undefined || !(credit > 0) ? null : cost / credit;
      const value = f?.value ?? null;
      const roi = value === null || cost === undefined || !(cost > 0) ? null : value / cost;
      return [m, { credit, costPer, value, roi }];
    }),
  ) as CostPerConversionRow['byModel'];
  const status: SpendStatus =
    cost === undefined
      ? 'no-spend'
      : cost === 0
        ? 'zero-cost'
        : MODELS.every((m) => !(byModel[m].credit > 0))
          ? 'no-conversions'
          : 'ok';
  return { channel, cost: cost ?? null, byModel, status };
}

/**
 * The planner's cost of moving one user into each target stage, per channel (docs/planner.md
 * §5): the channel's Markov cost per transition over ALL its credited transitions (its spend bought
 * them together, so it is not charged again per stage), offered only for the stages the channel
 * moved users into (Markov credit > 0 in that stage's model). Stages without a model get {}.
 */
export function planCostPerTransition(
  costs: Pick<CostPerConversion, 'rows' | 'byToStage'>,
  stages: readonly string[],
): Record<string, Record<string, number | null>> {
  const perTransition = new Map(costs.rows.map((r) => [r.channel, r.byModel.markov.costPer]));
  return Object.fromEntries(
    stages.map((s) => [
      s,
      Object.fromEntries(
        (costs.byToStage[s] ?? [])
          .filter((r) => r.byModel.markov.credit > 0)
          .map((r) => [r.channel, perTransition.get(r.channel) ?? null]),
      ),
    ]),
  );
}
