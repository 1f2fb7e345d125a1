/**
 * A view's stale request is cancelled by its id: a statement still queued behind another never
 * starts (it fails as CANCELLED), and the statements of other requests are untouched. Without the
 * check at the start of a queued statement, stale flows queued up and the Flow view timed out.
 */
import { expect, it } from 'vitest';
import { nodeEngine } from './node-engine';
import { toRows } from '../../../src/lib/engine/rows';

it('a cancelled request never starts; the others still answer', async () => {
  const api = await nodeEngine();
  const first = api.query({
    id: 'view-1',
    sql: 'SELECT count(DISTINCT i)::DOUBLE AS n FROM range(3000000) t(i)',
  });
  const stale = api.query({ id: 'view-2', sql: 'SELECT 2 AS n' });
  const fresh = api.query({ id: 'view-3', sql: 'SELECT 3 AS n' });
  expect(await api.cancel('view-2')).toBe(false);
  const [a, b, c] = await Promise.all([first, stale, fresh]);
  if (!a.ok || !c.ok) throw new Error('the other requests must answer');
  expect(toRows(a.value)[0].n).toBe(3_000_000);
  expect(b.ok).toBe(false);
  if (!b.ok) expect(b.error.code).toBe('CANCELLED');
  expect(toRows(c.value)[0].n).toBe(3);
  // the mark is gone once the cancelled statement has failed: the id can be used again
  const again = await api.query({ id: 'view-2', sql: 'SELECT 4 AS n' });
  expect(again.ok && toRows(again.value)[0].n).toBe(4);
});
