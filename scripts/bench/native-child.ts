/**
 * One native measurement in its own process, so that its peak memory (max RSS) is its own:
 * `node --import tsx scripts/bench/native-child.ts '{"file":…,"threads":1,"views":true,"counts":true}'`
 * prints `BENCH_RESULT {NativeRun}` on its last line.
 */
import { NativeEngine } from '../../bin/lib/native';
import { inspectDataset } from '../../src/lib/report/inspect';
import { runStages, type StagesReport } from '../../src/lib/report/stages';
import { runFlow } from '../../src/lib/report/flow';
import { runMindshare } from '../../src/lib/report/mindshare';
import { runBenchmark } from '../../src/lib/report/benchmark';
import { runRfm, type RfmReport } from '../../src/lib/report/rfm';
import { DEFAULT_RFM } from '../../src/lib/sql/analysis/rfm';
import { runJourneys } from '../../src/lib/report/journeys';
import { runAttribution } from '../../src/lib/report/attribution';
import { runFrequency } from '../../src/lib/report/frequency';
import { frequencyDate } from '../../src/lib/sql/analysis/frequency';
import { DEFAULT_RULES } from '../../src/lib/sql/analysis/rules';
import { shiftDays } from '../../src/lib/state/dates';
import type { NativeRun, PeerCounts } from './common';

interface Args {
  file: string;
  threads: number;
  views: boolean;
  counts: boolean;
}

function peerCounts(brand: string, asOf: string, st: StagesReport, rfm: RfmReport): PeerCounts {
  return {
    brand,
    asOf,
    stages: st.counts,
    rfm: { buyers: rfm.buyers, tiers: rfm.tiers, segments: rfm.segments },
  };
}

/**
 * Native: load + prepare, then (views) the work of each view for the biggest brand at the last
 * date, with the flow over the 30 days before it (the tab's defaults): Stages = stages +
 * benchmark at T; Flow = flow; Benchmark = benchmark with the flow + mindshare.
 */
async function measure(a: Args): Promise<NativeRun> {
  const e = await NativeEngine.open({ threads: a.threads });
  const r = e.runner();
  const t0 = performance.now();
  const ds = await e.loadFiles([a.file]);
  const tr = performance.now();
  const rep = await inspectDataset(r, ds.table, ds.columns);
  const t1 = performance.now();
  const brand = rep.overview.brandList[0].brand;
  const asOf = rep.overview.dateTo as string;
  const spec = { brand, asOf, rules: DEFAULT_RULES, moneyAvailable: rep.meta.moneyAvailable };
  const out: NativeRun = { read: tr - t0, prepare: t1 - tr, maxRssMB: 0 };
  if (a.views) {
    const from = shiftDays(asOf, -30, rep.overview.dateFrom) as string;
    const st = await runStages(r, spec);
    await runBenchmark(r, spec);
    const t2 = performance.now();
    await runFlow(r, { ...spec, from, to: asOf });
    const t3 = performance.now();
    await runBenchmark(r, { ...spec, from, to: asOf });
    await runMindshare(r, spec);
    const t4 = performance.now();
    const rfm = await runRfm(r, { ...spec, rfm: DEFAULT_RFM });
    const t5 = performance.now();
    await runJourneys(r, { ...spec, from, to: asOf });
    const t6 = performance.now();
    await runAttribution(r, { ...spec, from, to: asOf });
    const t7 = performance.now();
    await runFrequency(r, {
      brand,
      at: frequencyDate(asOf, asOf, rep.overview.dateFrom as string),
      moneyAvailable: rep.meta.moneyAvailable,
    });
    const t8 = performance.now();
    out.views = {
      load: t1 - t0,
      stages: t2 - t1,
      flow: t3 - t2,
      benchmark: t4 - t3,
      rfm: t5 - t4,
      journeys: t6 - t5,
      attribution: t7 - t6,
      frequency: t8 - t7,
    };
    if (a.counts) out.counts = peerCounts(brand, asOf, st, rfm);
  } else if (a.counts) {
    const st = await runStages(r, spec);
    const rfm = await runRfm(r, { ...spec, rfm: DEFAULT_RFM });
    out.counts = peerCounts(brand, asOf, st, rfm);
  }
  e.close();
  out.maxRssMB = process.resourceUsage().maxRSS / 1024; // KB → MB
  return out;
}

const result = await measure(JSON.parse(process.argv[2]) as Args);
console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
// Native DuckDB keeps handles open; leave explicitly.
process.exit(0);
