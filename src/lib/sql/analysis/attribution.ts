/**
 * DOMAIN.md §7 "Attribution of stage transitions", for one brand over (T1, T2].
 *
 * Three working tables, built once and read by every model:
 * 1. `af_att_flow`: each user's stage at T1 and T2 (the §4 flow users).
 * 2. `af_att_conv`: the conversions — users whose rank rose into a brand stage (D…K) — with their
 *    trigger: the first event in (T1, T2] (by timestamp, then file order) at which the new
 *    stage's rule holds, evaluated on that event's date with the user's events up to and
 *    including it. Every condition is counted with running window sums (no per-event re-scan):
 *    count in the window at event e = matches up to e − matches dated on or before date(e) − w.
 * 3. `af_att_touch`: the touchpoints — the converter's brand events with a channel dated in the
 *    15 days ending on the trigger's date, up to and including the trigger.
 * The heuristic credits, the Markov transition counts, the reach and the totals are then small
 * aggregates; only the Markov solve (a (channels + 3)² system) runs outside SQL.
 */
import { literal, inlineParams } from '../params';
import { plain, type BuiltSql } from '../types';
import { T, ORDER_KEY } from './events';
import { buildFlowUsersSql, type FlowSpec } from './flow';
import { BRAND_STAGES, type Condition, type RuleSet, type Stage } from './rules';
import { quoteLiteral } from '../ident';

/** Touchpoints are the brand's channel events in this many days ending on the conversion date. */
export const TOUCH_WINDOW = 15;
/** Time decay: a touch Δ before the trigger weighs 2^(−Δ / half-life). */
export const DEFAULT_HALF_LIFE_DAYS = 7;
/** The group name of "every from-stage together". */
export const ALL = 'all';
/** Groups by target stage (the stage at T2) are named `to:<stage>`, apart from the from-stages. */
export const TO_PREFIX = 'to:';

/** The working tables of §7. */
export const ATT = {
  flow: 'af_att_flow',
  conv: 'af_att_conv',
  touch: 'af_att_touch',
} as const;

/** One brand's transitions over (T1, T2]. */
export type AttributionSpec = Omit<FlowSpec, 'brands'>;

type BrandStage = Exclude<Stage, 'O'>;

const lit = (v: string | number) => literal(v);
const dateLit = (d: string) => `CAST(${lit(d)} AS DATE)`;

/** The conditions a stage's rule needs (its own and, with `requires`, the required stage's). */
function holdsExpr(rules: RuleSet, stage: BrandStage, cond: (s: BrandStage) => string): string {
  const req = rules[stage].requires;
  return req ? `(${cond(stage)} AND ${cond(req)})` : cond(stage);
}

/** 1. The flow users at T1 and T2 (§4), kept for the conversions and the Markov null paths. */
export function buildAttributionFlowTableSql(spec: AttributionSpec): BuiltSql {
  const f = buildFlowUsersSql({ ...spec, brands: [spec.brand] });
  return plain(`CREATE OR REPLACE TEMP TABLE ${ATT.flow} AS
SELECT user_id, s1, s2, r1, r2, gmv FROM (${inlineParams(f)})`);
}

/**
 * 2. The conversions (§7) with their trigger event: (user_id, s1, s2, trigger_row, trigger_ts,
 * trigger_date, value); `value` is the converter's brand GMV over the period (§4's GMV: net of
 * purchase occasions dated in (T1, T2], as of T2; 0 without purchases or money), which the models
 * spread like the conversion itself for ROI (issue #8). The trigger is NULL only if no event in (T1, T2] makes the rule hold (a rule
 * edited so that it holds once old events leave its window).
 */
