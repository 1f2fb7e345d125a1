/**
 * The GMV → DEEPLINK planner (docs/planner.md): from a GMV target for a future period to the
 * consumer assets needed per stage at its start, the gap to today's assets and the budget to close
 * it. Pure arithmetic on rates measured over a base period (T1, T2] of the same length.
 */
import type { Stage } from '../sql/analysis/rules';

/** Pre-sales stages, shallow to deep. */
export const PRE_SALES = ['D', 'E1', 'E2', 'P'] as const satisfies readonly Stage[];
/** Post-sales stages, shallow to deep. */
export const POST_SALES = ['I', 'N', 'K'] as const satisfies readonly Stage[];
/** Every stage the planner sizes, in funnel order. */
export const PLAN_STAGES = [...PRE_SALES, ...POST_SALES] as const;
/** A pre-sales stage (first-time buyers come from these). */
export type PreSalesStage = (typeof PRE_SALES)[number];
/** A post-sales stage (repeat buyers come from these). */
export type PostSalesStage = (typeof POST_SALES)[number];
/** A stage the planner sizes. */
export type PlanStage = PreSalesStage | PostSalesStage;

/** Measurements of one brand over a base period (T1, T2] of L days, plus the target. */
export interface PlanInputs {
  /** Users per stage at T1 (DOMAIN.md §2–3). */
  assets: Record<PlanStage, number>;
  /** Users per stage at the planning date (usually T2). */
  today: Record<PlanStage, number>;
  /** Users of s at T1 with a first purchase in (T1, T2] ÷ users of s at T1. */
  conversion: Record<PreSalesStage, number>;
  /** First-time buyers in (T1, T2] with no stage (or O) at T1; held constant in the plan. */
  newcomerFirstBuyers: number;
  /** Progression rate p_s (DOMAIN.md §4); feeds the feeder view only. */
  progression: Record<PreSalesStage, number>;
  /** g1 = journey GMV ÷ first-time buyers (DOMAIN.md §6); null when money is not mapped. */
  firstGmvPerBuyer: number | null;
  /** g2 = repeat GMV ÷ repeat buyers (DOMAIN.md §6); null when money is not mapped. */
  repeatGmvPerBuyer: number | null;
  /** Share of the users of s at T1 who bought again in (T1, T2]. */
  repeatRate: Record<PostSalesStage, number>;
  /** G: GMV target for a future period of L days. */
  targetGmv: number;
  /** Share of G from first-time buyers; default (absent or null): the base period's measured share. */
  mix?: number | null;
  /** Cost to move one user into stage s via a channel; null or absent = not measured. */
  costPerTransition?: Partial<Record<PlanStage, Record<string, number | null | undefined>>>;
}

/** Why no plan could be made. */
export type PlanUnavailable =
  | 'bad-input'
  | 'no-money'
  | 'bad-target'
  | 'bad-mix'
  | 'no-base-buyers'
  | 'no-first-time-source'
  | 'no-repeat-source';

/** Why a stage contributes no buyers: its rate is 0, or it had no users at T1. */
export type StageNote = 'zero-rate' | 'no-base-users';

/** The base period as the model reconstructs it from the inputs. */
export interface Baseline {
  /** Σ conversion_s·assets_s + newcomers. */
  firstTimeBuyers: number;
  /** Σ repeatRate_s·assets_s over I, N, K. */
  repeatBuyers: number;
  /** firstTimeBuyers·g1, null without money. */
  firstTimeGmv: number | null;
  /** repeatBuyers·g2, null without money (0 when there are no repeat buyers). */
  repeatGmv: number | null;
  /** firstTimeGmv ÷ (firstTimeGmv + repeatGmv); null when undefined. */
  mix: number | null;
}

/** Users one stage below that would have to be worked to move `moveIn` users into a stage. */
export interface Feeder {
  from: PreSalesStage;
  /** moveIn ÷ p_from; null when p_from = 0. Informational: not added to `from`'s needs. */
  users: number | null;
}

/** One stage of the plan. Counts are unrounded (round up for display). */
export interface StagePlan {
  stage: PlanStage;
  funnel: 'pre' | 'post';
  /** conversion_s (pre) or repeatRate_s (post) used. */
  rate: number;
  /** This stage's share of the buyers its funnel must deliver. */
  share: number;
  /** Buyers allocated to this stage: share·(B1 − newcomers) or share·B2. */
  buyers: number;
  /** Assets needed at the start of the target period: buyers ÷ rate. */
  needed: number;
  today: number;
  /** needed − today; positive = assets to build. */
  gap: number;
  /** max(0, gap): users to move into the stage. */
  moveIn: number;
  feeder: Feeder | null;
  note: StageNote | null;
}

