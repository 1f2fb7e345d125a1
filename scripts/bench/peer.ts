/**
 * The pandas peer (bench/peers/deeplink_pandas.py): what an analyst would otherwise script for
 * §2 stages and §9 RFM. Timed on the demo CSV and checked against the engine's counts.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { median, type PeerCounts } from './common';
import { ROOT } from './data';

const SCRIPT = path.join(ROOT, 'bench/peers/deeplink_pandas.py');
export const PANDAS_MISSING = 'pandas not installed: apt-get install python3-pandas';

/** A Python that imports pandas: BENCH_PYTHON, python3 on the PATH, or Debian's /usr/bin/python3. */
export function findPython(): { python: string; version: string } | null {
  const candidates = [process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter(
    (c): c is string => !!c,
  );
  for (const python of candidates) {
    try {
      const version = execFileSync(python, ['-c', 'import pandas; print(pandas.__version__)'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      return { python, version };
    } catch {
      /* next */
    }
  }
  return null;
}

interface PeerOutput extends PeerCounts {
  seconds: { load: number; stages: number; rfm: number };
  peakRssMB: number;
}

/** `runs` runs of the peer for one brand at T: median times (ms), peak RSS, the first run's counts. */
export function runPeer(python: string, csv: string, brand: string, asOf: string, runs: number) {
  const all: PeerOutput[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(python, [SCRIPT, csv, '--brand', brand, '--as-of', asOf], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    all.push(JSON.parse(out.trim().split('\n').pop() as string) as PeerOutput);
  }
  const s = (k: keyof PeerOutput['seconds']) => median(all.map((o) => o.seconds[k] * 1000));
  const load = s('load');
  const stages = s('stages');
  const rfm = s('rfm');
  return {
    load,
    stages,
    rfm,
    total: median(all.map((o) => (o.seconds.load + o.seconds.stages + o.seconds.rfm) * 1000)),
    peakMB: Math.max(...all.map((o) => o.peakRssMB)),
    counts: all[0] as PeerCounts,
  };
}

/**
 * Differences between two count sets (empty = they agree): stage counts, buyers, users and revenue
 * (to the cent) per tier and per segment.
 */
export function compareCounts(engine: PeerCounts, peer: PeerCounts): string[] {
  const d: string[] = [];
  if (engine.brand !== peer.brand || engine.asOf !== peer.asOf)
    d.push(`brand/T ${engine.brand} ${engine.asOf} vs ${peer.brand} ${peer.asOf}`);
  for (const [s, n] of Object.entries(engine.stages)) {
    const p = peer.stages[s as keyof PeerCounts['stages']];
    if (p !== n) d.push(`stage ${s}: ${n} vs ${p}`);
  }
  if (engine.rfm.buyers !== peer.rfm.buyers)
    d.push(`RFM buyers: ${engine.rfm.buyers} vs ${peer.rfm.buyers}`);
  for (const kind of ['tiers', 'segments'] as const)
    for (const [k, v] of Object.entries(engine.rfm[kind])) {
      const p = peer.rfm[kind][k];
      if (!p) d.push(`${kind} ${k}: missing in the peer`);
      else if (p.users !== v.users) d.push(`${kind} ${k}: ${v.users} vs ${p.users} users`);
      else if (Math.abs((p.revenue ?? 0) - (v.revenue ?? 0)) > 0.005)
        d.push(`${kind} ${k}: revenue ${v.revenue} vs ${p.revenue}`);
    }
  return d;
}