export function buildConversionsSql(spec: AttributionSpec): BuiltSql {
  const { rules } = spec;
  const t1 = dateLit(spec.from);
  const t2 = dateLit(spec.to);
  const brand = lit(spec.brand);
  const stages = BRAND_STAGES as readonly BrandStage[];
  const maxWindow = Math.max(...stages.map((s) => rules[s].window));

  const flags: string[] = []; // ev1: per-row match flags (and first-match-of-the-day flags)
  const counts: string[] = []; // ev2: per-row window counts
  const occCols: string[] = []; // occ: per-row occasion counts
  const condHolds: Record<string, string[]> = {};
  let maxOcc = 0;
  const occStages = new Set<BrandStage>();
  for (const s of stages) {
    condHolds[s] = [];
    const w = rules[s].window;
    rules[s].any.forEach((c: Condition, i) => {
      const name = `c_${s}_${i}`;
      if (c.occasions) {
        maxOcc = Math.max(maxOcc, w);
        occStages.add(s);
        occCols.push(
          `count(*) FILTER (WHERE odate > edate - ${lit(w)}${spec.moneyAvailable ? ' AND net > 0' : ''})::BIGINT AS ${name}`,
        );
        const lo = c.occasions.min ?? 0;
        const hi = c.occasions.max;
        condHolds[s].push(
          `(coalesce(${name}, 0) >= ${lo}${hi === undefined ? '' : ` AND coalesce(${name}, 0) <= ${hi}`})`,
        );
        return;
      }
      const match = `(action IN (${(c.actions ?? []).map(quoteLiteral).join(', ')})${c.minDurationS !== undefined ? ` AND coalesce(duration_s >= ${lit(c.minDurationS)}, false)` : ''})`;
      flags.push(`${match} AS m_${name}`);
      const running = (col: string) =>
        `(sum(${col}::INTEGER) OVER (PARTITION BY user_id ORDER BY ts, row_no ROWS UNBOUNDED PRECEDING) - coalesce(sum(${col}::INTEGER) OVER (PARTITION BY user_id ORDER BY dn RANGE BETWEEN UNBOUNDED PRECEDING AND ${lit(w)} PRECEDING), 0))`;
      counts.push(`${running(`m_${name}`)} AS ${name}`);
      if (c.distinctDays) {
        flags.push(
          `${match} AND sum(${match}::INTEGER) OVER (PARTITION BY user_id, dn ORDER BY ts, row_no ROWS UNBOUNDED PRECEDING) = 1 AS f_${name}`,
        );
        counts.push(`${running(`f_${name}`)} AS ${name}_days`);
        condHolds[s].push(`(${name} >= ${c.min ?? 1} AND ${name}_days >= ${c.distinctDays})`);
      } else condHolds[s].push(`(${name} >= ${c.min ?? 1})`);
    });
  }
  const cond = (s: BrandStage) => `(${condHolds[s].join(' OR ')})`;
  const holds = `CASE target ${stages.map((s) => `WHEN '${s}' THEN ${holdsExpr(rules, s, cond)}`).join(' ')} ELSE false END`;
  // Targets whose rule (or required rule) counts purchase occasions.
  const occTargets = stages.filter((s) => {
    const req = rules[s].requires;
    return occStages.has(s) || (req !== undefined && occStages.has(req));
  });

  const targets = occTargets.map(quoteLiteral).join(', ');
  const upTo = (a: string) => `(${a}.ts < r.ts OR (${a}.ts = r.ts AND ${a}.row_no <= r.row_no))`;
  // An order exists from its first row; at event r its amount is the sum of its rows up to r, less
  // the refunds up to r (§1), so a row that adds money later cannot trigger early.
  const occSql = occTargets.length
    ? `, order_rows AS (
  SELECT e.user_id, ${ORDER_KEY.replaceAll('order_id', 'e.order_id').replaceAll('row_no', 'e.row_no')} AS order_key,
    e.ts, e.row_no, coalesce(e.amount, 0) AS amount
  FROM ${T.events} e
  JOIN (SELECT DISTINCT user_id FROM conv WHERE target IN (${targets})) c ON c.user_id = e.user_id
  WHERE e.brand = ${brand} AND e.action = 'purchase' AND e.date <= ${t2}
), orders_dated AS (
  SELECT *, CAST(min(ts) OVER (PARTITION BY user_id, order_key) AS DATE) AS odate FROM order_rows
), cand AS (
  SELECT user_id, row_no, ts, date FROM ev WHERE date > ${t1} AND target IN (${targets})
), occ_join AS (
  SELECT r.user_id, r.row_no, r.date AS edate, o.order_key, any_value(o.odate) AS odate, sum(o.amount) AS amount
  FROM cand r
  JOIN orders_dated o ON o.user_id = r.user_id AND o.odate > r.date - ${lit(maxOcc)} AND ${upTo('o')}
  GROUP BY r.user_id, r.row_no, r.date, o.order_key
), ref_join AS (
  SELECT r.user_id, r.row_no, f.order_key, sum(f.amount) AS refunded
  FROM cand r
  JOIN ${T.refunds} f ON f.brand = ${brand} AND f.user_id = r.user_id AND ${upTo('f')}
  GROUP BY r.user_id, r.row_no, f.order_key
), occ AS (
  SELECT j.user_id, j.row_no${occCols.map((c) => `,\n    ${c}`).join('')}
  FROM (
    SELECT j.*, j.amount - coalesce(x.refunded, 0) AS net FROM occ_join j
    LEFT JOIN ref_join x ON x.user_id = j.user_id AND x.row_no = j.row_no AND x.order_key = j.order_key
  ) j
  GROUP BY j.user_id, j.row_no
)`
    : `, occ AS (SELECT NULL::VARCHAR AS user_id, NULL::BIGINT AS row_no WHERE false)`;

  const sql = `WITH conv AS (
  SELECT user_id, s1, s2, s2 AS target, gmv FROM ${ATT.flow} WHERE r2 > r1 AND s2 NOT IN ('O', 'none')
), ev AS (
  SELECT e.user_id, e.row_no, e.ts, e.date, e.action, e.duration_s, c.target,
    datediff('day', DATE '1970-01-01', e.date) AS dn
  FROM ${T.events} e JOIN conv c ON c.user_id = e.user_id
  WHERE e.brand = ${brand} AND e.date <= ${t2} AND e.date > ${t1} - ${lit(maxWindow)}
), ev1 AS (
  SELECT *${flags.map((f) => `,\n    ${f}`).join('')}
  FROM ev
), ev2 AS (
  SELECT user_id, row_no, ts, date, target${counts.map((c) => `,\n    ${c}`).join('')}
  FROM ev1
)${occSql}, hit AS (
  SELECT ev2.user_id, ev2.row_no, ev2.ts, ev2.date
  FROM ev2 LEFT JOIN occ ON occ.user_id = ev2.user_id AND occ.row_no = ev2.row_no
  WHERE ev2.date > ${t1} AND ${holds}
  QUALIFY row_number() OVER (PARTITION BY ev2.user_id ORDER BY ev2.ts, ev2.row_no) = 1
)
SELECT c.user_id, c.s1, c.s2, h.row_no AS trigger_row, h.ts AS trigger_ts, h.date AS trigger_date,
  coalesce(c.gmv, 0)::DOUBLE AS value
FROM conv c LEFT JOIN hit h ON h.user_id = c.user_id`;
  return plain(sql);
}

