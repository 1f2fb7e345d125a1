/**
 * The tab's engine (DuckDB-WASM) and the CLI's (native DuckDB) give the identical `analyze`
 * document — stages, per-source stages, flow matrix and GMV contribution — on the demo data and
 * on REES46 (a real multi-brand file). The CLI is the tab's reference for large files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileFrom, nodeEngine } from './node-engine';
import { makeRunner } from '../sql/runner';
import { NativeEngine } from '../../../bin/lib/native';
import { generateDemoCsv } from '../../../src/lib/demo/generate';
import { inspectDataset } from '../../../src/lib/report/inspect';
import { analyzeDocument, type AnalyzeOptions } from '../../../src/lib/report/analyze';
import { DEFAULT_RFM } from '../../../src/lib/sql/analysis/rfm';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = path.resolve(ROOT, '../shared/data');
const HAS_DATA = existsSync(DATA);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'assetflow-analyze-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function both(file: string, opts: AnalyzeOptions) {
  const api = await nodeEngine();
  const r = await api.registerFiles([fileFrom(file)]);
  if (!r.ok) throw new Error(r.error.message);
  const runner = makeRunner(api);
  const wasm = await analyzeDocument(
    runner,
    await inspectDataset(runner, r.value.table, r.value.columns),
    opts,
  );
  const native = await NativeEngine.open({ threads: 2 });
  try {
    const ds = await native.loadFiles([file]);
    const n = native.runner();
    const cli = await analyzeDocument(n, await inspectDataset(n, ds.table, ds.columns), opts);
    return { wasm: JSON.parse(JSON.stringify(wasm)), cli: JSON.parse(JSON.stringify(cli)) };
  } finally {
    native.close();
  }
}

describe('analyze: tab engine = CLI engine', () => {
  it('demo data (100,000 events): stages at T and the flow over June', async () => {
    const file = path.join(dir, 'demo.csv');
    writeFileSync(file, [...generateDemoCsv({ events: 100_000 })].join(''));
    const { wasm, cli } = await both(file, {
      brand: 'Lumière',
      asOf: '2024-06-30',
      from: '2024-05-31',
      to: '2024-06-30',
    });
    expect(wasm.meta.rows).toBe(100_000);
    expect(wasm.flow.gmvTotal).toBeGreaterThan(0);
    // §5 is in both documents and is a real comparison, not an empty one.
    expect(wasm.benchmark.reason).toBeNull();
    expect(wasm.benchmark.brands).toContain('Lumière');
    expect(wasm.mindshare.deepAssetValue).toBeGreaterThan(0);
    expect(wasm).toEqual(cli);
  });

  it.skipIf(!HAS_DATA)(
    `REES46, samsung, flow over the file's hours${HAS_DATA ? '' : ' [SKIPPED: ../shared/data is absent]'}`,
    async () => {
      const { wasm, cli } = await both(
        path.join(DATA, 'rees46_multicategory_2019-10-01_0000-0250utc.csv.gz'),
        {
          brand: 'samsung',
          asOf: '2019-10-01',
          from: '2019-09-30',
          to: '2019-10-01',
        },
      );
      expect(wasm.meta.rows).toBe(17_424);
      expect(wasm.benchmark.brands).toEqual(expect.arrayContaining(['apple', 'samsung', 'xiaomi']));
      expect(wasm).toEqual(cli);
    },
  );

  it.skipIf(!HAS_DATA)(
    `UCI Online Retail (Parquet): RFM with the defaults and with custom cuts${HAS_DATA ? '' : ' [SKIPPED: ../shared/data is absent]'}`,
    async () => {
      const file = path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet');
      const a = await both(file, { asOf: '2011-12-09' });
      expect(a.wasm.rfm.buyers).toBeGreaterThan(4000);
      expect(a.wasm).toEqual(a.cli);
      const b = await both(file, {
        asOf: '2011-12-09',
        rfm: {
          ...DEFAULT_RFM,
          method: 'custom',
          cuts: { R: [30, 90, 180], F: [2, 5], M: [100, 500, 1000, 5000] },
          monetary: 'average',
        },
      });
      expect(b.wasm.rfm.k).toEqual({ R: 4, F: 3, M: 5 });
      expect(b.wasm.rfm).toEqual(b.cli.rfm);
    },
  );
});
