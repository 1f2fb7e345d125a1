/**
 * The versioned config users download, upload and keep in the URL hash
 * (src/lib/mapping/config.ts): validation and normalisation, the check against a file's columns,
 * and the base64url hash round trip.
 */
import { describe, expect, it } from 'vitest';
import {
  checkMappingAgainstColumns,
  decodeConfigHash,
  emptyMapping,
  encodeConfigHash,
  validateConfig,
  type AssetflowConfig,
  type ConfigIssue,
  type Mapping,
} from '../../../src/lib/mapping/config';

/** A valid config written out by hand, with everything optional filled in. */
const full = () => ({
  version: 1,
  mapping: {
    layout: 'uci-online-retail',
    columns: {
      user_id: 'CustomerID',
      ts: 'InvoiceDate',
      amount: 'UnitPrice',
      order_id: 'InvoiceNo',
    },
    amountTimes: 'Quantity',
    actionConstant: 'purchase',
    actions: { pv: 'view', buy: 'purchase' },
    tsUnit: 'ms',
    returns: { quantityColumn: 'Quantity', invoiceColumn: 'InvoiceNo', cancelPrefix: 'C' },
    singleBrandName: 'Retail',
  },
  analysis: { brand: 'Retail', asOf: '2011-12-09', from: '2011-01-01', to: '2011-06-30' },
});

/** Returns the issues of a rejected config (and fails if it was accepted). */
function issuesOf(raw: unknown): ConfigIssue[] {
  const r = validateConfig(raw);
  if (r.ok) throw new Error(`expected a rejection, got ${JSON.stringify(r.config)}`);
  return r.issues;
}

/** Returns the config of an accepted config (and fails with the issues if it was rejected). */
function configOf(raw: unknown): AssetflowConfig {
  const r = validateConfig(raw);
  if (!r.ok) throw new Error(`expected acceptance, got ${JSON.stringify(r.issues)}`);
  return r.config;
}

describe('validateConfig: accepts', () => {
  it('a full valid config, unchanged', () => {
    expect(configOf(full())).toEqual(full());
  });

  it('a minimal config, filling the defaults', () => {
    expect(
      configOf({ version: 1, mapping: { columns: { user_id: 'u', ts: 't', action: 'a' } } }),
    ).toEqual({
      version: 1,
      mapping: {
        layout: 'generic',
        columns: { user_id: 'u', ts: 't', action: 'a' },
        actions: {},
        tsUnit: 's',
        singleBrandName: 'All',
      },
      analysis: {},
    });
  });

  it('trims raw action keys and drops empty action values', () => {
    const c = configOf({
      version: 1,
      mapping: { actions: { '  pv ': 'view', 'buy\t': 'purchase', skip: '', gone: null } },
    });
    expect(c.mapping.actions).toEqual({ pv: 'view', buy: 'purchase' });
  });

  it('drops empty column mappings', () => {
    const c = configOf({
      version: 1,
      mapping: { columns: { user_id: 'u', ts: 't', brand: '', category: null } },
    });
    expect(c.mapping.columns).toEqual({ user_id: 'u', ts: 't' });
  });

  it("defaults a missing or blank singleBrandName to 'All' and trims a given one", () => {
    expect(configOf({ version: 1, mapping: {} }).mapping.singleBrandName).toBe('All');
    expect(
      configOf({ version: 1, mapping: { singleBrandName: '   ' } }).mapping.singleBrandName,
    ).toBe('All');
    expect(
      configOf({ version: 1, mapping: { singleBrandName: ' Acme ' } }).mapping.singleBrandName,
    ).toBe('Acme');
  });

  it('drops unknown top-level and analysis fields', () => {
    const c = configOf({
      version: 1,
      mapping: {},
      extra: 1,
      analysis: { asOf: '2020-01-31', x: 2 },
    });
    expect(c).not.toHaveProperty('extra');
    expect(c.analysis).toEqual({ asOf: '2020-01-31' });
  });
});

