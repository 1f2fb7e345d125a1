/**
 * Engine parity (STYLE.md §7): the tab's engine (DuckDB-WASM, here on its Node bundle) and the
 * CLI's engine (native DuckDB through @duckdb/node-api) must print the same `assetflow inspect`
 * document for the same file. A difference means the tab's "Download JSON" and the CLI disagree;
 * the failure message lists every differing JSON path.
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
import { inspectDataset, inspectDocument } from '../../../src/lib/report/inspect';
import type { EngineApi } from '../../../src/lib/engine/types';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = path.resolve(ROOT, '../shared/data');
const HAS_DATA = existsSync(DATA);
const NO_DATA = HAS_DATA ? '' : ' [SKIPPED: ../shared/data is absent]';

let api: EngineApi;
let dir: string;

beforeAll(async () => {
  api = await nodeEngine();
  dir = mkdtempSync(path.join(tmpdir(), 'assetflow-parity-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The inspect document on DuckDB-WASM, as parsed JSON. */
async function viaWasm(file: string): Promise<unknown> {
  const r = await api.registerFiles([fileFrom(file)]);
  if (!r.ok) throw new Error(`wasm load: ${r.error.message} | ${r.error.detail ?? ''}`);
  const ds = r.value;
  const doc = inspectDocument(ds, await inspectDataset(makeRunner(api), ds.table, ds.columns));
  return JSON.parse(JSON.stringify(doc));
}

/** The inspect document on native DuckDB, as parsed JSON. */
async function viaNative(file: string): Promise<unknown> {
  const engine = await NativeEngine.open({ threads: 1 });
  try {
    const ds = await engine.loadFiles([file]);
    const doc = inspectDocument(ds, await inspectDataset(engine.runner(), ds.table, ds.columns));
    return JSON.parse(JSON.stringify(doc));
  } finally {
    engine.close();
  }
}

/** JSON paths where two parsed documents differ, with both values. */
function diffPaths(a: unknown, b: unknown, at = '$'): string[] {
  if (Object.is(a, b)) return [];
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    if (Array.isArray(a) !== Array.isArray(b)) return [`${at}: ${show(a)} ≠ ${show(b)}`];
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      diffPaths(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`,
      ),
    );
  }
  return [`${at}: wasm ${show(a)} ≠ native ${show(b)}`];
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 200 ? `${s.slice(0, 200)}…` : s;
};

async function expectParity(file: string) {
  const wasm = await viaWasm(file);
  const native = await viaNative(file);
  const diff = diffPaths(wasm, native);
  expect(diff, `wasm and native differ at:\n${diff.join('\n')}`).toEqual([]);
  expect(wasm).toEqual(native);
  return wasm as { dataset: { rows: number }; layout: string; overview: unknown };
}

describe('wasm and native engines print the same inspect document', () => {
  it('for the demo data (50 000 events)', { timeout: 300_000 }, async () => {
    const file = path.join(dir, 'assetflow-demo.csv');
    writeFileSync(file, [...generateDemoCsv({ events: 50_000 })].join(''));
    const doc = await expectParity(file);
    // The generator writes exactly the number of event lines asked for (its ~0.1% duplicates
    // included), under one header line.
    expect(doc.dataset.rows).toBe(50_000);
    expect(doc.layout).toBe('generic');
    expect(doc.overview).toBeTruthy();
  });

  it.skipIf(!HAS_DATA)(
    `for taobao_userbehavior_first814users.csv.gz${NO_DATA}`,
    { timeout: 300_000 },
    async () => {
      const doc = await expectParity(path.join(DATA, 'taobao_userbehavior_first814users.csv.gz'));
      // ../shared/data/README.md: 84,287 lines, no header.
      expect(doc.dataset.rows).toBe(84_287);
      expect(doc.layout).toBe('taobao');
    },
  );

  it.skipIf(!HAS_DATA)(
    `for uci_online_retail_2010-12_2011-12.parquet${NO_DATA}`,
    { timeout: 300_000 },
    async () => {
      const doc = await expectParity(path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet'));
      // ../shared/data/README.md: 541,909 rows.
      expect(doc.dataset.rows).toBe(541_909);
      expect(doc.layout).toBe('uci-online-retail');
    },
  );
});
