/**
 * Example users for "Why is this user here?": a few user ids at one stage at T, taken from the
 * stage assignment (DOMAIN.md §2) so they always agree with the stage counts.
 */
import type { BuiltSql } from '../types';
import type { Stage } from './rules';
import { buildStageAssignmentSql, type StageSpec } from './stages';

/**
 * Up to `limit` user ids at `stage` at T, the smallest ids first (ORDER BY user_id, so the same
 * data always gives the same examples): (user_id).
 */
export function buildStageExamplesSql(spec: StageSpec, stage: Stage, limit = 10): BuiltSql {
  const a = buildStageAssignmentSql(spec);
  return {
    sql: `SELECT user_id FROM (${a.sql}) WHERE stage = ? ORDER BY user_id LIMIT ?`,
    params: [...a.params, stage, Math.max(0, Math.floor(limit))],
  };
}
