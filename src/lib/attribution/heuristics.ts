/** Heuristic attribution models over aggregated paths (see paths.ts for the conventions). */
import { emptyAttribution, type Attribution, type PathRow } from './paths';

/** Spreads each converting path's conversions and value over its touches by `weights(k)`
 * (k = number of touches; weights sum to 1, index 0 = first touch). */
function heuristic(paths: PathRow[], weights: (k: number) => number[]): Attribution {
  const out = emptyAttribution(paths);
  for (const p of paths) {
    const k = p.channels.length;
    if (k === 0 || (p.conversions === 0 && p.value === 0)) continue;
    const w = weights(k);
    for (let i = 0; i < k; i++) {
      const credit = out[p.channels[i]];
      credit.conversions += p.conversions * w[i];
      credit.value += p.value * w[i];
    }
  }
  return out;
}

const oneAt = (k: number, at: number): number[] => {
  const w = new Array<number>(k).fill(0);
  w[at] = 1;
  return w;
};

export function lastTouch(paths: PathRow[]): Attribution {
  return heuristic(paths, (k) => oneAt(k, k - 1));
}

export function firstTouch(paths: PathRow[]): Attribution {
  return heuristic(paths, (k) => oneAt(k, 0));
}

/** Each touch occurrence an equal share. */
export function linear(paths: PathRow[]): Attribution {
  return heuristic(paths, (k) => new Array<number>(k).fill(1 / k));
}

/** One touch 100%; two touches 50/50; three or more 40% first, 40% last, 20% shared equally
 * by the middle touches. */
export function positionBased(paths: PathRow[]): Attribution {
  return heuristic(paths, (k) => {
    if (k === 1) return [1];
    if (k === 2) return [0.5, 0.5];
    const w = new Array<number>(k).fill(0.2 / (k - 2));
    w[0] = 0.4;
    w[k - 1] = 0.4;
    return w;
  });
}

export interface TimeDecayOptions {
  /** Half-life in STEPS before the conversion (aggregated paths have no timestamps). Default 1. */
  halfLife?: number;
}

/** Touch at distance d steps before the conversion (last touch d = 0) weighs 2^(−d/halfLife),
 * normalised per path. */
export function timeDecay(paths: PathRow[], opts: TimeDecayOptions = {}): Attribution {
  const halfLife = opts.halfLife ?? 1;
  if (!(halfLife > 0) || !Number.isFinite(halfLife)) {
    throw new RangeError(`timeDecay: halfLife must be a positive number (got ${halfLife}).`);
  }
  return heuristic(paths, (k) => {
    const w = Array.from({ length: k }, (_, i) => 2 ** (-(k - 1 - i) / halfLife));
    const sum = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / sum);
  });
}