describe('validateConfig: rejects', () => {
  it.each([
    ['null', null],
    ['an array', [1]],
    ['a string', '{"version":1}'],
    ['a number', 1],
  ])('%s as not an object', (_name, raw) => {
    expect(issuesOf(raw)).toEqual([{ path: '', message: expect.stringMatching(/JSON object/) }]);
  });

  it('a missing version', () => {
    const issues = issuesOf({ mapping: {} });
    expect(issues.map((i) => i.path)).toEqual(['version']);
    expect(issues[0].message).toMatch(/version/i);
  });

  it('a newer version, saying so and naming both versions', () => {
    const issues = issuesOf({ ...full(), version: 7 });
    expect(issues.map((i) => i.path)).toEqual(['version']);
    expect(issues[0].message).toMatch(/newer/);
    expect(issues[0].message).toMatch(/\b7\b/);
    expect(issues[0].message).toMatch(/\b1\b/);
  });

  it('an older, unsupported version', () => {
    const issues = issuesOf({ ...full(), version: 0 });
    expect(issues.map((i) => i.path)).toEqual(['version']);
    expect(issues[0].message).not.toMatch(/newer/);
  });

  it('a missing mapping', () => {
    expect(issuesOf({ version: 1 }).map((i) => i.path)).toEqual(['mapping']);
  });

  it('an unknown canonical column, naming it', () => {
    const c = full();
    (c.mapping.columns as Record<string, string>).customer = 'CustomerID';
    const issues = issuesOf(c);
    expect(issues.map((i) => i.path)).toEqual(['mapping.columns.customer']);
    expect(issues[0].message).toContain('"customer"');
  });

  it('a column mapping that is not a string', () => {
    const c = full();
    (c.mapping.columns as Record<string, unknown>).brand = 3;
    expect(issuesOf(c).map((i) => i.path)).toEqual(['mapping.columns.brand']);
  });

  it('a non-canonical action value, naming the raw value and the bad action', () => {
    const c = full();
    (c.mapping.actions as Record<string, string>).addtocart = 'basket';
    const issues = issuesOf(c);
    expect(issues.map((i) => i.path)).toEqual(['mapping.actions.addtocart']);
    expect(issues[0].message).toContain('addtocart');
    expect(issues[0].message).toContain('basket');
  });

  it('a non-canonical actionConstant', () => {
    const c = { ...full(), mapping: { ...full().mapping, actionConstant: 'buy' } };
    const issues = issuesOf(c);
    expect(issues.map((i) => i.path)).toEqual(['mapping.actionConstant']);
    expect(issues[0].message).toContain('buy');
  });

  it.each(['seconds', 'us', 1000])('the tsUnit %s', (tsUnit) => {
    const c = { ...full(), mapping: { ...full().mapping, tsUnit } };
    expect(issuesOf(c).map((i) => i.path)).toEqual(['mapping.tsUnit']);
  });

  it('an unknown layout', () => {
    const c = { ...full(), mapping: { ...full().mapping, layout: 'shopify' } };
    const issues = issuesOf(c);
    expect(issues.map((i) => i.path)).toEqual(['mapping.layout']);
    expect(issues[0].message).toContain('shopify');
  });

  it('incomplete returns', () => {
    const c = {
      ...full(),
      mapping: { ...full().mapping, returns: { quantityColumn: 'Quantity' } },
    };
    expect(issuesOf(c).map((i) => i.path)).toEqual(['mapping.returns']);
  });

  it.each([
    ['asOf', '2011/12/09'],
    ['asOf', '9 Dec 2011'],
    ['from', '2011-1-1'],
    ['to', 20110630],
    ['to', '2011-06-30T00:00:00Z'],
  ])('a bad date in analysis.%s (%s)', (key, value) => {
    const c = { ...full(), analysis: { ...full().analysis, [key]: value } };
    const issues = issuesOf(c);
    expect(issues.map((i) => i.path)).toEqual([`analysis.${key}`]);
    expect(issues[0].message).toContain('YYYY-MM-DD');
  });

  it('and lists every problem at once', () => {
    const issues = issuesOf({
      version: 2,
      mapping: { columns: { who: 'x' }, actions: { a: 'b' }, tsUnit: 'h' },
      analysis: { asOf: 'today' },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'version',
      'mapping.columns.who',
      'mapping.actions.a',
      'mapping.tsUnit',
      'analysis.asOf',
    ]);
  });
});

describe('checkMappingAgainstColumns', () => {
  const m = (over: Partial<Mapping>): Mapping => ({ ...emptyMapping(), ...over });

  it('finds nothing wrong with a complete mapping onto existing columns', () => {
    expect(
      checkMappingAgainstColumns(m({ columns: { user_id: 'u', ts: 't', action: 'a' } }), [
        'u',
        't',
        'a',
        'extra',
      ]),
    ).toEqual([]);
  });

  it('names a mapped column that is not in the file, and lists the columns that are', () => {
    const issues = checkMappingAgainstColumns(
      m({ columns: { user_id: 'u', ts: 't', action: 'a', brand: 'Brand Name' } }),
      ['u', 't', 'a'],
    );
    expect(issues.map((i) => i.path)).toEqual(['mapping.columns.brand']);
    expect(issues[0].message).toContain('"Brand Name"');
    expect(issues[0].message).toContain('brand');
    expect(issues[0].message).toContain('u, t, a');
  });

  it('asks for each required column that is not mapped', () => {
    const issues = checkMappingAgainstColumns(m({}), ['u', 't', 'a']);
    expect(issues.map((i) => i.path)).toEqual([
      'mapping.columns.user_id',
      'mapping.columns.ts',
      'mapping.columns.action',
    ]);
    expect(issues[0].message).toContain('user_id');
    expect(issues[1].message).toContain('ts');
    expect(issues[2].message).toContain('action');
  });

  it('accepts an actionConstant in place of an action column', () => {
    expect(
      checkMappingAgainstColumns(
        m({ columns: { user_id: 'u', ts: 't' }, actionConstant: 'purchase' }),
        ['u', 't'],
      ),
    ).toEqual([]);
  });

  it('names a missing amountTimes column and missing returns columns', () => {
    const issues = checkMappingAgainstColumns(
      m({
        columns: { user_id: 'u', ts: 't' },
        actionConstant: 'purchase',
        amountTimes: 'Qty',
        returns: { quantityColumn: 'Qty', invoiceColumn: 'Invoice', cancelPrefix: 'C' },
      }),
      ['u', 't', 'Invoice'],
    );
    expect(issues).toEqual([
      { path: 'mapping.amountTimes', message: expect.stringContaining('"Qty"') },
      { path: 'mapping.returns', message: expect.stringContaining('"Qty"') },
    ]);
  });
});

