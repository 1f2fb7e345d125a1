/**
 * DOMAIN.md §9 "RFM value segmentation": per buyer with a purchase occasion of the brand in the
 * 365 days before T, recency R (days from the last occasion to T), frequency F (occasions) and
 * monetary M (their net GMV, or the average order value), each scored 1…k (higher is better), a
 * weighted RFM score, value tiers by position and named segments by score ranges.
 *
 * Scores use integer arithmetic only (money scaled to 1/10,000 as HUGEINT), so bin edges are exact.
 */
import { inlineParams, literal } from '../params';
import type { BuiltSql } from '../types';
import { buildOrderNetSql, MONEY } from './events';
import type { Stage } from './rules';
import { buildStageAssignmentSql } from './stages';
import type { RuleSet } from './rules';

/** How each dimension is cut into scores. */
export type RfmMethod = 'equal-frequency' | 'equal-width' | 'custom';
/** The three RFM dimensions. */
export const RFM_DIMS = ['R', 'F', 'M'] as const;
/** One RFM dimension. */
export type RfmDim = (typeof RFM_DIMS)[number];

/** A named segment: inclusive score ranges per dimension; the first match wins. */
export interface RfmSegment {
  name: string;
  R: [number, number];
  F: [number, number];
  M: [number, number];
}

/** Every RFM choice (part of the config, `rfm`). */
export interface RfmOptions {
  method: RfmMethod;
  /** Scores 1…k for the equal methods (custom: k = cut points + 1, per dimension). */
  k: number;
  /** Ascending cut points per dimension (method `custom`); R in days, F in occasions, M in money. */
  cuts?: Partial<Record<RfmDim, number[]>>;
  /** M = the buyer's total net GMV in the window, or the average per occasion. */
  monetary: 'total' | 'average';
  weights: Record<RfmDim, number>;
  /** Value tiers by position in the score order: high if i ≤ high·n, medium if i ≤ medium·n. */
  tiers: { high: number; medium: number };
  segments: RfmSegment[];
  /** Only users at these DEEPLINK stages at T (none = every buyer). */
  stages?: Stage[];
}

/** DOMAIN.md §9 default segments, in the order they are tried. */
export const DEFAULT_SEGMENTS: RfmSegment[] = [
  { name: 'Champions', R: [5, 5], F: [5, 5], M: [5, 5] },
  { name: 'Potential Loyalist', R: [3, 5], F: [3, 5], M: [2, 5] },
  { name: 'Loyal Customers', R: [2, 4], F: [2, 4], M: [2, 4] },
  { name: 'Promising', R: [3, 4], F: [1, 3], M: [3, 5] },
  { name: 'New Customers', R: [4, 5], F: [1, 3], M: [1, 5] },
  { name: "Can't Lose Them", R: [1, 2], F: [3, 4], M: [4, 5] },
  { name: 'At Risk', R: [1, 2], F: [2, 5], M: [4, 5] },
  { name: 'Need Attention', R: [1, 3], F: [3, 5], M: [3, 5] },
  { name: 'About To Sleep', R: [2, 3], F: [1, 3], M: [1, 4] },
  { name: 'Lost', R: [1, 1], F: [1, 5], M: [1, 5] },
];

/** DOMAIN.md §9 defaults. */
export const DEFAULT_RFM: RfmOptions = {
  method: 'equal-frequency',
  k: 5,
  monetary: 'total',
  weights: { R: 1, F: 1, M: 1 },
  tiers: { high: 0.2, medium: 0.5 },
  segments: DEFAULT_SEGMENTS,
};

/** The segment of users no range matches. */
export const OTHERS = 'Others';
/** RFM looks back 365 days (T−364 … T). */
export const RFM_WINDOW = 365;

/** What an RFM analysis is computed for. */
export interface RfmSpec {
  brand: string;
  asOf: string;
  moneyAvailable: boolean;
  /** Stage rules, for the within-stage restriction. */
  rules: RuleSet;
  rfm: RfmOptions;
}

/** k per dimension: the option's k, or (custom) the number of cut points + 1. */
export function rfmK(o: RfmOptions): Record<RfmDim, number> {
  const per = (d: RfmDim) => (o.method === 'custom' ? (o.cuts?.[d]?.length ?? 0) + 1 : o.k);
  return { R: per('R'), F: per('F'), M: per('M') };
}