/** 2'. The conversions as a working table. */
export function buildConversionsTableSql(spec: AttributionSpec): BuiltSql {
  return plain(`CREATE OR REPLACE TEMP TABLE ${ATT.conv} AS ${buildConversionsSql(spec).sql}`);
}

/**
 * 3. The touchpoints (§7): (user_id, from_stage, to_stage, channel, pos, k, dt_s, value) — the
 * converter's brand events with a channel dated in the 15 days ending on the trigger's date, up
 * to and including the trigger (timestamp, then file order); pos 1…k in that order; dt_s the
 * exact seconds from the touch to the trigger; value the conversion's (see 2).
 */
export function buildTouchesTableSql(spec: AttributionSpec): BuiltSql {
  return plain(`CREATE OR REPLACE TEMP TABLE ${ATT.touch} AS
SELECT c.user_id, c.s1 AS from_stage, c.s2 AS to_stage, e.channel,
  row_number() OVER (PARTITION BY c.user_id ORDER BY e.ts, e.row_no) AS pos,
  count(*) OVER (PARTITION BY c.user_id) AS k,
  (epoch_ms(c.trigger_ts) - epoch_ms(e.ts)) / 1000.0 AS dt_s, c.value
FROM ${ATT.conv} c
JOIN ${T.events} e ON e.user_id = c.user_id AND e.brand = ${lit(spec.brand)} AND e.channel IS NOT NULL
  AND e.date > c.trigger_date - ${lit(TOUCH_WINDOW)}
  AND (e.ts < c.trigger_ts OR (e.ts = c.trigger_ts AND e.row_no <= c.trigger_row))`);
}

