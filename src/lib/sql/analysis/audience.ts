/**
 * Audiences (issue #8 item 5): the user ids behind a number on screen, for the hand-over to an ad
 * platform — the users of a stage at T (§2), of a flow cell or outcome (§4), of a journey class or
 * the repeat buyers (§6). RFM tiers and segments have buildRfmAudienceSql. Every audience can be
 * written with the ids hashed: SHA-256 of the id's text as it is in the cleaned events (UTF-8,
 * lowercase hex), the form platforms take for hashed ids.
 */
import { inlineParams, literal } from '../params';
import type { BuiltSql } from '../types';
import { buildFlowUsersSql, type FlowSpec } from './flow';
import { buildJourneyUsersSql, occasionsSql, type JourneySpec, type JourneyType } from './journeys';
import { buildStageAssignmentSql, type StageSpec } from './stages';
import type { Stage } from './rules';

/** A flow cell's stage: a stage, or 'none' (no stage). */
export type FlowCell = Stage | 'none';
/** A §4 outcome of a user with a stage at T1. */
export type FlowOutcome = 'deepened' | 'stayed' | 'regressed' | 'lost' | 'notDeepened';

/** Which users of a flow: a T1 cell, a T2 cell and/or an outcome (all optional, ANDed). */
export interface FlowPick {
  from?: FlowCell;
  to?: FlowCell;
  outcome?: FlowOutcome;
}

/** A journey class, or 'repeat' for the repeat buyers. */
export type JourneyPick = JourneyType | 'repeat';

const OUTCOME: Record<FlowOutcome, string> = {
  deepened: 'r2 > r1',
  stayed: 'r2 = r1',
  regressed: 'r2 < r1 AND r2 > 0',
  lost: 'r2 = 0',
  notDeepened: 'r2 <= r1',
};

/** Wraps an audience (a `user_id` column first) so that the ids are SHA-256 hex digests. */
export function hashedAudience(q: BuiltSql): BuiltSql {
  return {
    sql: `SELECT sha256(CAST(user_id AS VARCHAR)) AS user_id_sha256, * EXCLUDE (user_id)
FROM (${inlineParams(q)}) ORDER BY user_id_sha256`,
    params: [],
  };
}

/** The users of `stage` at T: (user_id, stage), by user id. */
export function buildStageAudienceSql(spec: StageSpec, stage: Stage): BuiltSql {
  return {
    sql: `SELECT user_id, stage FROM (${inlineParams(buildStageAssignmentSql(spec))})
WHERE stage = ${literal(stage)} ORDER BY user_id`,
    params: [],
  };
}

/**
 * The users of a flow picked by T1 cell, T2 cell and/or outcome (§4: deepened = rank rose; the
 * outcomes need a stage at T1): (user_id, stage_t1, stage_t2, purchased), by user id.
 */
export function buildFlowAudienceSql(spec: FlowSpec, pick: FlowPick): BuiltSql {
  const conds = [`brand = ${literal(spec.brand)}`];
  if (pick.from) conds.push(`s1 = ${literal(pick.from)}`);
  if (pick.to) conds.push(`s2 = ${literal(pick.to)}`);
  if (pick.outcome) conds.push('r1 > 0', OUTCOME[pick.outcome]);
  return {
    sql: `SELECT user_id, s1 AS stage_t1, s2 AS stage_t2, purchased
FROM (${inlineParams(buildFlowUsersSql(spec))})
WHERE ${conds.join(' AND ')} ORDER BY user_id`,
    params: [],
  };
}

/**
 * The first-time buyers of one journey class in (T1, T2] (§6): (user_id, journey, gmv, steps); or,
 * for 'repeat', the repeat buyers: (user_id, occasions, gmv) — by user id.
 */
export function buildJourneyAudienceSql(spec: JourneySpec, pick: JourneyPick): BuiltSql {
  if (pick === 'repeat') {
    const gmv = spec.moneyAvailable ? 'CAST(sum(net) AS DOUBLE)' : 'CAST(NULL AS DOUBLE)';
    return {
      sql: `SELECT user_id, count(*)::BIGINT AS occasions, ${gmv} AS gmv
FROM (${occasionsSql(spec)})
WHERE k > 1 AND date > CAST(${literal(spec.from)} AS DATE) AND date <= CAST(${literal(spec.to)} AS DATE)
GROUP BY user_id ORDER BY user_id`,
      params: [],
    };
  }
  return {
    sql: `SELECT user_id, journey, CAST(gmv AS DOUBLE) AS gmv, steps
FROM (${inlineParams(buildJourneyUsersSql(spec))})
WHERE journey = ${literal(pick)} ORDER BY user_id`,
    params: [],
  };
}