/** Why a channel was left out of a stage's budget. */
export interface SkippedChannel {
  channel: string;
  reason: 'no-cost' | 'invalid-cost';
}

/** Budget of one stage: moveIn × the cheapest measured cost per transition. */
export interface StageBudget {
  stage: PlanStage;
  moveIn: number;
  /** The cheapest channel(s) (ties all listed), empty when none is measured. */
  cheapest: string[];
  costPerUser: number | null;
  /** null when moveIn > 0 and no channel has a cost (`reason` 'no-channel'). */
  budget: number | null;
  reason: 'no-gap' | 'no-channel' | null;
  skipped: SkippedChannel[];
}

/** Budget over all stages. */
export interface BudgetPlan {
  stages: StageBudget[];
  /** Σ of the stage budgets that could be costed. */
  total: number;
  /** Stages with users to move but no costed channel. */
  uncosted: PlanStage[];
}

/** A plan for one GMV target. */
export interface Plan {
  targetGmv: number;
  mix: number;
  mixSource: 'input' | 'measured';
  /** B1 = G·mix ÷ g1. */
  firstTimeBuyers: number;
  /** B2 = G·(1 − mix) ÷ g2. */
  repeatBuyers: number;
  newcomers: number;
  /** max(0, B1 − newcomers): first-time buyers the pre-sales assets must deliver. */
  firstTimeFromAssets: number;
  /** Newcomers alone exceed B1: pre-sales needs are 0 and the plan overshoots G. */
  newcomersExceed: boolean;
  stages: StagePlan[];
  /** null when no costPerTransition was given. */
  budget: BudgetPlan | null;
  base: Baseline;
}

/** The planner's answer: a plan, or a reason (never an exception). */
export type PlanResult =
  | { ok: true; plan: Plan }
  | { ok: false; reason: PlanUnavailable; field?: string; message: string };

/** One row of the sensitivity table. */
export interface SensitivityRow {
  /** x: every rate was scaled by (1 + x), capped to [0, 1]. */
  change: number;
  plan: Plan | null;
  unavailable: PlanUnavailable | null;
  /** Assets needed per stage, null when unavailable. */
  needed: Record<PlanStage, number> | null;
  /** Budget total, null when unavailable or no costs were given. */
  budget: number | null;
}

/** The default sensitivity changes: ±20 % and ±10 % on every rate. */
export const DEFAULT_CHANGES = [-0.2, -0.1, 0, 0.1, 0.2] as const;

const FEEDER_FROM: Partial<Record<PlanStage, PreSalesStage>> = {
  E1: 'D',
  E2: 'E1',
  P: 'E2',
  I: 'P',
};

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isRate = (v: unknown): v is number => isCount(v) && v <= 1;
const hasMoney = (g: number | null | undefined): g is number =>
  typeof g === 'number' && Number.isFinite(g) && g > 0;
const fail = (reason: PlanUnavailable, message: string, field?: string): PlanResult =>
  field ? { ok: false, reason, field, message } : { ok: false, reason, message };

function badInput(inputs: PlanInputs): string | null {
  for (const s of PLAN_STAGES) {
    if (!isCount(inputs.assets?.[s])) return `assets.${s}`;
    if (!isCount(inputs.today?.[s])) return `today.${s}`;
  }
  for (const s of PRE_SALES) {
    if (!isRate(inputs.conversion?.[s])) return `conversion.${s}`;
    if (!isRate(inputs.progression?.[s])) return `progression.${s}`;
  }
  for (const s of POST_SALES) if (!isRate(inputs.repeatRate?.[s])) return `repeatRate.${s}`;
  return isCount(inputs.newcomerFirstBuyers) ? null : 'newcomerFirstBuyers';
}

/**
 * The base period reconstructed from the inputs: first-time buyers Σ c_s·A_s + newcomers, repeat
 * buyers Σ r_s·A_s, their GMV at g1 and g2, and the measured first-time share of GMV (`mix`).
 */