describe('encodeConfigHash / decodeConfigHash', () => {
  const cfg = (): AssetflowConfig => ({
    version: 1,
    mapping: {
      ...emptyMapping(),
      columns: { user_id: '用户', ts: 'Zeit', action: 'acción', brand: '品牌' },
      actions: { 浏览: 'view', 'achète é': 'purchase' },
      singleBrandName: 'Café 品牌',
    },
    analysis: { brand: '品牌 é', asOf: '2024-02-29' },
  });

  it('round-trips a config with non-ASCII text', () => {
    expect(decodeConfigHash(encodeConfigHash(cfg()))).toEqual(cfg());
  });

  it('produces URL-safe text with no padding', () => {
    const h = encodeConfigHash(cfg());
    expect(h).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('round-trips whatever the length modulo 3 (every padding case)', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd']) {
      const c = { ...cfg(), analysis: { brand: name } };
      expect(decodeConfigHash(encodeConfigHash(c))).toEqual(c);
    }
  });

  it('tolerates a leading #config= or #', () => {
    const h = encodeConfigHash(cfg());
    expect(decodeConfigHash(`#config=${h}`)).toEqual(cfg());
    expect(decodeConfigHash(`config=${h}`)).toEqual(cfg());
    expect(decodeConfigHash(`#${h}`)).toEqual(cfg());
  });

  it('decodes base64url of hand-written JSON', () => {
    // btoa('{"version":1}') = 'eyJ2ZXJzaW9uIjoxfQ==' → base64url without padding.
    expect(decodeConfigHash('eyJ2ZXJzaW9uIjoxfQ')).toEqual({ version: 1 });
  });

  it.each(['', '#', '#config=', 'not base64!', '%%%%', 'aGVsbG8'])(
    'returns null for the garbage hash %j',
    (h) => {
      expect(decodeConfigHash(h)).toBeNull();
    },
  );
});

describe('config rfm options (DOMAIN.md §9)', () => {
  const base = {
    version: 1,
    mapping: { columns: { user_id: 'u', ts: 't', action: 'a' } },
    analysis: {},
  };
  it('accepts partial options and fills the §9 defaults', () => {
    const v = validateConfig({ ...base, rfm: { k: 3 } });
    expect(v.ok).toBe(true);
    if (v.ok)
      expect(v.config.rfm).toMatchObject({
        method: 'equal-frequency',
        k: 3,
        tiers: { high: 0.2, medium: 0.5 },
      });
  });
  it('names each bad field', () => {
    const v = validateConfig({
      ...base,
      rfm: {
        tiers: { high: 0.6, medium: 0.5 },
        weights: { R: 0, F: 0, M: 0 },
        segments: [{ name: 'X', R: [3, 1], F: [1, 5], M: [1, 5] }],
      },
    });
    expect(v.ok).toBe(false);
    if (!v.ok)
      expect(v.issues.map((i) => i.path)).toEqual(['rfm.weights', 'rfm.tiers', 'rfm.segments[0]']);
  });
});

describe('validateConfig: named periods (analysis.periods)', () => {
  const withPeriods = (periods: unknown) => ({
    ...full(),
    analysis: { ...full().analysis, periods },
  });

  it('keeps valid periods, trimming names', () => {
    const c = configOf(
      withPeriods([
        { name: ' Spring promo ', from: '2011-03-31', to: '2011-04-07' },
        { name: 'Q2', from: '2011-03-31', to: '2011-06-30' },
      ]),
    );
    expect(c.analysis.periods).toEqual([
      { name: 'Spring promo', from: '2011-03-31', to: '2011-04-07' },
      { name: 'Q2', from: '2011-03-31', to: '2011-06-30' },
    ]);
  });

  it('rejects a period whose T1 is not before T2, or with no name, saying where', () => {
    const issues = issuesOf(
      withPeriods([
        { name: 'ok', from: '2011-01-01', to: '2011-01-08' },
        { name: 'backwards', from: '2011-02-08', to: '2011-02-01' },
        { name: '', from: '2011-01-01', to: '2011-01-08' },
        null,
      ]),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('analysis.periods[1].to');
    expect(paths).toContain('analysis.periods[2].name');
    expect(paths.some((p) => p.startsWith('analysis.periods[3]'))).toBe(true);
    expect(paths.some((p) => p.startsWith('analysis.periods[0]'))).toBe(false);
  });

  it('rejects periods that are not a list', () => {
    expect(issuesOf(withPeriods({ name: 'x' })).map((i) => i.path)).toEqual(['analysis.periods']);
  });
});
