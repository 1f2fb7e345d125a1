/** First-order Markov removal-effect attribution, solved exactly (see paths.ts for the conventions). */
import { CONVERSION, NULL, START, channelsOf, type PathRow } from './paths';

// ---------------------------------------------------------------------------------------------
// First-order Markov chain, solved exactly.

interface Chain {
  channels: string[];
  /** counts[i][j]: transitions between states; index 0 = start, 1…n = channels, n+1 =
   * conversion, n+2 = null. */
  counts: Float64Array[];
}

function buildChain(paths: PathRow[]): Chain {
  const channels = channelsOf(paths);
  const n = channels.length;
  const index = new Map(channels.map((c, i) => [c, i + 1]));
  const size = n + 3;
  const counts = Array.from({ length: size }, () => new Float64Array(size));
  const conv = n + 1;
  const nul = n + 2;
  for (const p of paths) {
    const k = p.channels.length;
    const journeys = p.conversions + p.nulls;
    if (k === 0 || journeys === 0) continue;
    let prev = 0;
    for (const c of p.channels) {
      const s = index.get(c)!;
      counts[prev][s] += journeys;
      prev = s;
    }
    counts[prev][conv] += p.conversions;
    counts[prev][nul] += p.nulls;
  }
  return { channels, counts };
}

function rowNormalise(counts: Float64Array[]): Float64Array[] {
  return counts.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return sum > 0 ? row.map((x) => x / sum) : new Float64Array(row.length);
  });
}

/**
 * Transition probabilities of the first-order chain, keyed by state: {@link START}, the
 * channels, {@link CONVERSION}, {@link NULL} (only non-zero entries; absorbing states have no
 * row). Every journey of a path walks start → c1 → … → ck, then ck → conversion (`conversions`
 * journeys) or ck → null (`nulls` journeys); rows are normalised by their total.
 */
export function transitionProbabilities(paths: PathRow[]): Record<string, Record<string, number>> {
  const { channels, counts } = buildChain(paths);
  const names = [START, ...channels, CONVERSION, NULL];
  const probs = rowNormalise(counts);
  const out: Record<string, Record<string, number>> = {};
  for (let i = 0; i <= channels.length; i++) {
    const row: Record<string, number> = {};
    probs[i].forEach((p, j) => {
      if (p > 0) row[names[j]] = p;
    });
    if (Object.keys(row).length > 0) out[names[i]] = row;
  }
  return out;
}

/** Solves A x = b in place by Gaussian elimination with partial pivoting. */
export function solveLinear(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    }
    if (Math.abs(A[pivot][col]) < 1e-300) throw new Error('solveLinear: singular matrix');
    if (pivot !== col) {
      [A[pivot], A[col]] = [A[col], A[pivot]];
      [b[pivot], b[col]] = [b[col], b[pivot]];
    }
    const d = A[col][col];
    for (let r = col + 1; r < n; r++) {
      const f = A[r][col] / d;
      if (f === 0) continue;
      const rowR = A[r];
      const rowC = A[col];
      for (let c = col; c < n; c++) rowR[c] -= f * rowC[c];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < n; c++) s -= A[r][c] * x[c];
    x[r] = s / A[r][r];
  }
  return x;
}

/**
 * P(conversion | start) of the absorbing chain with transition probabilities `probs` (state
 * layout of {@link buildChain}), the channel `removed` (1…n, or −1 for none) turned into null:
 * every transition into it is redirected to null. Unknowns x_s = P(conversion | in channel s)
 * for the channels kept: x_s − Σ_t Q[s][t] x_t = P[s][conversion], i.e. (I − Q) x = r.
 */
