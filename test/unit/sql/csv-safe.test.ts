/**
 * CSV written by the engine (the clean-events export, audiences) neutralises formula-like text the
 * same way csvCell does for tables exported from the page: a leading `'` on text starting with
 * `=`, `+`, `-`, `@`, tab or CR; numbers and NULLs untouched.
 */
import { expect, it } from 'vitest';
import { nodeEngine } from '../engine/node-engine';
import { toRows } from '../../../src/lib/engine/rows';
import { buildCsvSafeSql } from '../../../src/lib/sql/csv';
import { plain } from '../../../src/lib/sql/types';

it('prefixes formula-like text with an apostrophe and leaves numbers and NULLs alone', async () => {
  const api = await nodeEngine();
  const values = ['=1+1', '+x', '-y', '@z', '\tt', '\rr', 'ok', 'a=b', ''];
  const src = plain(
    `SELECT * FROM (VALUES ${values
      .map((v, i) => `(${i}, '${v.replace(/'/g, "''")}', -5)`)
      .join(', ')}, (99, NULL, NULL)) t(i, txt, num) ORDER BY i`,
  );
  const r = await api.query({ id: 'x', ...buildCsvSafeSql(src, ['txt']) });
  if (!r.ok) throw new Error(r.error.message);
  const rows = toRows(r.value);
  expect(rows.map((x) => x.txt)).toEqual([
    "'=1+1",
    "'+x",
    "'-y",
    "'@z",
    "'\tt",
    "'\rr",
    'ok',
    'a=b',
    '',
    null,
  ]);
  expect(rows.map((x) => x.num)).toEqual([...values.map(() => -5), null]);
  // No text columns: the query is unchanged.
  expect(buildCsvSafeSql(src, [])).toBe(src);
});
