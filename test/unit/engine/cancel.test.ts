/**
 * A view's stale request is cancelled by its id: a statement still queued behind another never
 * starts (it fails as CANCELLED), nor does any later statement of that request, and the statements
 * of other requests are untouched. Without the
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
  // The mark stays: a later statement of the cancelled request (say, its clean-up) never runs
  // either, so it cannot undo the work of the request that replaced it.
  const later = await api.exec({ id: 'view-2', sql: 'CREATE TABLE should_not_exist AS SELECT 1' });
  expect(later.ok).toBe(false);
  if (!later.ok) expect(later.error.code).toBe('CANCELLED');
  const tables = await api.query({
    id: 'check',
    sql: "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'should_not_exist'",
  });
  expect(tables.ok && toRows(tables.value)[0].n).toBe(0);
});
