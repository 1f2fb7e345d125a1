/**
 * DOMAIN.md §7 (last sentence): the attribution models over an aggregated path table, computed in
 * SQL (src/lib/sql/analysis/paths.ts) and assembled by src/lib/report/paths.ts, on DuckDB-WASM.
 * Every expected figure below was worked out by hand from the fixture rows; nothing was copied
 * from what the code prints.
 *
 * Fixture M (test/fixtures/paths/markov_published.csv, no value column): the published Markov
 * example — C1 > C2 > C3 (1 conversion, 0 null), C1 (0, 1), C2 > C3 (0, 1).
 *
 * Fixture G (test/fixtures/paths/mixed.csv, `;`-separated, data rows numbered from 1):
 *   1  a > b > a > c   4 conversions, value 40, 2 nulls   (4 touches, a repeated)
 *   2   b>  c          2 conversions, value 10, 0 nulls   (2 touches; spaces trimmed)
 *   3  c               1 conversion,  value 3,  5 nulls   (1 touch)
 *   4  d > a           0 conversions, value 0,  4 nulls   (non-converting)
 *   5  a >  > b        malformed: empty channel between separators
 *   6  (empty)         malformed: empty path
 *   7  b               malformed: total_conversions -2
 *   8  c               malformed: total_conversions "abc" AND total_null "x" (two problems)
 *   9  a               malformed: total_conversion_value "1,5"
 *  10  b > b           3 conversions, value 6, 1 null    (self loop; after the malformed rows)
 * Valid rows 1, 2, 3, 4, 10: attributed conversions 4 + 2 + 1 + 0 + 3 = 10, value
 * 40 + 10 + 3 + 0 + 6 = 59, journeys (conversions + nulls) 6 + 2 + 6 + 4 + 4 = 22.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nodeEngine } from '../engine/node-engine';
import { loadCsv, makeRunner } from './runner';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';
import {
  CONVERSION,
  MODELS,
  NULL,
  START,
  isPathTable,
  parsePathsCsvRows,
  runModels,
} from '../../../src/lib/attribution/models';
import {
  buildPathIssuesSql,
  buildPathReachSql,
  buildPathTotalsSql,
  buildPathTransitionsSql,
  pathColumns,
} from '../../../src/lib/sql/analysis/paths';
import {
  formatPathAttribution,
  runPathAttribution,
  type PathAttributionResult,
} from '../../../src/lib/report/paths';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/paths');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

async function attribute(
  text: string,
  name: string,
  halfLife?: number,
): Promise<PathAttributionResult> {
  const ds = await loadCsv(api, text, name);
  return runPathAttribution(runner, { table: ds.table, columns: ds.columns, halfLife });
}

/** A delimited file split into header-keyed rows for the JS parser (no quoting in fixtures). */
function splitRows(text: string, delim: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = lines[0].split(delim);
  return lines.slice(1).map((l) => {
    const cells = l.split(delim);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** Credits are reported to CREDIT_DECIMALS (10) decimals, so a hand value like 4/3 is within
 * 5e-11 of what is reported; 1e-9 leaves room for that and nothing more. Removal effects and the
 * base rate are not rounded and are checked to 1e-12 where stated. */
const near = (got: number | undefined, want: number, tol = 1e-9) =>
  expect(Math.abs((got ?? NaN) - want)).toBeLessThan(tol);

describe('isPathTable', () => {
  it('needs path and total_conversions, any case, spaces ignored', () => {
    expect(isPathTable(['path', 'total_conversions'])).toBe(true);
    expect(isPathTable([' Path ', 'TOTAL_CONVERSIONS', 'total_null'])).toBe(true);
    expect(isPathTable(['path', 'total_null'])).toBe(false);
    expect(isPathTable(['user_id', 'event_time', 'total_conversions'])).toBe(false);
    expect(isPathTable([])).toBe(false);
  });
});

describe('pathColumns', () => {
  it('finds the actual header names; the optional ones may be absent', () => {
    expect(pathColumns([' PATH', 'Total_Conversions'])).toEqual({
      path: ' PATH',
      conversions: 'Total_Conversions',
      value: undefined,
      nulls: undefined,
    });
  });
  it('names the missing required column', () => {
    expect(() => pathColumns([{ name: 'path' }, { name: 'conversions' }])).toThrow(
      /no column "total_conversions"/,
    );
  });
});

describe('the published Markov example through SQL (fixture M)', () => {
  it('base 1/3; removal effects 0.5, 1, 1; credits 0.2 / 0.4 / 0.4', async () => {
    // Journeys: C1 > C2 > C3 ×1 (converts), C1 ×1 (null), C2 > C3 ×1 (null): 3 journeys.
    // Counts: start→C1 2, start→C2 1; C1→C2 1, C1→null 1; C2→C3 2; C3→conv 1, C3→null 1.
    // Probabilities: start C1 2/3, C2 1/3; C1: C2 1/2, null 1/2; C2: C3 1; C3: conv 1/2, null 1/2.
    // x3 = 1/2, x2 = x3 = 1/2, x1 = 1/2 · x2 = 1/4 → P = 2/3 · 1/4 + 1/3 · 1/2 = 1/3.
    // Remove C1: P = 1/3 · 1/2 = 1/6 → RE 1 − (1/6)/(1/3) = 0.5. Remove C2 or C3: P = 0 → RE 1.
    // Σ RE = 2.5 → of 1 conversion: C1 0.2, C2 0.4, C3 0.4.
    const { report, issues, malformed } = await attribute(fixture('markov_published.csv'), 'm.csv');
    expect(issues).toEqual([]);
    expect(malformed).toBe(0);
    expect(report.source).toBe('paths');
    expect(report.channels).toEqual(['C1', 'C2', 'C3']);
    expect(report.conversions).toBe(1);
    expect(report.attributed).toBe(1);
    expect(report.unattributed).toBe(0);
    near(report.markov.baseConversionRate, 1 / 3, 1e-9);
    near(report.markov.removalEffects.C1, 0.5, 1e-9);
    near(report.markov.removalEffects.C2, 1, 1e-9);
    near(report.markov.removalEffects.C3, 1, 1e-9);
    near(report.models.markov.C1.conversions, 0.2, 1e-9);
    near(report.models.markov.C2.conversions, 0.4, 1e-9);
    near(report.models.markov.C3.conversions, 0.4, 1e-9);
    // No total_conversion_value column → no value figures.
    expect(report.models.markov.C1.value).toBeUndefined();
    expect(report.models.lastTouch.C3.value).toBeUndefined();
    // Reach: C1 in paths 1 and 2 (1 + 1 journeys) = 2; C2 in 1 and 3 = 2; C3 in 1 and 3 = 2.
    // Markov rate C1 = 0.2 / 2 = 0.1.
    expect(report.models.markov.C1.reach).toBe(2);
    near(report.models.markov.C1.rate ?? NaN, 0.1, 1e-9);
    // Touchpoints: only path 1 converts: 3 touches × 1 conversion = 3.
    expect(report.touchpoints).toBe(3);
  });
});

describe('fixture G: heuristics, value, reach, Markov, malformed rows', () => {
  let g: PathAttributionResult;
  beforeAll(async () => {
    g = await attribute(fixture('mixed.csv'), 'g.csv');
  });

  const conv = (model: (typeof MODELS)[number], c: string) =>
    g.report.models[model][c]?.conversions;
  const value = (model: (typeof MODELS)[number], c: string) => g.report.models[model][c]?.value;

  it('totals: 10 attributed conversions, touchpoints 27, every channel listed', () => {
    // touchpoints = Σ touches × conversions over converting rows: 4·4 + 2·2 + 1·1 + 2·3 = 27
    // (row 4 has 0 conversions and adds nothing).
    expect(g.report.conversions).toBe(10);
    expect(g.report.unattributed).toBe(0);
    expect(g.report.touchpoints).toBe(27);
    expect(g.report.halfLife).toBe(1);
    expect(g.report.halfLifeUnit).toBe('steps');
    expect(g.report.channels).toEqual(['a', 'b', 'c', 'd']);
    expect(g.report.byFromStage).toEqual({});
    expect(g.report.transitions).toEqual([]);
  });

  it('malformed rows are listed with their data row numbers and excluded', () => {
    expect(g.malformed).toBe(5);
    expect(g.issues).toEqual([
      { row: 5, message: 'Row 5: the path "a >  > b" has an empty step.' },
      { row: 6, message: 'Row 6: the path is empty.' },
      { row: 7, message: 'Row 7: total_conversions "-2" is negative.' },
      { row: 8, message: 'Row 8: total_conversions "abc" is not a number.' },
      { row: 8, message: 'Row 8: total_null "x" is not a number.' },
      { row: 9, message: 'Row 9: total_conversion_value "1,5" is not a number.' },
    ]);
  });

  it('the SQL issues are exactly parsePathsCsvRows issues on the same file, models too', async () => {
    const text = fixture('mixed.csv');
    const js = parsePathsCsvRows(splitRows(text, ';'));
    expect(g.issues).toEqual(js.issues);
    const r = runModels(js.paths);
    for (const m of MODELS)
      for (const c of r.channels) {
        near(conv(m, c), r.models[m][c].conversions, 1e-9);
        near(value(m, c), r.models[m][c].value, 1e-9);
      }
  });

  it('last touch', () => {
    // Row 1 → c (4, 40); row 2 → c (2, 10); row 3 → c (1, 3); row 10 → b (3, 6).
    expect([conv('lastTouch', 'a'), value('lastTouch', 'a')]).toEqual([0, 0]);
    expect([conv('lastTouch', 'b'), value('lastTouch', 'b')]).toEqual([3, 6]);
    expect([conv('lastTouch', 'c'), value('lastTouch', 'c')]).toEqual([7, 53]);
    expect([conv('lastTouch', 'd'), value('lastTouch', 'd')]).toEqual([0, 0]);
  });

  it('first touch', () => {
    // Row 1 → a (4, 40); row 2 → b (2, 10); row 3 → c (1, 3); row 10 → b (3, 6).
    expect([conv('firstTouch', 'a'), value('firstTouch', 'a')]).toEqual([4, 40]);
    expect([conv('firstTouch', 'b'), value('firstTouch', 'b')]).toEqual([5, 16]);
    expect([conv('firstTouch', 'c'), value('firstTouch', 'c')]).toEqual([1, 3]);
    expect(conv('firstTouch', 'd')).toBe(0);
  });

  it('linear (repeated channels count per touch)', () => {
    // Row 1: 1/4 per touch; a has 2 touches → 2/4 · 4 = 2 (value 20); b 1 (10); c 1 (10).
    // Row 2: b, c 1/2 each → 1 (5) each. Row 3: c 1 (3). Row 10: b twice → 3 (6).
    // a = 2 (20); b = 1 + 1 + 3 = 5 (10 + 5 + 6 = 21); c = 1 + 1 + 1 = 3 (10 + 5 + 3 = 18).
    near(conv('linear', 'a'), 2);
    near(value('linear', 'a'), 20);
    near(conv('linear', 'b'), 5);
    near(value('linear', 'b'), 21);
    near(conv('linear', 'c'), 3);
    near(value('linear', 'c'), 18);
    near(conv('linear', 'd'), 0);
  });

  it('position-based (1 touch 100%, 2 touches 50/50, ≥ 3: 40/20/40)', () => {
    // Row 1 (4 touches a b a c): a .4 (first) + .1 (middle), b .1, c .4
    //   → a .5 · 4 = 2 (20), b .4 (4), c 1.6 (16).
    // Row 2 (2 touches): b 1 (5), c 1 (5). Row 3 (1 touch): c 1 (3). Row 10 (b b): b 3 (6).
    // a = 2 (20); b = .4 + 1 + 3 = 4.4 (4 + 5 + 6 = 15); c = 1.6 + 1 + 1 = 3.6 (16 + 5 + 3 = 24).
    near(conv('positionBased', 'a'), 2);
    near(value('positionBased', 'a'), 20);
    near(conv('positionBased', 'b'), 4.4);
    near(value('positionBased', 'b'), 15);
    near(conv('positionBased', 'c'), 3.6);
    near(value('positionBased', 'c'), 24);
  });

  it('time decay, half-life 1 step', () => {
    // Weight 2^(−d), d = steps before the conversion.
    // Row 1: a (d 3) 1/8, b (d 2) 1/4, a (d 1) 1/2, c (d 0) 1; sum 15/8
    //   → a (1/8 + 1/2)/(15/8) = 1/3, b 2/15, c 8/15; × 4: a 4/3, b 8/15, c 32/15;
    //   × 40: a 40/3, b 16/3, c 64/3.
    // Row 2: b 1/2, c 1; sum 3/2 → b 1/3, c 2/3; × 2: 2/3, 4/3; × 10: 10/3, 20/3.
    // Row 3: c (1, 3). Row 10: b (3, 6).
    // a = 4/3 (40/3); b = 8/15 + 10/15 + 45/15 = 21/5 (16/3 + 10/3 + 6 = 44/3);
    // c = 32/15 + 20/15 + 15/15 = 67/15 (64/3 + 20/3 + 3 = 31). Σ = 20/15 + 63/15 + 67/15 = 10.
    near(conv('timeDecay', 'a'), 4 / 3);
    near(value('timeDecay', 'a'), 40 / 3);
    near(conv('timeDecay', 'b'), 21 / 5);
    near(value('timeDecay', 'b'), 44 / 3);
    near(conv('timeDecay', 'c'), 67 / 15);
    near(value('timeDecay', 'c'), 31);
  });

  it('time decay, half-life 2 steps', async () => {
    // Weight 2^(−d/2): d 0 → 1, d 1 → s = 1/√2, d 2 → 1/2, d 3 → s/2.
    // Row 1: a s/2 + s = 3s/2, b 1/2, c 1; sum (3/2)(1 + s); 1/(1 + s) = √2/(√2 + 1) = 2 − √2.
    //   a = s/(1 + s) = √2 − 1; b = (2 − √2)/3; c = 2(2 − √2)/3 (sum 1). × 4 conversions.
    // Row 2: b s/(1 + s) = √2 − 1, c 2 − √2; × 2.  Row 3: c 1.  Row 10: b 3.
    const r = await attribute(fixture('mixed.csv'), 'g2.csv', 2);
    const S = Math.SQRT2;
    const a = 4 * (S - 1);
    const b = (4 * (2 - S)) / 3 + 2 * (S - 1) + 3;
    const c = (8 * (2 - S)) / 3 + 2 * (2 - S) + 1;
    expect(r.report.halfLife).toBe(2);
    near(r.report.models.timeDecay.a.conversions, a);
    near(r.report.models.timeDecay.b.conversions, b);
    near(r.report.models.timeDecay.c.conversions, c);
    near(a + b + c, 10); // the hand algebra conserves the 10 conversions
    // The half-life does not touch the other models.
    expect(r.report.models.linear).toEqual(g.report.models.linear);
  });

  it('reach per channel and the conversion rate', () => {
    // Journeys per valid row: 1 → 6, 2 → 2, 3 → 6, 4 → 4, 10 → 4 (each path once per channel).
    // a: rows 1, 4 → 10; b: rows 1, 2, 10 → 12; c: rows 1, 2, 3 → 14; d: row 4 → 4.
    for (const m of MODELS) {
      expect(g.report.models[m].a.reach).toBe(10);
      expect(g.report.models[m].b.reach).toBe(12);
      expect(g.report.models[m].c.reach).toBe(14);
      expect(g.report.models[m].d.reach).toBe(4);
    }
    // Linear b: 5 conversions / 12 journeys.
    near(g.report.models.linear.b.rate ?? NaN, 5 / 12);
    expect(g.report.models.lastTouch.d.rate).toBe(0);
  });

  it('Markov transitions, aggregated (self loop kept)', async () => {
    // start→a 6 (row 1), start→b 2 + 4 = 6 (rows 2, 10), start→c 6 (row 3), start→d 4 (row 4).
    // Row 1 (6 journeys): a→b 6, b→a 6, a→c 6; c→conv 4, c→null 2.
    // Row 2 (2): b→c 2; c→conv 2, c→null 0.  Row 3: c→conv 1, c→null 5.
    // Row 4 (4): d→a 4; a→conv 0, a→null 4.  Row 10 (4): b→b 4; b→conv 3, b→null 1.
    const ds = await loadCsv(api, fixture('mixed.csv'), 'gt.csv');
    const t = (await runner.all(buildPathTransitionsSql(ds)))
      .map((r) => `${String(r.from)}→${String(r.to)} ${Number(r.n)}`)
      .sort();
    expect(t).toEqual(
      [
        `${START}→a 6`,
        `${START}→b 6`,
        `${START}→c 6`,
        `${START}→d 4`,
        'a→b 6',
        'a→c 6',
        `a→${CONVERSION} 0`,
        `a→${NULL} 4`,
        'b→a 6',
        'b→b 4',
        'b→c 2',
        `b→${CONVERSION} 3`,
        `b→${NULL} 1`,
        `c→${CONVERSION} 7`,
        `c→${NULL} 7`,
        'd→a 4',
      ].sort(),
    );
    const reach = await runner.all(buildPathReachSql(ds));
    expect(reach.map((r) => [r.channel, r.reach])).toEqual([
      ['a', 10],
      ['b', 12],
      ['c', 14],
      ['d', 4],
    ]);
    const [tot] = await runner.all(buildPathTotalsSql(ds));
    expect(tot).toMatchObject({ attributed: 10, unattributed: 0, value: 59, touchpoints: 27 });
    expect(tot.journeys).toBe(22);
  });

  it('Markov removal effects and credits, solved by hand', () => {
    // Probabilities — start: a, b, c 6/22 each, d 4/22; a (out 16): b 6/16, c 6/16, null 4/16;
    // b (out 16): a 6/16, b 4/16, c 2/16, conv 3/16, null 1/16; c: conv 1/2, null 1/2; d: a 1.
    // x_c = 1/2; x_a = 3/8 x_b + 3/16; 12 x_b = 6 x_a + 4 → x_b = x_a/2 + 1/3
    //   → x_a = 3/16 x_a + 5/16 → x_a = 5/13, x_b = 41/78, x_d = 5/13.
    // P = (6·5/13 + 6·41/78 + 6·1/2 + 4·5/13)/22 = (50/13 + 41/13 + 3)/22 = 10/22.
    // Remove a: x_b = 1/3, x_d = 0 → P = (6·1/3 + 6·1/2)/22 = 5/22 → RE 1/2.
    // Remove b: x_a = 3/16 = x_d → P = (18/16 + 3 + 12/16)/22 = 39/176 → RE 1 − 39/80 = 41/80.
    // Remove c: x_b = x_a/2 + 1/4, x_a = 3/8 x_b → x_a = 3/26, x_b = 4/13
    //   → P = (18/26 + 48/26 + 12/26)/22 = 3/22 → RE 7/10.
    // Remove d: P = (10 − 4·5/13)/22 = (110/13)/22 → RE 1 − 11/13 = 2/13.
    // Σ RE = (520 + 533 + 728 + 160)/1040 = 1941/1040; credit = 10 · RE/ΣRE:
    // a 5200/1941, b 5330/1941, c 7280/1941, d 1600/1941; value × 59/10.
    const mk = g.report.markov;
    near(mk.baseConversionRate, 10 / 22, 1e-12);
    near(mk.removalEffects.a, 1 / 2, 1e-12);
    near(mk.removalEffects.b, 41 / 80, 1e-12);
    near(mk.removalEffects.c, 7 / 10, 1e-12);
    near(mk.removalEffects.d, 2 / 13, 1e-12);
    near(conv('markov', 'a'), 5200 / 1941, 1e-9);
    near(conv('markov', 'b'), 5330 / 1941, 1e-9);
    near(conv('markov', 'c'), 7280 / 1941, 1e-9);
    near(conv('markov', 'd'), 1600 / 1941, 1e-9);
    near(value('markov', 'c'), (7280 / 1941) * 5.9, 1e-9);
  });

  it('every model spreads exactly the 10 conversions and the value 59', () => {
    for (const m of MODELS) {
      const cs = g.report.channels.map((c) => g.report.models[m][c]);
      near(
        cs.reduce((s, x) => s + x.conversions, 0),
        10,
        1e-9,
      );
      near(
        cs.reduce((s, x) => s + (x.value ?? NaN), 0),
        59,
        1e-9,
      );
    }
  });

  it('formats a readable table', () => {
    const text = formatPathAttribution(g);
    expect(text).toContain('10 conversions');
    expect(text).toMatch(/channel\s+reach\s+last touch/);
    expect(text).toContain('Conversion value by model:');
    expect(text).toContain('5 malformed rows were left out');
    expect(text).toContain('Row 8: total_null "x" is not a number.');
  });
});

describe('validation edge cases agree with parsePathsCsvRows', () => {
  it('JS white space, exponents, non-finite numbers, missing cells, header case', async () => {
    // Row 1: NBSP and tab around channels are trimmed like JS trim → a > b, valid.
    // Row 2: 1e1 conversions = 10, "+2" nulls, ".5" value → valid.
    // Row 3: 1e999 is not finite.  Row 4: no value/null cells (missing column cells) → valid.
    // Row 5: "a >" trailing empty step.  Row 6: conversions empty (required).  Row 7: "-0" is
    // not negative → valid with 0.  Row 8: "1.2.3" not a number.  Row 9: " inf " not a number.
    const text = [
      'Path,TOTAL_CONVERSIONS,Total_Conversion_Value,total_null',
      '\u00a0a\t>  b\u00a0,1,2,0',
      'c,1e1,.5,+2',
      'a,1e999,1,0',
      'b,3',
      'a >,1,0,0',
      'b,,1,1',
      'c,-0,0,1',
      'a,1.2.3,0,0',
      'a, inf ,0,0',
    ].join('\n');
    const sql = await attribute(text, 'edge.csv');
    const js = parsePathsCsvRows(splitRows(text, ','));
    expect(sql.issues).toEqual(js.issues);
    expect(sql.issues.map((i) => i.row)).toEqual([3, 5, 6, 8, 9]);
    expect(sql.malformed).toBe(5);
    const r = runModels(js.paths);
    expect(sql.report.channels).toEqual(r.channels);
    expect(sql.report.conversions).toBe(r.totalConversions); // 1 + 10 + 3 + 0 = 14
    expect(sql.report.conversions).toBe(14);
    for (const m of MODELS)
      for (const c of r.channels)
        near(sql.report.models[m][c].conversions, r.models[m][c].conversions, 1e-9);
  });

  it('lists at most 20 malformed rows but counts them all', async () => {
    // 25 rows with an empty path (rows 1…25) then one valid row 26.
    const text = ['path,total_conversions', ...Array(25).fill('  ,1'), 'x,2'].join('\n');
    const { report, issues, malformed } = await attribute(text, 'many.csv');
    expect(malformed).toBe(25);
    expect(issues).toHaveLength(20);
    expect(issues[19]).toEqual({ row: 20, message: 'Row 20: the path is empty.' });
    expect(report.conversions).toBe(2);
    expect(report.models.lastTouch.x.conversions).toBe(2);
  });

  it('the issues SQL returns nothing for a clean table', async () => {
    const ds = await loadCsv(api, 'path,total_conversions\na,1\n', 'clean.csv');
    expect(await runner.all(buildPathIssuesSql(ds))).toEqual([]);
  });

  it('rejects a non-positive half-life', async () => {
    const ds = await loadCsv(api, 'path,total_conversions\na,1\n', 'hl.csv');
    await expect(
      runPathAttribution(runner, { table: ds.table, columns: ds.columns, halfLife: 0 }),
    ).rejects.toThrow(/half-life/);
  });
});

describe('property: every model spreads exactly the attributed conversions', () => {
  it('random path tables', async () => {
    const row = fc.record({
      path: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 6 }),
      conversions: fc.integer({ min: 0, max: 9 }),
      value: fc.integer({ min: 0, max: 500 }),
      nulls: fc.integer({ min: 0, max: 9 }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(0.5, 1, 3),
        async (rows, halfLife) => {
          const text = [
            'path,total_conversions,total_conversion_value,total_null',
            ...rows.map((r) => `${r.path.join(' > ')},${r.conversions},${r.value / 10},${r.nulls}`),
          ].join('\n');
          const { report, malformed } = await attribute(text, `prop${run++}.csv`, halfLife);
          const conv = rows.reduce((s, r) => s + r.conversions, 0);
          const value = rows.reduce((s, r) => s + r.value / 10, 0);
          expect(malformed).toBe(0);
          expect(report.conversions).toBe(conv);
          for (const m of MODELS) {
            const cs = report.channels.map((c) => report.models[m][c]);
            const sum = cs.reduce((s, x) => s + x.conversions, 0);
            // Markov spreads nothing when no journey converts (all removal effects 0).
            const want = m === 'markov' && report.markov.baseConversionRate === 0 ? 0 : conv;
            expect(Math.abs(sum - want), m).toBeLessThan(1e-9);
            const vsum = cs.reduce((s, x) => s + (x.value ?? NaN), 0);
            const vwant = m === 'markov' && report.markov.baseConversionRate === 0 ? 0 : value;
            expect(Math.abs(vsum - vwant), m).toBeLessThan(1e-6);
          }
        },
      ),
      { numRuns: 30, seed: 4711 },
    );
  });
});

const DATA = path.resolve(import.meta.dirname, '../../../../shared/data');
const DEMO = path.join(DATA, 'channelattribution_demo_paths.csv');
const HAS_DATA = existsSync(DEMO);

describe('ChannelAttribution demo paths (../shared/data)', () => {
  it.skipIf(!HAS_DATA)(
    `SQL equals the JS models on all 10,000 paths${HAS_DATA ? '' : ' [SKIPPED: ../shared/data is absent]'}`,
    async () => {
      const text = readFileSync(DEMO, 'utf8');
      const { report, issues, malformed } = await attribute(text, 'demo_paths.csv');
      const js = parsePathsCsvRows(splitRows(text, ';'));
      expect(issues).toEqual([]);
      expect(malformed).toBe(0);
      // README: 10,000 paths, 19,785 conversions, 68,602 nulls, 12 channels.
      expect(report.conversions).toBe(19_785);
      expect(report.channels).toHaveLength(12);
      const alpha = report.models.lastTouch.alpha;
      expect(alpha.reach).toBeGreaterThan(0);
      const r = runModels(js.paths);
      expect(report.channels).toEqual(r.channels);
      for (const m of MODELS)
        for (const c of r.channels) {
          near(report.models[m][c].conversions, r.models[m][c].conversions, 1e-6);
          near(report.models[m][c].value, r.models[m][c].value, 1e-6);
        }
      near(report.markov.baseConversionRate, r.markov.baseConversionRate, 1e-12);
      for (const c of r.channels)
        near(report.markov.removalEffects[c], r.markov.removalEffects[c], 1e-9);
      // Flow conservation: 19,785 / (19,785 + 68,602) journeys.
      near(report.markov.baseConversionRate, 19_785 / 88_387, 1e-12);
    },
  );
});
