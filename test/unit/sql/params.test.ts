/**
 * `inlineParams` / `literal` (src/lib/sql/params.ts): every statement the worker and the CLI run
 * goes through this splice, so a `?` found in the wrong place or a badly quoted value would change
 * the query or open it to injection. The expected texts below are written out by hand; the engine
 * block runs the spliced SQL on DuckDB-WASM to show the values come back byte for byte.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { inlineParams, literal } from '../../../src/lib/sql/params';
import { toRows } from '../../../src/lib/engine/rows';
import type { EngineApi } from '../../../src/lib/engine/types';
import type { BuiltSql } from '../../../src/lib/sql/types';
import { nodeEngine } from '../engine/node-engine';

const inline = (sql: string, ...params: BuiltSql['params']) => inlineParams({ sql, params });

describe('literal', () => {
  it('quotes strings, doubling embedded single quotes', () => {
    expect(literal('abc')).toBe("'abc'");
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(literal("''")).toBe("''''''");
    expect(literal('')).toBe("''");
    expect(literal('品牌 é')).toBe("'品牌 é'");
  });

  it('leaves double quotes, backslashes and comment markers inside the quotes as they are', () => {
    expect(literal('say "hi"')).toBe(`'say "hi"'`);
    expect(literal('C:\\dir\\')).toBe("'C:\\dir\\'");
    expect(literal('a -- b /* c */')).toBe("'a -- b /* c */'");
  });

  it('writes numbers, booleans and null as bare SQL', () => {
    expect(literal(42)).toBe('42');
    expect(literal(-3.5)).toBe('(-3.5)');
    expect(literal(0)).toBe('0');
    expect(literal(true)).toBe('TRUE');
    expect(literal(false)).toBe('FALSE');
    expect(literal(null)).toBe('NULL');
  });

  it.each([NaN, Infinity, -Infinity])('rejects the non-finite number %s', (v) => {
    expect(() => literal(v)).toThrow(/finite/);
  });
});

describe('inlineParams', () => {
  it('replaces placeholders in order', () => {
    expect(inline('SELECT ? AS a, ? AS b, ? AS c', 1, 'x', null)).toBe(
      "SELECT 1 AS a, 'x' AS b, NULL AS c",
    );
  });

  it('returns the text unchanged when there are no placeholders and no params', () => {
    expect(inline("SELECT 'a' -- b")).toBe("SELECT 'a' -- b");
  });

  it('escapes a quote inside a string param', () => {
    expect(inline('SELECT * FROM t WHERE name = ?', "O'Brien")).toBe(
      "SELECT * FROM t WHERE name = 'O''Brien'",
    );
  });

  it('does not treat ? inside a single-quoted string as a placeholder', () => {
    expect(inline("SELECT '?' AS q, ? AS v", 7)).toBe("SELECT '?' AS q, 7 AS v");
  });

  it('keeps scanning correctly past doubled quotes inside a string', () => {
    expect(inline("SELECT 'it''s ?', ?", 'x')).toBe("SELECT 'it''s ?', 'x'");
    expect(inline("SELECT '''?''', ?", 1)).toBe("SELECT '''?''', 1");
    expect(inline("SELECT '', ?, ''", 2)).toBe("SELECT '', 2, ''");
  });

  it('does not treat ? inside a double-quoted identifier as a placeholder', () => {
    expect(inline('SELECT "what?" FROM t WHERE "a""?b" = ?', 3)).toBe(
      'SELECT "what?" FROM t WHERE "a""?b" = 3',
    );
  });

  it('does not treat a single quote inside an identifier as opening a string', () => {
    expect(inline(`SELECT "it's" FROM t WHERE x = ?`, 'v')).toBe(
      `SELECT "it's" FROM t WHERE x = 'v'`,
    );
  });

  it('does not treat ? inside a -- comment as a placeholder, up to the end of the line', () => {
    expect(inline('SELECT ? -- why?\n, ? AS b', 1, 2)).toBe('SELECT 1 -- why?\n, 2 AS b');
    expect(inline('SELECT ? -- trailing ?', 1)).toBe('SELECT 1 -- trailing ?');
  });

  it('does not treat ? inside a /* */ comment as a placeholder', () => {
    expect(inline('SELECT /* ? */ ? /* ?\n? */, ?', 'a', 'b')).toBe(
      "SELECT /* ? */ 'a' /* ?\n? */, 'b'",
    );
    expect(inline('SELECT ? /* unterminated ?', 1)).toBe('SELECT 1 /* unterminated ?');
  });

  it('does not treat quotes inside comments as strings', () => {
    expect(inline("SELECT ? -- don't\n, ?", 1, 2)).toBe("SELECT 1 -- don't\n, 2");
    expect(inline("SELECT ? /* it's */, ?", 1, 2)).toBe("SELECT 1 /* it's */, 2");
  });

  it('does not rescan a spliced value for placeholders or comment markers', () => {
    expect(inline('SELECT ?, ?', '?', '-- ?')).toBe("SELECT '?', '-- ?'");
  });

  it('treats a lone - or / as ordinary characters', () => {
    expect(inline('SELECT 6 - ? / 2', 4)).toBe('SELECT 6 - 4 / 2');
  });

  it('writes booleans, null and numbers', () => {
    expect(inline('SELECT ?, ?, ?, ?', true, false, null, -0.25)).toBe(
      'SELECT TRUE, FALSE, NULL, (-0.25)',
    );
  });

  it.each([NaN, Infinity, -Infinity])('rejects the non-finite param %s', (v) => {
    expect(() => inline('SELECT ?', v)).toThrow(/finite/);
  });

  it('throws when there are more placeholders than params', () => {
    expect(() => inline('SELECT ?, ?', 1)).toThrow(/more placeholders than the 1 params/);
    expect(() => inline('SELECT ?')).toThrow(/placeholders/);
  });

  it('throws when there are more params than placeholders', () => {
    expect(() => inline('SELECT ?', 1, 2)).toThrow(/1 placeholders but 2 params/);
    expect(() => inline("SELECT '?'", 1)).toThrow(/0 placeholders but 1 params/);
    expect(() => inline('SELECT 1 -- ?', 1)).toThrow(/0 placeholders but 1 params/);
  });
});

