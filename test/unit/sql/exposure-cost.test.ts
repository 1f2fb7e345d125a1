/**
 * "Exposure frequency vs conversion cost" (buildExposureCostSql): per exposure bucket, the brand
 * impressions in the 15 days up to T valued at their channel's cost per impression over the same
 * days; channels without spend impressions are counted apart. Worked by hand below.
 */
import { beforeAll, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents } from '../../../src/lib/report/prepare';
import { runExposureCost, runFrequency } from '../../../src/lib/report/frequency';
import { loadSpend } from '../../../src/lib/report/spend';
import { SPEND_TABLE } from '../../../src/lib/sql/analysis/spend';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';
import type { EngineApi } from '../../../src/lib/engine/types';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const MAPPING: Mapping = {
  ...emptyMapping(),
  columns: {
    user_id: 'user_id',
    ts: 'ts',
    action: 'action',
    brand: 'brand',
    channel: 'channel',
    amount: 'amount',
    order_id: 'order_id',
  },
  actions: IDENTITY_ACTIONS,
};

// T = 2024-06-15: the window is 06-01 … 06-15; conversions are purchases in 06-16 … 06-30.
// u1: 1 search impression (06-10) → bucket 1; buys 06-20 → converter.
// u2: search 06-05 + feed 06-12 → bucket 2; no purchase.
// u3: 2 radio impressions (06-14; radio has no spend) → bucket 2; buys 06-25 → converter.
// u4: a search impression on 05-31 (outside the window) → in no bucket.
const EVENTS = [
  'user_id,ts,action,brand,channel,amount,order_id',
  'u1,2024-06-10 10:00:00,impression,B,search,,',
  'u1,2024-06-20 10:00:00,purchase,B,,10,o1',
  'u2,2024-06-05 10:00:00,impression,B,search,,',
  'u2,2024-06-12 10:00:00,impression,B,feed,,',
  'u3,2024-06-14 10:00:00,impression,B,radio,,',
  'u3,2024-06-14 11:00:00,impression,B,radio,,',
  'u3,2024-06-25 10:00:00,purchase,B,,20,o3',
  'u4,2024-05-31 10:00:00,impression,B,search,,',
].join('\n');
// Spend in the window: search 10 + 20 for 100 + 100 impressions → 0.15 per impression (the 05-31
// row, 1000 for 10, is outside it); feed 5 for 10 → 0.5.
const SPEND = [
  'date,channel,cost,impressions',
  '2024-05-31,search,1000,10',
  '2024-06-05,search,10,100',
  '2024-06-10,search,20,100',
  '2024-06-12,feed,5,10',
].join('\n');

it('values each bucket’s impressions at their channel’s cost per impression in the window', async () => {
  const ev = await loadCsv(api, EVENTS, 'exposure-events.csv');
  await prepareEvents(runner, ev.table, ev.columns, MAPPING);
  const sp = await loadCsv(api, SPEND, 'exposure-spend.csv');
  await loadSpend(
    runner,
    sp.table,
    sp.columns.map((c) => c.name),
  );
  const spec = { brand: 'B', at: '2024-06-15', moneyAvailable: true };
  const cost = await runExposureCost(runner, spec, SPEND_TABLE);
  // Bucket 1: u1's search impression, 0.15.
  expect(cost['1']?.impressions).toBe(1);
  expect(cost['1']?.cost).toBeCloseTo(0.15, 12);
  expect(cost['1']?.uncosted).toBe(0);
  // Bucket 2: u2 search 0.15 + feed 0.5 = 0.65; u3's 2 radio impressions are uncosted.
  expect(cost['2']?.impressions).toBe(4);
  expect(cost['2']?.cost).toBeCloseTo(0.65, 12);
  expect(cost['2']?.uncosted).toBe(2);
  expect(Object.keys(cost)).toEqual(['1', '2']);
  // Cost per conversion = cost ÷ the bucket's converters (1 each: u1, u3).
  const freq = await runFrequency(runner, spec);
  expect(freq.exposure['1'].converters).toBe(1);
  expect(freq.exposure['2'].converters).toBe(1);
});
