/** Every attribution model over aggregated paths, side by side (DOMAIN.md §7). */
import { channelsOf, type Attribution, type PathRow } from './paths';
import {
  firstTouch,
  lastTouch,
  linear,
  positionBased,
  timeDecay,
  type TimeDecayOptions,
} from './heuristics';
import { markov, type MarkovResult } from './markov';

export * from './paths';
export * from './heuristics';
export * from './markov';

// ---------------------------------------------------------------------------------------------

export const MODELS = [
  'lastTouch',
  'firstTouch',
  'linear',
  'timeDecay',
  'positionBased',
  'markov',
] as const;
export type ModelId = (typeof MODELS)[number];
export const DEFAULT_MODEL: ModelId = 'lastTouch';

export type RunModelsOptions = TimeDecayOptions;

export interface RunModelsResult {
  channels: string[];
  /** Conversions and value of the paths with at least one channel (what every model spreads). */
  totalConversions: number;
  totalValue: number;
  /** Conversions and value of paths with no channel (never spread; 0 after the parser). */
  unattributedConversions: number;
  unattributedValue: number;
  models: Record<ModelId, Attribution>;
  /** The Markov model's removal effects and base conversion rate. */
  markov: MarkovResult;
}

export function runModels(paths: PathRow[], opts: RunModelsOptions = {}): RunModelsResult {
  let totalConversions = 0;
  let totalValue = 0;
  let unattributedConversions = 0;
  let unattributedValue = 0;
  for (const p of paths) {
    if (p.channels.length === 0) {
      unattributedConversions += p.conversions;
      unattributedValue += p.value;
    } else {
      totalConversions += p.conversions;
      totalValue += p.value;
    }
  }
  const mk = markov(paths);
  const markovCredit: Attribution = {};
  for (const c of Object.keys(mk.conversions)) {
    markovCredit[c] = { conversions: mk.conversions[c], value: mk.value[c] };
  }
  return {
    channels: channelsOf(paths),
    totalConversions,
    totalValue,
    unattributedConversions,
    unattributedValue,
    models: {
      lastTouch: lastTouch(paths),
      firstTouch: firstTouch(paths),
      linear: linear(paths),
      timeDecay: timeDecay(paths, { halfLife: opts.halfLife }),
      positionBased: positionBased(paths),
      markov: markovCredit,
    },
    markov: mk,
  };
}