export function baseline(inputs: PlanInputs): Baseline {
  const first =
    PRE_SALES.reduce((t, s) => t + inputs.conversion[s] * inputs.assets[s], 0) +
    inputs.newcomerFirstBuyers;
  const repeat = POST_SALES.reduce((t, s) => t + inputs.repeatRate[s] * inputs.assets[s], 0);
  const g1 = inputs.firstGmvPerBuyer;
  const g2 = inputs.repeatGmvPerBuyer;
  const firstGmv = hasMoney(g1) ? first * g1 : null;
  const repeatGmv = repeat === 0 ? 0 : hasMoney(g2) ? repeat * g2 : null;
  const total = firstGmv !== null && repeatGmv !== null ? firstGmv + repeatGmv : null;
  const mix = total && firstGmv !== null ? firstGmv / total : null;
  return { firstTimeBuyers: first, repeatBuyers: repeat, firstTimeGmv: firstGmv, repeatGmv, mix };
}

function allocate<S extends PlanStage>(
  stages: readonly S[],
  rates: Record<S, number>,
  inputs: PlanInputs,
  buyersNeeded: number,
  funnel: 'pre' | 'post',
): StagePlan[] {
  const weight = (s: S) => rates[s] * inputs.assets[s];
  const total = stages.reduce((t, s) => t + weight(s), 0);
  return stages.map((stage) => {
    const rate = rates[stage];
    const share = total > 0 ? weight(stage) / total : 0;
    const buyers = share * buyersNeeded;
    const needed = buyers > 0 ? buyers / rate : 0;
    const today = inputs.today[stage];
    const gap = needed - today;
    const moveIn = Math.max(0, gap);
    const from = FEEDER_FROM[stage];
    const p = from ? inputs.progression[from] : 0;
    const feeder = from ? { from, users: moveIn === 0 ? 0 : p > 0 ? moveIn / p : null } : null;
    const note = rate === 0 ? 'zero-rate' : inputs.assets[stage] === 0 ? 'no-base-users' : null;
    return { stage, funnel, rate, share, buyers, needed, today, gap, moveIn, feeder, note };
  });
}

function stageBudget(
  row: StagePlan,
  costs: Record<string, number | null | undefined>,
): StageBudget {
  const skipped: SkippedChannel[] = [];
  const valid: [string, number][] = [];
  for (const [channel, cost] of Object.entries(costs)) {
    if (cost === null || cost === undefined) skipped.push({ channel, reason: 'no-cost' });
    else if (!isCount(cost)) skipped.push({ channel, reason: 'invalid-cost' });
    else valid.push([channel, cost]);
  }
  const costPerUser = valid.length ? Math.min(...valid.map(([, c]) => c)) : null;
  const cheapest = valid.filter(([, c]) => c === costPerUser).map(([ch]) => ch);
  const base = { stage: row.stage, moveIn: row.moveIn, cheapest, costPerUser, skipped };
  if (row.moveIn === 0) return { ...base, budget: 0, reason: 'no-gap' };
  if (costPerUser === null) return { ...base, budget: null, reason: 'no-channel' };
  return { ...base, budget: row.moveIn * costPerUser, reason: null };
}

/** Budget per stage = moveIn_s × min over channels of cost_{s,c}; total = Σ costed stages. */
function budgetFor(rows: StagePlan[], inputs: PlanInputs): BudgetPlan | null {
  const costs = inputs.costPerTransition;
  if (!costs) return null;
  const stages = rows.map((row) => stageBudget(row, costs[row.stage] ?? {}));
  return {
    stages,
    total: stages.reduce((t, b) => t + (b.budget ?? 0), 0),
    uncosted: stages.filter((b) => b.reason === 'no-channel').map((b) => b.stage),
  };
}

/**
 * Plans the assets for `inputs.targetGmv` (formulas in docs/planner.md):
 * B1 = G·mix/g1, B2 = G·(1−mix)/g2; pre-sales needed_s = share_s·max(0, B1 − newcomers)/c_s with
 * share_s = c_s·A_s / Σ c·A; post-sales needed_s = share_s·B2/r_s with share_s = r_s·A_s / Σ r·A;
 * gap_s = needed_s − today_s; budget_s = max(0, gap_s) × the cheapest channel cost into s.
 */