describe('inlined SQL on DuckDB-WASM', () => {
  let api: EngineApi;
  beforeAll(async () => {
    api = await nodeEngine();
  });

  async function run(sql: string, ...params: BuiltSql['params']) {
    const r = await api.query({ id: 'p', sql: inlineParams({ sql, params }) });
    if (!r.ok) throw new Error(`${r.error.message} | ${r.error.detail ?? ''}`);
    return toRows(r.value);
  }

  const nasty = [
    "x'); DROP TABLE t; --",
    "O'Brien",
    "'",
    "''",
    "\\'; DROP TABLE t; --",
    'C:\\dir\\',
    '-- not a comment',
    '/* not a comment */',
    '?',
    '"',
    'line1\nline2',
    '品牌 é 🚀',
    '',
  ];

  it('returns every awkward string exactly as given', async () => {
    for (const s of nasty) {
      const [r] = await run('SELECT ? AS s, length(?) AS n', s, s);
      expect(r, JSON.stringify(s)).toEqual({ s, n: [...s].length });
    }
  });

  it('stores injection attempts as values and leaves the table in place', async () => {
    await run('CREATE OR REPLACE TABLE t (id INTEGER, name VARCHAR)');
    for (let i = 0; i < nasty.length; i++) await run('INSERT INTO t VALUES (?, ?)', i, nasty[i]);
    const back = await run('SELECT id, name FROM t ORDER BY id');
    expect(back).toEqual(nasty.map((name, id) => ({ id, name })));
    const [hit] = await run('SELECT count(*)::INTEGER AS n FROM t WHERE name = ?', nasty[0]);
    expect(hit.n).toBe(1);
  });

  it('leaves ? in strings and comments alone and binds the real placeholders', async () => {
    const [r] = await run(
      "SELECT '?' AS q, 'it''s ?' AS s, ? AS a /* ? */, ? AS b -- ?\n, \"?\" AS c FROM (SELECT 9 AS \"?\")",
      "O'Brien",
      2,
    );
    expect(r).toEqual({ q: '?', s: "it's ?", a: "O'Brien", b: 2, c: 9 });
  });

  it('round-trips numbers, booleans and null', async () => {
    const [r] = await run(
      'SELECT ? AS i, ? AS f, ? AS tiny, ? AS big, ? AS t, ? AS fa, ? IS NULL AS isnull',
      42,
      -3.5,
      1e-7,
      2 ** 40,
      true,
      false,
      null,
    );
    expect(r).toEqual({
      i: 42,
      f: -3.5,
      tiny: 1e-7,
      big: 1_099_511_627_776,
      t: true,
      fa: false,
      isnull: true,
    });
  });

  it('keeps a negative param a number when it directly follows a minus sign', async () => {
    // 10 - (-3) = 13; spliced as "10--3" the rest of the line would become a comment.
    const [r] = await run('SELECT 10-? AS v', -3);
    expect(r.v).toBe(13);
  });
});
