/**
 * The shareable HTML report (issue #8 item 6): self-contained (no script, no external reference),
 * aggregates only (no user id from the data), every section with its numbers, markup in names
 * escaped, both languages; the fingerprint is order-independent and changes with the data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { DEMO_MAPPING, loadCsv, makeRunner, rows } from '../sql/runner';
import { inspectDataset } from '../../../src/lib/report/inspect';
import { buildHtmlReport } from '../../../src/lib/report/html/run';
import { analyzeDocument } from '../../../src/lib/report/analyze';
import { renderHtmlReport } from '../../../src/lib/report/html/render';
import { translator } from '../../../src/lib/i18n/format';
import { buildFingerprintSql } from '../../../src/lib/sql/analysis/overview';
import { generateDemoCsv } from '../../../src/lib/demo/generate';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { SqlRunner } from '../../../src/lib/report/runner';

let api: EngineApi;
let runner: SqlRunner;
const ctx = {
  dataset: { label: 'demo.csv', files: [{ name: 'demo.csv', bytes: 1234 }], rows: 20_000 },
  config: null,
  generatedAt: '2026-11-23 00:00:00 UTC',
  engine: 'test',
};
const OPTS = { brand: 'Stride', asOf: '2024-06-30', from: '2024-05-31', to: '2024-06-30' };

async function load(text: string, name: string) {
  const ds = await loadCsv(api, text, name);
  return inspectDataset(runner, ds.table, ds.columns, DEMO_MAPPING);
}

beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

describe('renderHtmlReport on the demo', () => {
  let html: string;
  let doc: Awaited<ReturnType<typeof analyzeDocument>>;
  let anId: string;
  beforeAll(async () => {
    const inspect = await load([...generateDemoCsv({ events: 20_000 })].join(''), 'demo.csv');
    doc = await analyzeDocument(runner, inspect, OPTS);
    html = await buildHtmlReport(runner, inspect, OPTS, ctx, translator('en'));
    anId = String((await rows(runner, 'SELECT user_id FROM events LIMIT 1'))[0].user_id);
  }, 120_000);

  it('is one self-contained document: no script, no external URL, a CSP that allows none', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
  });

  it('holds aggregates only: no user id of the data appears', () => {
    expect(anId.length).toBeGreaterThan(3);
    expect(html).not.toContain(anId);
  });

  it('shows every section with the analysis numbers', () => {
    for (const h of [
      'Asset scale at 2024-06-30',
      'Flow over (2024-05-31, 2024-06-30]',
      'Mindshare and DeEP asset value',
      'Journeys to the first purchase',
      'Attribution of stage transitions',
      'RFM value',
      'Config',
    ])
      expect(html).toContain(h);
    const n = (v: number) => v.toLocaleString('en');
    // The stage table row of I: its count (the document's number, formatted).
    expect(html).toMatch(new RegExp(`<td>I</td><td class="num">${n(doc.stages.counts.I)}</td>`));
    expect(html).toContain(`<b>${n(doc.attribution!.conversions)}</b>`);
  });

  it('renders in 简体中文 with lang="zh-CN"', () => {
    const zh = renderHtmlReport(
      doc,
      { ...ctx, fingerprint: { events: 1, first: null, last: null, hash: '0' } },
      translator('zh-CN'),
    );
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('首购旅程');
    expect(zh).toContain('阶段转化归因');
  });
});

describe('escaping and the fingerprint', () => {
  const HEAD = 'user_id,ts,action,brand,category,channel,amount,order_id';
  const lines = [
    'u1,2024-06-01T10:00:00Z,view,<img src=x onerror=alert(1)>,C,search,,',
    'u1,2024-06-02T10:00:00Z,purchase,<img src=x onerror=alert(1)>,C,search,10,o1',
    'u2,2024-06-03T10:00:00Z,view,<img src=x onerror=alert(1)>,C,feed,,',
  ];
  const mapping = {
    ...DEMO_MAPPING,
    columns: {
      user_id: 'user_id',
      ts: 'ts',
      action: 'action',
      brand: 'brand',
      category: 'category',
      channel: 'channel',
      amount: 'amount',
      order_id: 'order_id',
    },
  };

  it('escapes markup in a brand name', async () => {
    const ds = await loadCsv(api, [HEAD, ...lines].join('\n'), 'markup.csv');
    const inspect = await inspectDataset(runner, ds.table, ds.columns, mapping);
    const html = await buildHtmlReport(
      runner,
      inspect,
      { asOf: '2024-06-03' },
      ctx,
      translator('en'),
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('does not depend on row order and changes with the data', async () => {
    const fp = async (body: string[], name: string) => {
      const ds = await loadCsv(api, [HEAD, ...body].join('\n'), name);
      await inspectDataset(runner, ds.table, ds.columns, mapping);
      return (await runner.all(buildFingerprintSql()))[0];
    };
    const a = await fp(lines, 'a.csv');
    const b = await fp([lines[2], lines[0], lines[1]], 'b.csv');
    const c = await fp([lines[0], lines[1], lines[2].replace('feed', 'search')], 'c.csv');
    expect(a).toEqual(b);
    expect(a.events).toBe(3);
    expect(a.first).toBe('2024-06-01 10:00:00');
    expect(a.last).toBe('2024-06-03 10:00:00');
    expect(String(a.hash)).toMatch(/^[0-9a-f]{16}$/);
    expect(c.hash).not.toBe(a.hash);
  });
});
