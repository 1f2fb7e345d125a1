/**
 * Hand-worked tests of the example users per stage (src/lib/sql/analysis/examples.ts): the user ids
 * at one stage at T under the DOMAIN.md §2 default rules, smallest id first, at most `limit`.
 *
 * T = 2024-06-30. Windows: D, E1 15 d = 2024-06-16 … 2024-06-30; O 180 d = 2024-01-03 … T.
 * Brand B sells in category C; brand X also sells in C. Rows are deliberately not in id order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { emptyMapping, type Mapping } from '../../../src/lib/mapping/config';
import { prepareEvents } from '../../../src/lib/report/prepare';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { DEFAULT_RULES, type Stage } from '../../../src/lib/sql/analysis/rules';
import type { StageSpec } from '../../../src/lib/sql/analysis/stages';
import { buildStageExamplesSql } from '../../../src/lib/sql/analysis/examples';
import { loadCsv, makeRunner, IDENTITY_ACTIONS } from './runner';

let runner: SqlRunner;

const T = '2024-06-30';
const HEADER = 'user_id,ts,action,brand,category,source';

const mapping: Mapping = {
  ...emptyMapping(),
  columns: {
    user_id: 'user_id',
    ts: 'ts',
    action: 'action',
    brand: 'brand',
    category: 'category',
    source: 'source',
  },
  actions: IDENTITY_ACTIONS,
};

const LINES = [
  // d_c: a view on 06-25, in D's 15 d → D.
  'd_c,2024-06-25 10:00,view,B,C,tmall',
  // u9: an impression on 06-29 → D.
  'u9,2024-06-29 10:00,impression,B,C,tmall',
  // e1: a search on 06-28 → E1 (not D: the deepest stage wins).
  'e1,2024-06-28 10:00,search,B,C,tmall',
  // d_a: a click on 06-20 → D.
  'd_a,2024-06-20 10:00,click,B,C,tmall',
  // u10: a view on 06-16 = T−14, the first day of D's window → D.
  'u10,2024-06-16 00:00,view,B,C,tmall',
  // o_x: brand X's view in category C on 06-20, no B event → O.
  'o_x,2024-06-20 10:00,view,X,C,tmall',
  // d_old: a view on 06-15 = T−15, outside D's window, inside O's 180 d → O.
  'd_old,2024-06-15 12:00,view,B,C,tmall',
  // d_b: a view on 06-22 → D.
  'd_b,2024-06-22 10:00,view,B,C,tmall',
  // after: a view on 07-01 = T+1 only → ignored, no stage.
  'after,2024-07-01 10:00,view,B,C,tmall',
];

const spec: StageSpec = { brand: 'B', asOf: T, rules: DEFAULT_RULES, moneyAvailable: false };

async function examples(stage: Stage, limit?: number, s: StageSpec = spec): Promise<string[]> {
  return (await runner.all(buildStageExamplesSql(s, stage, limit))).map((r) => String(r.user_id));
}

beforeAll(async () => {
  const api = await nodeEngine();
  runner = makeRunner(api);
  const ds = await loadCsv(api, [HEADER, ...LINES].join('\n'), 'examples.csv');
  await prepareEvents(runner, ds.table, ds.columns, mapping);
});

describe('buildStageExamplesSql: example users at one stage at T', () => {
  it('has one param per placeholder', () => {
    const q = buildStageExamplesSql(spec, 'D', 3);
    expect((q.sql.match(/\?/g) ?? []).length).toBe(q.params.length);
  });

  it("lists the stage's users, smallest id first (text order: u10 before u9)", async () => {
    // D: d_a, d_b, d_c, u10, u9. Not e1 (E1 is deeper), not d_old (06-15 is out), not after.
    expect(await examples('D')).toEqual(['d_a', 'd_b', 'd_c', 'u10', 'u9']);
    expect(await examples('E1')).toEqual(['e1']);
    expect(await examples('O')).toEqual(['d_old', 'o_x']);
    expect(await examples('K')).toEqual([]);
  });

  it('keeps the first `limit` ids of that order', async () => {
    expect(await examples('D', 3)).toEqual(['d_a', 'd_b', 'd_c']);
    expect(await examples('D', 0)).toEqual([]);
  });

  it('defaults to 10 and reads the as-of date', async () => {
    expect(buildStageExamplesSql(spec, 'D').params.at(-1)).toBe(10);
    // At T = 06-21: D's window is 06-07 … 06-21 → d_a (06-20), u10 (06-16), d_old (06-15);
    // d_c, u9, e1 and d_b are after that T.
    expect(await examples('D', 10, { ...spec, asOf: '2024-06-21' })).toEqual([
      'd_a',
      'd_old',
      'u10',
    ]);
  });
});
