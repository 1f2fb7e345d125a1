/** A seeded uniform generator on [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast, deterministic 32-bit PRNG. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A weighted categorical distribution, prepared for sampling with {@link pick}. */
export interface Picker<T> {
  items: readonly T[];
  cum: Float64Array;
}

/** Builds a picker from [value, weight] pairs (weights need not sum to 1). */
export function picker<T>(pairs: readonly (readonly [T, number])[]): Picker<T> {
  const cum = new Float64Array(pairs.length);
  let s = 0;
  pairs.forEach(([, w], i) => {
    s += w;
    cum[i] = s;
  });
  for (let i = 0; i < cum.length; i++) cum[i] /= s;
  return { items: pairs.map(([v]) => v), cum };
}

/** Draws one value from a picker (consumes exactly one rng() call). */
export function pick<T>(rng: Rng, p: Picker<T>): T {
  const u = rng();
  const c = p.cum;
  for (let i = 0; i < c.length; i++) if (u < c[i]) return p.items[i];
  return p.items[p.items.length - 1];
}