/** Grouping-set label: the from-stage, `to:<to-stage>`, or {@link ALL}. */
const groupCol = (from: string, to?: string) =>
  `CASE WHEN grouping(${from}) = 0 THEN ${from}${
    to ? ` WHEN grouping(${to}) = 0 THEN '${TO_PREFIX}' || ${to}` : ''
  } ELSE '${ALL}' END`;

/**
 * Heuristic credit per (from-stage, channel), per (to-stage, channel) and over all conversions:
 * last touch, first touch, linear (1/k per touch), time decay (2^(−Δ/half-life) normalised per
 * conversion) and position-based (1; ½ ½; 40% first, 40% last, 20% shared by the middle). Each
 * model's `v_<model>` column spreads the conversions' value (GMV) by the same weights.
 */
export function buildAttributionCreditsSql(halfLifeDays = DEFAULT_HALF_LIFE_DAYS): BuiltSql {
  const w = `pow(2.0, -dt_s / ${lit(halfLifeDays * 86400)})`;
  const weights: [string, string][] = [
    ['lastTouch', 'CASE WHEN pos = k THEN 1.0 ELSE 0.0 END'],
    ['firstTouch', 'CASE WHEN pos = 1 THEN 1.0 ELSE 0.0 END'],
    ['linear', '1.0::DOUBLE / k'],
    ['timeDecay', 'w / wsum'],
    [
      'positionBased',
      'CASE WHEN k = 1 THEN 1.0 WHEN k = 2 THEN 0.5 WHEN pos = 1 OR pos = k THEN 0.4 ELSE 0.2::DOUBLE / (k - 2) END',
    ],
  ];
  const cols = weights.flatMap(([m, x]) => [
    `sum(${x})::DOUBLE AS "${m}"`,
    `sum((${x}) * value)::DOUBLE AS "v_${m}"`,
  ]);
  return plain(`SELECT ${groupCol('from_stage', 'to_stage')} AS "group", channel,
  ${cols.join(',\n  ')}
FROM (SELECT *, ${w} AS w, sum(${w}) OVER (PARTITION BY user_id) AS wsum FROM ${ATT.touch})
GROUP BY GROUPING SETS ((from_stage, channel), (to_stage, channel), (channel))
ORDER BY 1, 2`);
}

/**
 * Markov transitions per from-stage and overall: each converter's touches end in conversion;
 * each user with a brand channel event in (T1, T2] who did not convert contributes those events'
 * channels (in order, repeats kept) ending in null, under their stage at T1 ("none" if none).
 * Per to-stage (`to:<stage>`): the converting paths into that stage and every null path (a
 * non-converter has no target stage, so each to-stage model sees them all).
 */
