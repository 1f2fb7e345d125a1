/**
 * The attribution report (DOMAIN.md §7) and its assembly from aggregated rows. Both inputs — stage
 * transitions computed from events, and an interchange path table — reduce in SQL to the same
 * three small row sets per group (a from-stage, or "all"): heuristic credit per channel, Markov
 * transition counts, and reach per channel. This module turns those rows into the report; the only
 * arithmetic left here is the exact Markov solve and the per-channel rates.
 */
import { markovFromTransitions, type Transition } from './markov';
import type { ModelId } from './models';

/** The heuristic models computed in SQL (Markov is solved from transitions). */
export const HEURISTIC_MODELS = [
  'lastTouch',
  'firstTouch',
  'linear',
  'timeDecay',
  'positionBased',
] as const;
export type HeuristicModel = (typeof HEURISTIC_MODELS)[number];

/** One channel under one model. */
export interface ChannelFigures {
  /** Users (events) or journeys (path table) that touched the channel. */
  reach: number;
  /** Attributed conversions (fractional). */
  conversions: number;
  /** conversions ÷ reach; null when reach is 0. */
  rate: number | null;
  /**
   * Attributed conversion value: path tables with `total_conversion_value`, and events when money
   * is mapped (the converters' GMV over the period); absent otherwise.
   */
  value?: number;
}

/** Per model, per channel. */
export type ModelTables = Record<ModelId, Record<string, ChannelFigures>>;

/** One group's models (the whole input, or the conversions from one stage). */
export interface AttributionGroup {
  /** Conversions with at least one touchpoint (what every model spreads). */
  attributed: number;
  unattributed: number;
  models: ModelTables;
  markov: { baseConversionRate: number; removalEffects: Record<string, number> };
}

/** `attribution` of the analyze JSON, and the `attribute` command's output. */
export interface AttributionReport extends AttributionGroup {
  /** 'events': stage transitions over (T1, T2]; 'paths': an aggregated path table. */
  source: 'events' | 'paths';
  /** All conversions: attributed + unattributed. */
  conversions: number;
  /** Touch occurrences spread by the models. */
  touchpoints: number;
  /** Time-decay half-life: days (events) or steps (path table). */
  halfLife: number;
  halfLifeUnit: 'days' | 'steps';
  /** Every channel, sorted. */
  channels: string[];
  /** A separate model per from-stage of the transition (events only; {} for path tables). */
  byFromStage: Record<string, AttributionGroup>;
  /**
   * A separate model per target stage (the stage at T2; events only, absent for path tables):
   * the conversions into that stage, the overall reach, and for Markov the converting paths into
   * it with every null path. What a channel's cost per transition into a stage divides by.
   */
  byToStage?: Record<string, AttributionGroup>;
  /** Conversions per (from-stage, to-stage) (events only). */
  transitions: { from: string; to: string; conversions: number; unattributed: number }[];
  /** Conversions per (to-stage, action of the trigger event) (events only). */
  triggers?: { to: string; action: string; conversions: number }[];
}

/** Heuristic credit rows as SQL returns them: one per (group, channel). */
export interface CreditRow {
  group: string;
  channel: string;
  lastTouch: number;
  firstTouch: number;
  linear: number;
  timeDecay: number;
  positionBased: number;
  /** Value credits, same order (path tables, and events where they are used with money). */
  value?: Partial<Record<HeuristicModel, number>>;
}

/** The three row sets of one input. */
export interface AttributionRows {
  credits: CreditRow[];
  /** Markov transitions per group. */
  transitions: (Transition & { group: string })[];
  /** Reach per (group, channel). */
  reach: { group: string; channel: string; reach: number }[];
  /** Conversions per group: attributed (≥ 1 touch), unattributed, and their value. */
  totals: { group: string; attributed: number; unattributed: number; value: number }[];
}

const sortText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Credits are reported to 10 decimals: SQL sums of fractional weights depend on the order the
 * engine adds them in (threads), and pow() may differ in the last bit between libms, so the tab
 * (DuckDB-WASM) and the CLI (native DuckDB) would otherwise disagree around the 16th digit.
 */
export const CREDIT_DECIMALS = 10;
/**
 * Attributed GMV from events is reported to 4 decimals, the precision of money (MONEY): at 10
 * decimals a sum in the thousands carries 14 significant digits, and the engines' summation
 * order already differs in the last of them.
 */
export const VALUE_DECIMALS = 4;
const round = (v: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};
const roundCredit = (v: number) => round(v, CREDIT_DECIMALS);

/**
 * Builds one group's model tables from its rows (every channel of `channels` present); values
 * rounded to `valueDecimals` (path tables: CREDIT_DECIMALS; events: VALUE_DECIMALS).
 */
export function assembleGroup(
  rows: AttributionRows,
  group: string,
  channels: string[],
  withValue: boolean,
  valueDecimals = CREDIT_DECIMALS,
): AttributionGroup {
  const total = rows.totals.find((t) => t.group === group);
  const attributed = total?.attributed ?? 0;
  const reach = new Map(
    rows.reach.filter((r) => r.group === group).map((r) => [r.channel, r.reach]),
  );
  const credits = new Map(rows.credits.filter((r) => r.group === group).map((r) => [r.channel, r]));
  const mk = markovFromTransitions(
    rows.transitions.filter((t) => t.group === group),
    attributed,
    total?.value ?? 0,
  );
  const table = (pick: (c: string) => { conversions: number; value: number }) =>
    Object.fromEntries(
      channels.map((c) => {
        const r = reach.get(c) ?? 0;
        const picked = pick(c);
        const conversions = roundCredit(picked.conversions);
        const f: ChannelFigures = { reach: r, conversions, rate: r > 0 ? conversions / r : null };
        if (withValue) f.value = round(picked.value, valueDecimals);
        return [c, f];
      }),
    );
  const models = Object.fromEntries(
    HEURISTIC_MODELS.map((m) => [
      m,
      table((c) => ({
        conversions: credits.get(c)?.[m] ?? 0,
        value: credits.get(c)?.value?.[m] ?? 0,
      })),
    ]),
  ) as Record<HeuristicModel, Record<string, ChannelFigures>>;
  return {
    attributed,
    unattributed: total?.unattributed ?? 0,
    models: {
      ...models,
      markov: table((c) => ({
        conversions: mk.conversions[c] ?? 0,
        value: mk.value[c] ?? 0,
      })),
    },
    markov: { baseConversionRate: mk.baseConversionRate, removalEffects: mk.removalEffects },
  };
}

/** Every channel named in any row, sorted by code unit. */
export function channelsIn(rows: AttributionRows): string[] {
  const set = new Set<string>();
  for (const r of rows.credits) set.add(r.channel);
  for (const r of rows.reach) set.add(r.channel);
  return [...set].sort(sortText);
}
