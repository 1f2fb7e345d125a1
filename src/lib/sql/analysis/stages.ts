/**
 * DOMAIN.md §2 "Stages at an as-of date T" and §3 "asset scale". One pass over the brand's events
 * in the longest window computes every condition's count per user; the deepest stage whose rule
 * holds wins (K > N > I > P > E2 > E1 > D), then O for users with no brand stage but a mapped event
 * in the brand's categories.
 */
import { quoteLiteral } from '../ident';
import type { BuiltSql } from '../types';
import { T, buildOrderNetSql } from './events';
import { BRAND_STAGES, type Condition, type RuleSet, type Stage } from './rules';

/** What a stage assignment is computed for. */
export interface StageSpec {
  brand: string;
  /** As-of date T, YYYY-MM-DD (inclusive). */
  asOf: string;
  rules: RuleSet;
  /** Money mapped: occasions need net > 0; otherwise every order is an occasion. */
  moneyAvailable: boolean;
  /** Only this source's rows (the L view); refunds still link across sources. */
  source?: string;
}

/** Deepest first: the order in which rules are tried. */
const PRECEDENCE = [...BRAND_STAGES].reverse() as Exclude<Stage, 'O'>[];

const actionList = (c: Condition): string => (c.actions ?? []).map(quoteLiteral).join(', ');

/**
 * One row per user with a stage at T: (user_id, stage). Users with no stage are absent.
 * Windows count calendar dates: a w-day window at T is T−w+1 … T.
 */
export function buildStageAssignmentSql(spec: StageSpec): BuiltSql {
  const maxWindow = Math.max(...PRECEDENCE.map((st) => spec.rules[st].window));
  return assemble(spec, spec.rules, maxWindow, buildOrderNetSql(spec.asOf, spec.moneyAvailable));
}

