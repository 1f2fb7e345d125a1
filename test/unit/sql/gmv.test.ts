/** DOMAIN.md §4 GMV contribution, worked by hand: each order's stage is the buyer's stage on the day before it. */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents } from '../../../src/lib/report/prepare';
import { runFlow } from '../../../src/lib/report/flow';
import { dayBefore } from '../../../src/lib/sql/analysis/flow';
import { DEFAULT_RULES } from '../../../src/lib/sql/analysis/rules';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

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
    category: 'category',
    amount: 'amount',
    order_id: 'order_id',
  },
  actions: IDENTITY_ACTIONS,
};

// T1 = 2024-06-15, T2 = 2024-06-30; brand B in category C.
const CSV = [
  'user_id,ts,action,brand,category,amount,order_id',
  // a: view 06-19, buys 06-20 for 100 → stage on 06-19 is D (view in 15 days) → D 100
  'a,2024-06-19 10:00:00,view,B,C,,',
  'a,2024-06-20 10:00:00,purchase,B,C,100,oa',
  // b: no event before its order on 06-18 (50) → none 50
  'b,2024-06-18 10:00:00,purchase,B,C,50,ob',
  // c: bought in March (I), buys again 06-25 for 30 → stage on 06-24 is I → I 30
  'c,2024-03-01 10:00:00,purchase,B,C,20,oc1',
  'c,2024-06-25 10:00:00,purchase,B,C,30,oc2',
  // d: cart 06-16, buys 06-17 for 20 (stage on 06-16: P) and 06-22 for 40 (stage on 06-21: I) → P 20, I 40
  'd,2024-06-16 10:00:00,cart,B,C,,',
  'd,2024-06-17 10:00:00,purchase,B,C,20,od1',
  'd,2024-06-22 10:00:00,purchase,B,C,40,od2',
  // e: buys 06-26 for 80, refunds 30 on 06-28 → net 50 as of T2; another brand's view on 06-10 → O on 06-25 → O 50
  'e,2024-06-10 10:00:00,view,X,C,,',
  'e,2024-06-26 10:00:00,purchase,B,C,80,oe',
  'e,2024-06-28 10:00:00,refund,B,C,30,oe',
  // f: buys 06-27 for 60, full refund 06-29 → not an occasion as of T2 → contributes nothing
  'f,2024-06-27 10:00:00,purchase,B,C,60,of',
  'f,2024-06-29 10:00:00,refund,B,C,,of',
  // g: buys on T1 itself (06-15): outside (T1, T2] → nothing
  'g,2024-06-15 10:00:00,purchase,B,C,70,og',
].join('\n');

describe('GMV contribution', () => {
  it('assigns each order to the stage of the day before it; shares of the total', async () => {
    const ds = await loadCsv(api, CSV, 'gmv.csv');
    const rep = await prepareEvents(runner, ds.table, ds.columns, MAPPING);
    const f = await runFlow(runner, {
      brand: 'B',
      from: '2024-06-15',
      to: '2024-06-30',
      rules: DEFAULT_RULES,
      moneyAvailable: rep.moneyAvailable,
    });
    // total = 100 + 50 + 30 + 20 + 40 + 50 = 290
    expect(f.gmvTotal).toBe(290);
    const g = f.gmvContribution;
    expect(g.D.gmv).toBe(100);
    expect(g.none.gmv).toBe(50);
    expect(g.I.gmv).toBe(70);
    expect(g.P.gmv).toBe(20);
    expect(g.O.gmv).toBe(50);
    for (const s of ['E1', 'E2', 'N', 'K'] as const) expect(g[s].gmv).toBe(0);
    expect(g.D.share).toBeCloseTo(100 / 290, 12);
    expect(g.I.share).toBeCloseTo(70 / 290, 12);
    expect(Object.values(g).reduce((a, v) => a + (v.share ?? 0), 0)).toBeCloseTo(1, 12);
  });

  it('is null without money (no amount column)', async () => {
    const ds = await loadCsv(api, CSV, 'gmv2.csv');
    const m: Mapping = { ...MAPPING, columns: { ...MAPPING.columns, amount: undefined } };
    delete m.columns.amount;
    const rep = await prepareEvents(runner, ds.table, ds.columns, m);
    const f = await runFlow(runner, {
      brand: 'B',
      from: '2024-06-15',
      to: '2024-06-30',
      rules: DEFAULT_RULES,
      moneyAvailable: rep.moneyAvailable,
    });
    expect(rep.moneyAvailable).toBe(false);
    expect(f.gmvTotal).toBeNull();
    expect(f.gmvContribution.D).toEqual({ gmv: null, share: null });
  });

  it('dayBefore crosses month and year ends', () => {
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
  });
});