export function plan(inputs: PlanInputs): PlanResult {
  const field = badInput(inputs);
  if (field) return fail('bad-input', `${field} must be a finite number ≥ 0 (rates ≤ 1)`, field);
  const g1 = inputs.firstGmvPerBuyer;
  if (!hasMoney(g1)) return fail('no-money', 'GMV per first-time buyer is missing or 0', 'g1');
  const G = inputs.targetGmv;
  if (typeof G !== 'number' || !Number.isFinite(G) || G <= 0)
    return fail('bad-target', 'the GMV target must be a finite number > 0', 'targetGmv');
  const given = inputs.mix ?? null;
  if (given !== null && !isRate(given))
    return fail('bad-mix', 'the first-time share must be between 0 and 1', 'mix');
  const base = baseline(inputs);
  const g2 = inputs.repeatGmvPerBuyer;
  const mix = given ?? base.mix;
  if (mix === null) {
    if (base.repeatBuyers > 0 && !hasMoney(g2))
      return fail('no-money', 'GMV per repeat buyer is missing or 0', 'g2');
    return fail('no-base-buyers', 'the base period has no buyers to measure the mix from', 'mix');
  }
  if (mix < 1 && !hasMoney(g2))
    return fail('no-money', 'GMV per repeat buyer is missing or 0', 'g2');

  const B1 = (G * mix) / g1;
  const B2 = mix < 1 ? (G * (1 - mix)) / (g2 as number) : 0;
  const newcomers = inputs.newcomerFirstBuyers;
  const fromAssets = Math.max(0, B1 - newcomers);
  const pre = allocate(PRE_SALES, inputs.conversion, inputs, fromAssets, 'pre');
  if (fromAssets > 0 && pre.every((r) => r.share === 0))
    return fail('no-first-time-source', 'no pre-sales stage converted in the base period');
  const post = allocate(POST_SALES, inputs.repeatRate, inputs, B2, 'post');
  if (B2 > 0 && post.every((r) => r.share === 0))
    return fail('no-repeat-source', 'no post-sales stage bought again in the base period');
  const stages = [...pre, ...post];
  return {
    ok: true,
    plan: {
      targetGmv: G,
      mix,
      mixSource: given === null ? 'measured' : 'input',
      firstTimeBuyers: B1,
      repeatBuyers: B2,
      newcomers,
      firstTimeFromAssets: fromAssets,
      newcomersExceed: newcomers > B1,
      stages,
      budget: budgetFor(stages, inputs),
      base,
    },
  };
}

/** The inputs with every conversion, repeat and progression rate × (1 + change), kept in [0, 1]. */
export function scaleRates(inputs: PlanInputs, change: number): PlanInputs {
  const scale = <K extends string>(rates: Record<K, number>): Record<K, number> => {
    const out = { ...rates };
    for (const k of Object.keys(out) as K[])
      out[k] = Math.min(1, Math.max(0, out[k] * (1 + change)));
    return out;
  };
  return {
    ...inputs,
    conversion: scale(inputs.conversion),
    progression: scale(inputs.progression),
    repeatRate: scale(inputs.repeatRate),
  };
}

/**
 * The plan re-made with every rate scaled by (1 + x), capped at 1, for each x in `changes`. The
 * mix is held at the unscaled plan's (the target's split does not move with the rates).
 */
export function sensitivity(
  inputs: PlanInputs,
  changes: readonly number[] = DEFAULT_CHANGES,
): SensitivityRow[] {
  const base = plan(inputs);
  return changes.map((change) => {
    const result = base.ok ? plan({ ...scaleRates(inputs, change), mix: base.plan.mix }) : base;
    if (!result.ok)
      return { change, plan: null, unavailable: result.reason, needed: null, budget: null };
    const p = result.plan;
    if (base.ok) p.mixSource = base.plan.mixSource;
    const needed = Object.fromEntries(p.stages.map((r) => [r.stage, r.needed]));
    return {
      change,
      plan: p,
      unavailable: null,
      needed: needed as Record<PlanStage, number>,
      budget: p.budget ? p.budget.total : null,
    };
  });
}

/**
 * Expected GMV of a plan's start assets under the inputs' rates:
 * g1·(Σ_pre needed_s·c_s + newcomers) + g2·Σ_post needed_s·r_s. Equals the target unless newcomers
 * alone exceed B1 (`newcomersExceed`), when it is higher.
 */
export function inverse(p: Plan, inputs: PlanInputs): number {
  const byStage = new Map(p.stages.map((r) => [r.stage, r.needed]));
  const first =
    PRE_SALES.reduce((t, s) => t + (byStage.get(s) ?? 0) * inputs.conversion[s], 0) +
    inputs.newcomerFirstBuyers;
  const repeat = POST_SALES.reduce((t, s) => t + (byStage.get(s) ?? 0) * inputs.repeatRate[s], 0);
  return (
    first * (inputs.firstGmvPerBuyer ?? 0) +
    (repeat === 0 ? 0 : repeat * (inputs.repeatGmvPerBuyer ?? 0))
  );
}