/** Money as an exact integer of 1/10,000 units (MONEY has 4 decimals). */
const SCALE = 10_000;

/**
 * The score expression of one dimension over the CTE `v` (columns recency, frequency, m_int).
 * `x` is the integer value; `reverse` scores low values high (R).
 */
function scoreSql(o: RfmOptions, dim: RfmDim, k: number): string {
  const x = dim === 'R' ? 'recency' : dim === 'F' ? 'frequency' : 'm_int';
  const reverse = dim === 'R';
  if (o.method === 'equal-frequency') {
    // RANK(): ties share the lowest rank; R ranks by days descending.
    const rank = `rank() OVER (ORDER BY ${x} ${reverse ? 'DESC' : 'ASC'})`;
    return `CASE WHEN ${x} IS NULL THEN NULL ELSE 1 + (${k} * (${rank} - 1)) // count(${x}) OVER () END`;
  }
  if (o.method === 'equal-width') {
    const lo = `min(${x}) OVER ()`;
    const hi = `max(${x}) OVER ()`;
    const d = reverse ? `(${hi} - ${x})` : `(${x} - ${lo})`;
    return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${hi} = ${lo} THEN 1
      ELSE least(${k}, 1 + (${k} * ${d}) // (${hi} - ${lo})) END`;
  }
  const cuts = o.cuts?.[dim] ?? [];
  const scaled = cuts.map((c) => (dim === 'M' ? Math.round(c * SCALE) : c));
  const below = scaled.length
    ? scaled.map((c) => `(CASE WHEN ${literal(c)} <= ${x} THEN 1 ELSE 0 END)`).join(' + ')
    : '0';
  return `CASE WHEN ${x} IS NULL THEN NULL ELSE ${reverse ? `${k} - (${below})` : `1 + (${below})`} END`;
}

const inRange = (col: string, [lo, hi]: [number, number]) =>
  `${col} BETWEEN ${literal(lo)} AND ${literal(hi)}`;

/** The scored buyers with money as exact decimals (the groups sum these before any float). */
function rfmCoreSql(spec: RfmSpec): string {
  const o = spec.rfm;
  const k = rfmK(o);
  const t = `CAST(${literal(spec.asOf)} AS DATE)`;
  const net = inlineParams(buildOrderNetSql(spec.asOf, spec.moneyAvailable));
  const money = spec.moneyAvailable;
  const restrict = o.stages?.length
    ? `WHERE user_id IN (SELECT user_id FROM (${inlineParams(
        buildStageAssignmentSql({
          brand: spec.brand,
          asOf: spec.asOf,
          rules: spec.rules,
          moneyAvailable: spec.moneyAvailable,
        }),
      )}) WHERE stage IN (${o.stages.map(literal).join(', ')}))`
    : '';
  const mValue =
    o.monetary === 'average'
      ? `CAST(sum(net) / count(*) AS ${MONEY})`
      : `CAST(sum(net) AS ${MONEY})`;
  const w = (d: RfmDim) => `CAST(${literal(o.weights[d])} AS DECIMAL(18,6))`;
  const seg = o.segments
    .map(
      (s) =>
        `WHEN ${inRange('r', s.R)} AND ${inRange('f', s.F)} AND (m IS NULL OR ${inRange('m', s.M)}) THEN ${literal(s.name)}`,
    )
    .join('\n    ');
  const tierCut = (f: number) => `CAST(${literal(f)} AS DECIMAL(18,6)) * n`;
  return `WITH occ AS (
  SELECT user_id, date, net FROM (${net})
  WHERE occasion AND brand = ${literal(spec.brand)} AND date <= ${t} AND date > ${t} - ${RFM_WINDOW}
), base AS (
  SELECT user_id, (${t} - max(date))::INTEGER AS recency, count(*)::INTEGER AS frequency,
    ${money ? mValue : 'CAST(NULL AS DECIMAL(18,4))'} AS monetary,
    ${money ? `CAST(sum(net) AS ${MONEY})` : 'CAST(NULL AS DECIMAL(18,4))'} AS revenue
  FROM occ GROUP BY user_id
), v AS (
  SELECT *, CAST(monetary * ${SCALE} AS HUGEINT) AS m_int FROM base ${restrict}
), scored AS (
  SELECT user_id, recency, frequency, monetary, revenue,
    ${scoreSql(o, 'R', k.R)} AS r,
    ${scoreSql(o, 'F', k.F)} AS f,
    ${scoreSql(o, 'M', k.M)} AS m
  FROM v
), ranked AS (
  SELECT *, ${w('R')} * r + ${w('F')} * f + coalesce(${w('M')} * m, 0) AS score_dec,
    row_number() OVER (ORDER BY ${w('R')} * r + ${w('F')} * f + coalesce(${w('M')} * m, 0) DESC, monetary DESC NULLS LAST, user_id ASC) AS pos,
    count(*) OVER () AS n
  FROM scored
)
SELECT user_id, recency, frequency, monetary, revenue,
  r::INTEGER AS r, f::INTEGER AS f, m::INTEGER AS m, CAST(score_dec AS DOUBLE) AS score, pos::INTEGER AS pos,
  CASE WHEN pos <= ${tierCut(o.tiers.high)} THEN 'high' WHEN pos <= ${tierCut(o.tiers.medium)} THEN 'medium' ELSE 'low' END AS tier,
  CASE ${seg || 'WHEN false THEN NULL'}
    ELSE ${literal(OTHERS)} END AS segment
FROM ranked`;
}

/**
 * One row per scored buyer: user_id, recency, frequency, monetary, revenue (total net GMV), the
 * scores r, f, m, the weighted score, position, tier and segment. Scores are computed on exact
 * integers; money leaves as DOUBLE.
 */
export function buildRfmUsersSql(spec: RfmSpec): BuiltSql {
  return {
    sql: `SELECT * REPLACE (CAST(monetary AS DOUBLE) AS monetary, CAST(revenue AS DOUBLE) AS revenue)
FROM (${rfmCoreSql(spec)})`,
    params: [],
  };
}

/** A selection of scored buyers for an audience: a tier, a segment, or an R × F cell. */
export interface RfmPick {
  tier?: string;
  segment?: string;
  r?: number;
  f?: number;
}

/** The user ids (and their RFM columns) of a tier, a segment or a grid cell, by user id. */
export function buildRfmAudienceSql(spec: RfmSpec, pick: RfmPick): BuiltSql {
  const conds: string[] = [];
  if (pick.tier !== undefined) conds.push(`tier = ${literal(pick.tier)}`);
  if (pick.segment !== undefined) conds.push(`segment = ${literal(pick.segment)}`);
  if (pick.r !== undefined) conds.push(`r = ${literal(pick.r)}`);
  if (pick.f !== undefined) conds.push(`f = ${literal(pick.f)}`);
  return {
    sql: `SELECT * FROM (${buildRfmUsersSql(spec).sql})${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY user_id`,
    params: [],
  };
}

/** Per dimension and score: users, and the min and max value that received the score. */
export function buildRfmThresholdsSql(spec: RfmSpec): BuiltSql {
  const u = rfmCoreSql(spec);
  return {
    sql: `WITH u AS (${u})
SELECT 'R' AS dim, r AS score, count(*)::BIGINT AS users, min(recency)::DOUBLE AS lo, max(recency)::DOUBLE AS hi FROM u GROUP BY r
UNION ALL
SELECT 'F', f, count(*)::BIGINT, min(frequency)::DOUBLE, max(frequency)::DOUBLE FROM u GROUP BY f
UNION ALL
SELECT 'M', m, count(*)::BIGINT, min(monetary)::DOUBLE, max(monetary)::DOUBLE FROM u WHERE m IS NOT NULL GROUP BY m
ORDER BY dim, score`,
    params: [],
  };
}

/** Users and revenue per tier, per segment and per R × F cell (with the average M). */
export function buildRfmGroupsSql(spec: RfmSpec): BuiltSql {
  const u = rfmCoreSql(spec);
  return {
    sql: `WITH u AS (${u})
SELECT 'tier' AS kind, tier AS key, NULL::INTEGER AS r, NULL::INTEGER AS f, count(*)::BIGINT AS users, sum(revenue)::DOUBLE AS revenue, avg(monetary)::DOUBLE AS avg_m FROM u GROUP BY tier
UNION ALL
SELECT 'segment', segment, NULL, NULL, count(*)::BIGINT, sum(revenue)::DOUBLE, avg(monetary)::DOUBLE FROM u GROUP BY segment
UNION ALL
SELECT 'cell', NULL, r, f, count(*)::BIGINT, sum(revenue)::DOUBLE, avg(monetary)::DOUBLE FROM u GROUP BY r, f
ORDER BY kind, key, r, f`,
    params: [],
  };
}

/** A problem in the RFM options, with the field it concerns. */
export interface RfmIssue {
  path: string;
  message: string;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isScore = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;

/**
 * Validates RFM options (missing fields take the §9 defaults); on failure the caller keeps the
 * last valid options.
 */
export function validateRfm(
  raw: unknown,
): { ok: true; rfm: RfmOptions } | { ok: false; issues: RfmIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, issues: [{ path: 'rfm', message: 'rfm must be an object.' }] };
  const r = { ...DEFAULT_RFM, ...(raw as Partial<RfmOptions>) };
  const issues: RfmIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path: `rfm.${path}`, message });
  if (!['equal-frequency', 'equal-width', 'custom'].includes(r.method))
    add(
      'method',
      `method must be equal-frequency, equal-width or custom (got ${JSON.stringify(r.method)}).`,
    );
  if (!Number.isInteger(r.k) || r.k < 2 || r.k > 10)
    add('k', `k must be a whole number from 2 to 10 (got ${JSON.stringify(r.k)}).`);
  if (r.method === 'custom') {
    for (const d of RFM_DIMS) {
      const c = r.cuts?.[d];
      if (!Array.isArray(c) || c.length === 0 || !c.every(isNum))
        add(
          `cuts.${d}`,
          `custom binning needs ascending cut points for ${d}, e.g. [30, 90, 180, 365].`,
        );
      else if (c.some((v, i) => i > 0 && v <= c[i - 1]))
        add(
          `cuts.${d}`,
          `The cut points for ${d} must be strictly ascending (got ${c.join(', ')}).`,
        );
      else if (c.length > 9) add(`cuts.${d}`, `At most 9 cut points (10 scores) for ${d}.`);
    }
  }
  if (r.monetary !== 'total' && r.monetary !== 'average')
    add('monetary', 'monetary must be "total" or "average".');
  const w = r.weights as Record<string, unknown> | undefined;
  if (!w || !RFM_DIMS.every((d) => isNum(w[d]) && (w[d] as number) >= 0))
    add('weights', 'weights need R, F and M as numbers ≥ 0.');
  else if (RFM_DIMS.every((d) => w[d] === 0))
    add('weights', 'At least one weight must be above 0.');
  const t = r.tiers as Record<string, unknown> | undefined;
  if (
    !t ||
    !isNum(t.high) ||
    !isNum(t.medium) ||
    !(t.high > 0 && t.high < t.medium && t.medium <= 1)
  )
    add('tiers', 'tiers need 0 < high < medium ≤ 1 (fractions of the buyers, e.g. 0.2 and 0.5).');
  if (!Array.isArray(r.segments)) add('segments', 'segments must be a list.');
  else
    r.segments.forEach((s, i) => {
      const ok =
        s &&
        typeof s.name === 'string' &&
        s.name.trim() !== '' &&
        RFM_DIMS.every(
          (d) =>
            Array.isArray(s[d]) && s[d].length === 2 && s[d].every(isScore) && s[d][0] <= s[d][1],
        );
      if (!ok)
        add(
          `segments[${i}]`,
          `Segment ${i + 1} needs a name and R, F, M ranges [from, to] of scores ≥ 1 with from ≤ to.`,
        );
    });
  if (r.stages !== undefined) {
    const all = ['O', 'D', 'E1', 'E2', 'P', 'I', 'N', 'K'];
    if (!Array.isArray(r.stages) || !r.stages.every((s) => all.includes(s)))
      add('stages', `stages must list DEEPLINK stages (${all.join(', ')}).`);
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, rfm: structuredClone(r) };
}
