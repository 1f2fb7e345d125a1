/**
 * The SQL console caps what leaves the engine: queries are wrapped with LIMIT limit + 1, other
 * statements run as written. Checked by running them on the wasm engine.
 */
import { describe, expect, it } from 'vitest';
import { buildConsoleSql } from '../../../src/lib/sql/console';
import { nodeEngine } from '../engine/node-engine';
import { toRows } from '../../../src/lib/engine/rows';

describe('buildConsoleSql', () => {
  it('wraps queries, leaves other statements alone, and ignores empty text', () => {
    expect(buildConsoleSql('  ')).toBeNull();
    expect(buildConsoleSql(';;')).toBeNull();
    expect(buildConsoleSql('SELECT 1;', 10)?.sql).toBe(
      'SELECT * FROM (\nSELECT 1\n) AS console LIMIT 11',
    );
    expect(buildConsoleSql('-- note\nwith a AS (SELECT 1) SELECT * FROM a')?.sql).toContain(
      'LIMIT 1001',
    );
    expect(buildConsoleSql("SET memory_limit = '1GB'")?.sql).toBe("SET memory_limit = '1GB'");
    expect(buildConsoleSql('CREATE TABLE x AS SELECT 1')?.sql).toBe('CREATE TABLE x AS SELECT 1');
    // Two statements cannot be wrapped: they run as written.
    expect(buildConsoleSql('SELECT 1; SELECT 2')?.sql).toBe('SELECT 1; SELECT 2');
  });

  it('runs on the engine: a big query returns limit + 1 rows; DESCRIBE and SUMMARIZE work wrapped', async () => {
    const api = await nodeEngine();
    const run = async (text: string, limit = 5) => {
      const q = buildConsoleSql(text, limit);
      if (!q) throw new Error('empty');
      const r = await api.query({ id: 'c', ...q });
      if (!r.ok) throw new Error(r.error.message);
      return toRows(r.value);
    };
    expect((await run('SELECT * FROM range(100000)')).length).toBe(6);
    expect((await run('SELECT 42 AS answer'))[0].answer).toBe(42);
    await run('CREATE TABLE t AS SELECT range AS i, range % 3 AS g FROM range(10)');
    expect((await run('DESCRIBE t')).map((r) => r.column_name)).toEqual(['i', 'g']);
    expect((await run('SUMMARIZE t')).length).toBe(2);
    expect(
      (await run('FROM t SELECT g, count(*) AS n GROUP BY g ORDER BY g', 5)).map((r) => r.n),
    ).toEqual([4, 3, 3]);
  });
});