function conversionProbability(probs: Float64Array[], n: number, removed: number): number {
  const kept: number[] = [];
  for (let s = 1; s <= n; s++) if (s !== removed) kept.push(s);
  const m = kept.length;
  if (m === 0) return probs[0][n + 1];
  const A = kept.map((s) => {
    const row = new Float64Array(m);
    kept.forEach((t, j) => {
      row[j] = (s === t ? 1 : 0) - probs[s][t];
    });
    return row;
  });
  const r = Float64Array.from(kept, (s) => probs[s][n + 1]);
  const x = solveLinear(A, r);
  let p = probs[0][n + 1];
  kept.forEach((t, j) => {
    p += probs[0][t] * x[j];
  });
  return p;
}

export interface MarkovResult {
  /** 1 − P(conversion | channel removed) / P(conversion), per channel, in [0, 1]. */
  removalEffects: Record<string, number>;
  /** Attributed conversions: total conversions × removal effect ÷ Σ removal effects. */
  conversions: Record<string, number>;
  /** Attributed value, by the same shares. */
  value: Record<string, number>;
  /** P(conversion | start) of the full chain. */
  baseConversionRate: number;
}

/** One aggregated transition of the chain: `n` journeys went from state `from` to `to`. */
export interface Transition {
  from: string;
  to: string;
  n: number;
}

/**
 * The Markov model from transition counts (what SQL aggregates for large inputs: the solve then
 * only sees (channels + 3)² numbers). States are named as in {@link transitionProbabilities}:
 * {@link START}, channel names, {@link CONVERSION}, {@link NULL}. `totalConversions` and
 * `totalValue` are what the removal-effect shares divide (the converting journeys' totals).
 */
export function markovFromTransitions(
  transitions: Transition[],
  totalConversions: number,
  totalValue = 0,
): MarkovResult {
  const set = new Set<string>();
  for (const t of transitions)
    for (const s of [t.from, t.to]) if (s !== START && s !== CONVERSION && s !== NULL) set.add(s);
  const channels = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = channels.length;
  const index = new Map<string, number>([
    [START, 0],
    ...channels.map((c, i) => [c, i + 1] as [string, number]),
    [CONVERSION, n + 1],
    [NULL, n + 2],
  ]);
  const counts = Array.from({ length: n + 3 }, () => new Float64Array(n + 3));
  for (const t of transitions) counts[index.get(t.from)!][index.get(t.to)!] += t.n;
  return solveChain({ channels, counts }, totalConversions, totalValue);
}

/**
 * First-order Markov removal-effect attribution, solved exactly (absorbing-chain linear system,
 * Gaussian elimination with partial pivoting; no simulation, deterministic). States: start, the
 * channels, conversion, null (see {@link transitionProbabilities}); self-loops (`a > a`) are
 * transitions a → a. Removing channel c redirects every transition into c to null.
 */
export function markov(paths: PathRow[]): MarkovResult {
  let totalConversions = 0;
  let totalValue = 0;
  for (const p of paths) {
    if (p.channels.length === 0) continue;
    totalConversions += p.conversions;
    totalValue += p.value;
  }
  return solveChain(buildChain(paths), totalConversions, totalValue);
}

function solveChain(
  { channels, counts }: Chain,
  totalConversions: number,
  totalValue: number,
): MarkovResult {
  const n = channels.length;
  const probs = rowNormalise(counts);
  const base = conversionProbability(probs, n, -1);
  const removalEffects: Record<string, number> = {};
  let sum = 0;
  channels.forEach((c, i) => {
    // Rounding can leave a hair below 0 or above 1; exact values are in [0, 1].
    const effect = base > 0 ? 1 - conversionProbability(probs, n, i + 1) / base : 0;
    const clamped = Math.min(1, Math.max(0, effect));
    removalEffects[c] = clamped;
    sum += clamped;
  });
  const conversions: Record<string, number> = {};
  const value: Record<string, number> = {};
  for (const c of channels) {
    const share = sum > 0 ? removalEffects[c] / sum : 0;
    conversions[c] = totalConversions * share;
    value[c] = totalValue * share;
  }
  return { removalEffects, conversions, value, baseConversionRate: base };
}
