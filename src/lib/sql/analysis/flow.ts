/**
 * DOMAIN.md §4 "Operational metrics: flow between T1 < T2": each user's stage at T1 and at T2
 * ("none" where there is no stage), from the §2 stage assignment at both dates.
 */
import type { BuiltSql } from '../types';
import { buildOrderNetSql } from './events';
import { RANK } from './rules';
import { buildStageAssignmentSql, type StageSpec } from './stages';

/** A flow between two as-of dates for one brand. */
export interface FlowSpec extends Omit<StageSpec, 'asOf'> {
  from: string;
  to: string;
}

const rankCase = (col: string) =>
  `CASE ${col} ${Object.entries(RANK)
    .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
    .join(' ')} END`;

/**
 * One row per user with a stage at T1 or T2: (user_id, s1, s2, r1, r2, purchased), where
 * `purchased` = a purchase occasion of the brand dated in (T1, T2], as of T2.
 */
export function buildFlowUsersSql(spec: FlowSpec): BuiltSql {
  const a = buildStageAssignmentSql({ ...spec, asOf: spec.from });
  const b = buildStageAssignmentSql({ ...spec, asOf: spec.to });
  const net = buildOrderNetSql(spec.to, spec.moneyAvailable);
  return {
    sql: `WITH s1 AS (${a.sql}), s2 AS (${b.sql}),
buyers AS (
  SELECT DISTINCT user_id FROM (${net.sql}) o
  WHERE o.occasion AND o.brand = ? AND o.date > CAST(? AS DATE) AND o.date <= CAST(? AS DATE)
)
SELECT coalesce(s1.user_id, s2.user_id) AS user_id,
  coalesce(s1.stage, 'none') AS s1, coalesce(s2.stage, 'none') AS s2,
  ${rankCase("coalesce(s1.stage, 'none')")} AS r1, ${rankCase("coalesce(s2.stage, 'none')")} AS r2,
  coalesce(s1.user_id, s2.user_id) IN (SELECT user_id FROM buyers) AS purchased
FROM s1 FULL OUTER JOIN s2 ON s1.user_id = s2.user_id`,
    params: [...a.params, ...b.params, ...net.params, spec.brand, spec.from, spec.to],
  };
}

/** The flow matrix: users by (stage at T1, stage at T2), "none" for no stage. */
export function buildFlowMatrixSql(spec: FlowSpec): BuiltSql {
  const f = buildFlowUsersSql(spec);
  return {
    sql: `SELECT s1, s2, count(*)::BIGINT AS users FROM (${f.sql}) GROUP BY s1, s2 ORDER BY s1, s2`,
    params: f.params,
  };
}

/**
 * Per stage at T1: size, deepened (rank rose), stayed, regressed (to a lower stage, O included),
 * lost (to none), and purchasers in (T1, T2].
 */
export function buildFlowByStageSql(spec: FlowSpec): BuiltSql {
  const f = buildFlowUsersSql(spec);
  return {
    sql: `SELECT s1 AS stage, count(*)::BIGINT AS size,
  count(*) FILTER (WHERE r2 > r1)::BIGINT AS deepened,
  count(*) FILTER (WHERE r2 = r1)::BIGINT AS stayed,
  count(*) FILTER (WHERE r2 < r1 AND s2 <> 'none')::BIGINT AS regressed,
  count(*) FILTER (WHERE s2 = 'none')::BIGINT AS lost,
  count(*) FILTER (WHERE purchased)::BIGINT AS purchasers
FROM (${f.sql}) WHERE s1 <> 'none' GROUP BY s1 ORDER BY s1`,
    params: f.params,
  };
}

/** Distinct dates of the brand's purchase occasions in (T1, T2], as of T2. */
export function buildOccasionDatesSql(spec: FlowSpec): BuiltSql {
  const net = buildOrderNetSql(spec.to, spec.moneyAvailable);
  return {
    sql: `SELECT DISTINCT strftime(date, '%Y-%m-%d') AS date FROM (${net.sql})
WHERE occasion AND brand = ? AND date > CAST(? AS DATE) AND date <= CAST(? AS DATE) ORDER BY date`,
    params: [...net.params, spec.brand, spec.from, spec.to],
  };
}

/** The day before a YYYY-MM-DD date. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * GMV contribution (DOMAIN.md §4): net GMV of purchase occasions dated in (T1, T2] (as of T2),
 * by the buyer's stage on the day before the order's date ("none" = no stage then). `dates`
 * are the occasion dates (buildOccasionDatesSql); one stage assignment is made per date.
 */
export function buildGmvContributionSql(spec: FlowSpec, dates: string[]): BuiltSql {
  const net = buildOrderNetSql(spec.to, spec.moneyAvailable);
  const params: (string | number | boolean | null)[] = [
    ...net.params,
    spec.brand,
    spec.from,
    spec.to,
  ];
  const parts = dates.map((d) => {
    const a = buildStageAssignmentSql({ ...spec, asOf: dayBefore(d) });
    params.push(d, ...a.params);
    return `SELECT CAST(? AS DATE) AS order_date, a.user_id, a.stage FROM (${a.sql}) a`;
  });
  const stages = parts.length
    ? parts.join('\nUNION ALL\n')
    : `SELECT CAST(NULL AS DATE) AS order_date, CAST(NULL AS VARCHAR) AS user_id, CAST(NULL AS VARCHAR) AS stage WHERE false`;
  return {
    sql: `WITH o AS (
  SELECT user_id, date, net FROM (${net.sql})
  WHERE occasion AND brand = ? AND date > CAST(? AS DATE) AND date <= CAST(? AS DATE)
), st AS (
${stages}
)
SELECT coalesce(st.stage, 'none') AS stage, count(*)::BIGINT AS orders, sum(o.net)::DOUBLE AS gmv
FROM o LEFT JOIN st ON st.user_id = o.user_id AND st.order_date = o.date
GROUP BY 1 ORDER BY 1`,
    params,
  };
}