function assemble(spec: StageSpec, rules: RuleSet, maxWindow: number, order: BuiltSql): BuiltSql {
  // Build the statement in text order so that `?` params line up with their values.
  const params: (string | number | boolean | null)[] = [];
  const p = (v: string | number) => {
    params.push(v);
    return '?';
  };
  const t = () => `CAST(${p(spec.asOf)} AS DATE)`;
  const src = () => (spec.source === undefined ? '' : ` AND source = ${p(spec.source)}`);

  const brandEv = `SELECT user_id, action, date, duration_s FROM ${T.events}
    WHERE brand = ${p(spec.brand)} AND date <= ${t()} AND date > ${t()} - ${p(maxWindow)}${src()}`;

  const behCols: string[] = [];
  const holdParts: Record<string, string[]> = {};
  const occConds: { name: string; window: number }[] = [];
  for (const stage of PRECEDENCE) {
    holdParts[stage] = [];
    rules[stage].any.forEach((c, i) => {
      const name = `c_${stage}_${i}`;
      if (c.occasions) {
        occConds.push({ name, window: rules[stage].window });
        const lo = c.occasions.min ?? 0;
        const hi = c.occasions.max;
        holdParts[stage].push(
          `(coalesce(${name}, 0) >= ${lo}${hi === undefined ? '' : ` AND coalesce(${name}, 0) <= ${hi}`})`,
        );
        return;
      }
      const where = () =>
        `action IN (${actionList(c)}) AND date > ${t()} - ${p(rules[stage].window)}${c.minDurationS !== undefined ? ` AND duration_s >= ${p(c.minDurationS)}` : ''}`;
      behCols.push(`count(*) FILTER (WHERE ${where()})::BIGINT AS ${name}`);
      if (c.distinctDays) {
        behCols.push(`count(DISTINCT date) FILTER (WHERE ${where()})::BIGINT AS ${name}_days`);
        holdParts[stage].push(
          `(coalesce(${name}, 0) >= ${c.min ?? 1} AND coalesce(${name}_days, 0) >= ${c.distinctDays})`,
        );
      } else holdParts[stage].push(`(coalesce(${name}, 0) >= ${c.min ?? 1})`);
    });
  }
  const beh = `SELECT user_id${behCols.map((c) => `,\n      ${c}`).join('')}\n    FROM brand_ev GROUP BY user_id`;

  const orderSql = order.sql;
  params.push(...order.params);
  const occ = `SELECT user_id, date FROM (${orderSql}) WHERE occasion AND brand = ${p(spec.brand)}${src()}`;
  const occAgg = `SELECT user_id${occConds.map((o) => `,\n      count(*) FILTER (WHERE date > ${t()} - ${p(o.window)})::BIGINT AS ${o.name}`).join('')}\n    FROM occ GROUP BY user_id`;

  const holds: Record<string, string> = {};
  for (const stage of PRECEDENCE) holds[stage] = `(${holdParts[stage].join(' OR ')})`;
  for (const stage of PRECEDENCE) {
    const req = rules[stage].requires;
    if (req) holds[stage] = `(${holds[stage]} AND (${holdParts[req].join(' OR ')}))`;
  }
  const stageCase = `CASE ${PRECEDENCE.map((s) => `WHEN ${holds[s]} THEN '${s}'`).join('\n      ')} END`;

  const oUsers = `SELECT DISTINCT user_id FROM ${T.events}
    WHERE category IN (SELECT DISTINCT category FROM ${T.events} WHERE brand = ${p(spec.brand)} AND category IS NOT NULL)
      AND date <= ${t()} AND date > ${t()} - ${p(rules.O.window)}${src()}`;

  const sql = `WITH brand_ev AS (
    ${brandEv}
  ), beh AS (
    ${beh}
  ), occ AS (
    ${occ}
  ), occ_agg AS (
    ${occAgg}
  ), u AS (
    SELECT user_id FROM beh UNION SELECT user_id FROM occ_agg
  ), staged AS (
    SELECT u.user_id, ${stageCase} AS stage
    FROM u LEFT JOIN beh ON beh.user_id = u.user_id LEFT JOIN occ_agg ON occ_agg.user_id = u.user_id
  ), o_users AS (
    ${oUsers}
  )
SELECT user_id, stage FROM staged WHERE stage IS NOT NULL
UNION ALL
SELECT user_id, 'O' AS stage FROM o_users
WHERE user_id NOT IN (SELECT user_id FROM staged WHERE stage IS NOT NULL)`;
  return { sql, params };
}

/** Users per stage at T (DOMAIN.md §3 asset scale). */
export function buildStageCountsSql(spec: StageSpec): BuiltSql {
  const a = buildStageAssignmentSql(spec);
  return {
    sql: `SELECT stage, count(*)::BIGINT AS users FROM (${a.sql}) GROUP BY stage ORDER BY stage`,
    params: a.params,
  };
}

/** The sources the brand's rows come from (the L view), most rows first. */
export function buildBrandSourcesSql(brand: string): BuiltSql {
  return {
    sql: `SELECT source, count(*)::BIGINT AS n FROM ${T.events} WHERE brand = ? AND source IS NOT NULL GROUP BY source ORDER BY n DESC, source`,
    params: [brand],
  };
}

/**
 * Cross-platform users (DOMAIN.md §3): users at D…K at T whose brand events in the 365 days
 * before T come from two or more sources.
 */
export function buildCrossPlatformSql(spec: StageSpec): BuiltSql {
  const a = buildStageAssignmentSql({ ...spec, source: undefined });
  return {
    sql: `SELECT count(*)::BIGINT AS users FROM (${a.sql}) s
WHERE s.stage <> 'O' AND (SELECT count(DISTINCT e.source) FROM ${T.events} e
  WHERE e.user_id = s.user_id AND e.brand = ? AND e.source IS NOT NULL
    AND e.date <= CAST(? AS DATE) AND e.date > CAST(? AS DATE) - 365) >= 2`,
    params: [...a.params, spec.brand, spec.asOf, spec.asOf],
  };
}
