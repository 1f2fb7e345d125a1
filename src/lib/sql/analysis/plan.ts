/**
 * The planner's base period (issue #8, docs/planner.md "Measured inputs"): who bought in (T1, T2]
 * by their §2 stage at T1. A first-time buyer's first-ever occasion (as of T2) is dated in the
 * period (the §6 definition); a repeat buyer has an occasion in the period that is not their first
 * ever. Stage sizes, progression and today's assets come from the §4 flow.
 */
import type { BuiltSql } from '../types';
import { stagesAt, type FlowSpec } from './flow';
import { occasionsSql } from './journeys';
import { literal } from '../params';

const d = (date: string) => `CAST(${literal(date)} AS DATE)`;

/**
 * Per stage at T1 ('none' for no stage) with a buyer in (T1, T2]: (stage, first_buyers,
 * first_gmv, repeat_buyers, repeat_gmv); GMV is the net of the first order, resp. Σ net of the
 * repeat occasions in the period, as of T2 (NULL without money).
 */
export function buildPlanBaseSql(spec: FlowSpec): BuiltSql {
  const money = (expr: string) =>
    spec.moneyAvailable ? `CAST(${expr} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
  return {
    sql: `WITH occs AS (
  ${occasionsSql(spec)}
), per AS (
  SELECT user_id,
    bool_or(k = 1) AS first_buyer, sum(net) FILTER (WHERE k = 1) AS first_net,
    bool_or(k > 1) AS repeat_buyer, coalesce(sum(net) FILTER (WHERE k > 1), 0) AS repeat_net
  FROM occs WHERE date > ${d(spec.from)} AND date <= ${d(spec.to)}
  GROUP BY user_id
), s1 AS (
  SELECT user_id, stage FROM (${stagesAt(spec, spec.from)}) WHERE brand = ${literal(spec.brand)}
)
SELECT coalesce(s1.stage, 'none') AS stage,
  count(*) FILTER (WHERE per.first_buyer)::BIGINT AS first_buyers,
  ${money('coalesce(sum(per.first_net) FILTER (WHERE per.first_buyer), 0)')} AS first_gmv,
  count(*) FILTER (WHERE per.repeat_buyer)::BIGINT AS repeat_buyers,
  ${money('coalesce(sum(per.repeat_net) FILTER (WHERE per.repeat_buyer), 0)')} AS repeat_gmv
FROM per LEFT JOIN s1 ON s1.user_id = per.user_id
GROUP BY ALL ORDER BY stage`,
    params: [],
  };
}