export function buildAttributionTransitionsSql(spec: AttributionSpec): BuiltSql {
  return plain(`WITH paths AS (
  SELECT user_id, from_stage, to_stage, channel, pos, k, true AS converted FROM ${ATT.touch}
  UNION ALL
  SELECT user_id, from_stage, NULL AS to_stage, channel,
    row_number() OVER (PARTITION BY user_id ORDER BY ts, row_no) AS pos,
    count(*) OVER (PARTITION BY user_id) AS k, false AS converted
  FROM (
    SELECT e.user_id, coalesce(f.s1, 'none') AS from_stage, e.channel, e.ts, e.row_no
    FROM ${T.events} e
    LEFT JOIN ${ATT.flow} f ON f.user_id = e.user_id
    WHERE e.brand = ${lit(spec.brand)} AND e.channel IS NOT NULL
      AND e.date > ${dateLit(spec.from)} AND e.date <= ${dateLit(spec.to)}
      AND NOT EXISTS (SELECT 1 FROM ${ATT.conv} c WHERE c.user_id = e.user_id)
  )
), steps AS (
  SELECT from_stage, to_stage, '(start)' AS "from", channel AS "to" FROM paths WHERE pos = 1
  UNION ALL
  SELECT p.from_stage, p.to_stage, p.channel, CASE WHEN p.pos < p.k THEN q.channel WHEN p.converted THEN '(conversion)' ELSE '(null)' END
  FROM paths p LEFT JOIN paths q ON q.user_id = p.user_id AND q.converted = p.converted AND q.pos = p.pos + 1
)
SELECT ${groupCol('from_stage')} AS "group", "from", "to", count(*)::BIGINT AS n
FROM steps GROUP BY GROUPING SETS ((from_stage, "from", "to"), ("from", "to"))
UNION ALL
SELECT '${TO_PREFIX}' || t.to_stage AS "group", s."from", s."to", count(*)::BIGINT AS n
FROM steps s JOIN (SELECT DISTINCT to_stage FROM ${ATT.touch}) t
  ON s.to_stage = t.to_stage OR s.to_stage IS NULL
GROUP BY ALL
ORDER BY 1, 2, 3`);
}

/** Reach: users with a brand event on the channel dated in (T1, T2], by stage at T1 and overall. */
export function buildAttributionReachSql(spec: AttributionSpec): BuiltSql {
  return plain(`SELECT ${groupCol('from_stage')} AS "group", channel, count(DISTINCT user_id)::BIGINT AS reach
FROM (
  SELECT e.user_id, e.channel, coalesce(f.s1, 'none') AS from_stage
  FROM ${T.events} e LEFT JOIN ${ATT.flow} f ON f.user_id = e.user_id
  WHERE e.brand = ${lit(spec.brand)} AND e.channel IS NOT NULL
    AND e.date > ${dateLit(spec.from)} AND e.date <= ${dateLit(spec.to)}
)
GROUP BY GROUPING SETS ((from_stage, channel), (channel))
ORDER BY 1, 2`);
}

/**
 * Conversions per transition (from-stage, to-stage): attributed (≥ 1 touchpoint), unattributed,
 * the touch occurrences, and the value (GMV) of the attributed ones (what Markov spreads).
 */
export function buildAttributionTotalsSql(): BuiltSql {
  return plain(`SELECT c.s1 AS "from", c.s2 AS "to",
  count(*) FILTER (WHERE t.k IS NOT NULL)::BIGINT AS attributed,
  count(*) FILTER (WHERE t.k IS NULL)::BIGINT AS unattributed,
  coalesce(sum(t.k), 0)::BIGINT AS touchpoints,
  coalesce(sum(c.value) FILTER (WHERE t.k IS NOT NULL), 0)::DOUBLE AS value
FROM ${ATT.conv} c
LEFT JOIN (SELECT user_id, max(k) AS k FROM ${ATT.touch} GROUP BY user_id) t ON t.user_id = c.user_id
GROUP BY ALL ORDER BY ALL`);
}

/** The trigger events (§7): conversions per (to-stage, trigger action). */
export function buildAttributionTriggersSql(): BuiltSql {
  return plain(`SELECT c.s2 AS "to", e.action, count(*)::BIGINT AS conversions
FROM ${ATT.conv} c JOIN ${T.events} e ON e.row_no = c.trigger_row
GROUP BY ALL ORDER BY 1, 3 DESC, 2`);
}

/** Removes the working tables (one statement each). */
export function buildAttributionCleanupSql(): BuiltSql[] {
  return Object.values(ATT).map((t) => plain(`DROP TABLE IF EXISTS ${t}`));
}
