/**
 * DOMAIN.md §8 "Frequency and channel mix", for one brand at a date T:
 * - exposure frequency: users with ≥ 1 brand `impression` in the 15 days before T (T−14 … T) by
 *   their impression count (buckets 1…9, 10+);
 * - channel mix: users with ≥ 1 brand event with a channel in the same window by their number of
 *   distinct channels (buckets 1…5, 6+), and the top channel combinations (sorted channel sets).
 * A user converts when they have a brand purchase occasion dated in (T, T+15], evaluated as of
 * T+15 (refunds effective on or before T+15 count). Each statement scans `events` once and
 * returns aggregates only.
 */
import { inlineParams, literal } from '../params';
import { plain, type BuiltSql } from '../types';
import { T, buildOrderNetSql } from './events';

/** Exposure and channels are counted in the 15 days before T (T−14 … T). */
export const FREQUENCY_WINDOW = 15;
/** Conversions are purchase occasions dated in (T, T+15]. */
export const CONVERSION_HORIZON = 15;
/** At most this many channel combinations are returned. */
export const TOP_COMBOS = 10;

/** Exposure-frequency buckets, in order: impressions 1…9, then 10 or more. */
export const EXPOSURE_BUCKETS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10+'] as const;
/** One exposure-frequency bucket label. */
export type ExposureBucket = (typeof EXPOSURE_BUCKETS)[number];
/** Channel-count buckets, in order: distinct channels 1…5, then 6 or more. */
export const CHANNEL_COUNT_BUCKETS = ['1', '2', '3', '4', '5', '6+'] as const;
/** One channel-count bucket label. */
export type ChannelCountBucket = (typeof CHANNEL_COUNT_BUCKETS)[number];

/** Separator of the channels in a combination's `channels` text (sorts below printable text). */
export const COMBO_SEPARATOR = '\u001e';

/** What a frequency analysis is computed for. */
export interface FrequencySpec {
  brand: string;
  /** T, a `YYYY-MM-DD` date. */
  at: string;
  moneyAvailable: boolean;
}

/** `YYYY-MM-DD` shifted by n calendar days (UTC). */
export function addDays(date: string, n: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`Not a date: ${date}`);
  return new Date(t + n * 86_400_000).toISOString().slice(0, 10);
}

/** The end of the conversion window of T: T + 15. */
export function frequencyHorizonEnd(at: string): string {
  return addDays(at, CONVERSION_HORIZON);
}

/**
 * The default T of the frequency view (CLI and app), chosen so that the conversion window
 * (T, T+15] has data: `asOf` itself when `asOf` + 15 ≤ `dataEnd` (the last event date), else
 * `dataEnd` − 15, but never before `dataStart` (the first event date; a file shorter than 16 days
 * gets its first date and an incomplete window). All dates are `YYYY-MM-DD`.
 */
export function frequencyDate(asOf: string, dataEnd: string, dataStart: string): string {
  if (frequencyHorizonEnd(asOf) <= dataEnd) return asOf;
  const back = addDays(dataEnd, -CONVERSION_HORIZON);
  return back > dataStart ? back : dataStart;
}

const day = (d: string) => `CAST(${literal(d)} AS DATE)`;

/** Brand events dated in T−14 … T (T inclusive), plus an extra condition. */
/** The brand's events in the 15 days up to T that also meet `extra` (a WHERE clause body). */
export function windowWhere(spec: FrequencySpec, extra: string): string {
  const t = day(spec.at);
  return `brand = ${literal(spec.brand)} AND ${extra}
    AND date <= ${t} AND date > ${t} - ${FREQUENCY_WINDOW}`;
}

/** Users with a brand purchase occasion dated in (T, T+15], as of T+15 (CTE body). */
function convertersSql(spec: FrequencySpec): string {
  const t = day(spec.at);
  const net = inlineParams(buildOrderNetSql(frequencyHorizonEnd(spec.at), spec.moneyAvailable));
  return `SELECT DISTINCT o.user_id FROM (${net}) o
  WHERE o.brand = ${literal(spec.brand)} AND o.occasion
    AND o.date > ${t} AND o.date <= ${t} + ${CONVERSION_HORIZON}`;
}

/**
 * Exposure frequency (DOMAIN.md §8): per bucket (`1`…`9`, `10+`) of brand impressions in
 * T−14 … T, the users and those with a brand purchase occasion in (T, T+15]. Buckets with no
 * users are absent.
 */
export function buildExposureFrequencySql(spec: FrequencySpec): BuiltSql {
  return plain(`WITH imp AS (
  SELECT user_id, count(*) AS n FROM ${T.events}
  WHERE ${windowWhere(spec, `action = 'impression'`)}
  GROUP BY user_id
),
conv AS (${convertersSql(spec)})
SELECT CASE WHEN imp.n >= 10 THEN '10+' ELSE CAST(imp.n AS VARCHAR) END AS bucket,
  count(*)::BIGINT AS users, count(conv.user_id)::BIGINT AS converters
FROM imp LEFT JOIN conv ON conv.user_id = imp.user_id
GROUP BY 1 ORDER BY min(imp.n)`);
}

/** Per user with a brand channel event in T−14 … T: their sorted distinct channels (CTE body). */
function channelUsersSql(spec: FrequencySpec): string {
  return `SELECT user_id, list_sort(list(DISTINCT channel)) AS channels FROM ${T.events}
  WHERE ${windowWhere(spec, 'channel IS NOT NULL')}
  GROUP BY user_id`;
}

/**
 * Channel mix by count (DOMAIN.md §8): per bucket (`1`…`5`, `6+`) of distinct channels on the
 * user's brand events in T−14 … T (any mapped action; empty channels ignored), the users and the
 * converters. Buckets with no users are absent.
 */
export function buildChannelCountSql(spec: FrequencySpec): BuiltSql {
  return plain(`WITH cu AS (${channelUsersSql(spec)}),
conv AS (${convertersSql(spec)})
SELECT CASE WHEN len(cu.channels) >= 6 THEN '6+' ELSE CAST(len(cu.channels) AS VARCHAR) END AS bucket,
  count(*)::BIGINT AS users, count(conv.user_id)::BIGINT AS converters
FROM cu LEFT JOIN conv ON conv.user_id = cu.user_id
GROUP BY 1 ORDER BY min(len(cu.channels))`);
}

/**
 * Top channel combinations (DOMAIN.md §8): per sorted distinct channel set, the users and the
 * converters; the first 10 by converters descending, then rate descending, then the channel list
 * (the joined text, ascending). `channels` is the set joined by COMBO_SEPARATOR.
 */
export function buildChannelCombosSql(spec: FrequencySpec): BuiltSql {
  return plain(`WITH cu AS (${channelUsersSql(spec)}),
conv AS (${convertersSql(spec)}),
combos AS (
  SELECT array_to_string(cu.channels, chr(30)) AS channels,
    count(*)::BIGINT AS users, count(conv.user_id)::BIGINT AS converters
  FROM cu LEFT JOIN conv ON conv.user_id = cu.user_id
  GROUP BY 1
)
SELECT channels, users, converters, converters::DOUBLE / users AS rate
FROM combos
ORDER BY converters DESC, rate DESC, channels
LIMIT ${TOP_COMBOS}`);
}

/** The last event date of the file (`YYYY-MM-DD`, null when empty): is T+15 covered? */
export function buildDataEndSql(): BuiltSql {
  return plain(`SELECT strftime(max(date), '%Y-%m-%d') AS data_end FROM ${T.events}`);
}

/**
 * "Exposure frequency vs conversion cost" (issue #8 item 1, with channel spend): per exposure
 * bucket (as buildExposureFrequencySql), the cost of the brand impressions its users saw in the
 * 15 days up to T, each valued at its channel's cost per impression over the same days (spend ÷
 * impressions in the spend table `spendTable`): (bucket, impressions, cost, uncosted) —
 * `uncosted` = impressions on channels without spend impressions in those days (left out of
 * `cost`). Cost per conversion = cost ÷ the bucket's converters.
 */
export function buildExposureCostSql(spec: FrequencySpec, spendTable: string): BuiltSql {
  const t = day(spec.at);
  return plain(`WITH imp AS (
  SELECT user_id, channel, count(*) AS n FROM ${T.events}
  WHERE ${windowWhere(spec, `action = 'impression'`)}
  GROUP BY user_id, channel
),
per AS (SELECT user_id, sum(n) AS total FROM imp GROUP BY user_id),
cpi AS (
  SELECT channel, sum(cost) / sum(impressions) AS cpi FROM ${spendTable}
  WHERE date <= ${t} AND date > ${t} - ${FREQUENCY_WINDOW} AND impressions > 0
  GROUP BY channel
)
SELECT CASE WHEN per.total >= 10 THEN '10+' ELSE CAST(per.total AS VARCHAR) END AS bucket,
  sum(imp.n)::BIGINT AS impressions,
  CAST(coalesce(sum(imp.n * cpi.cpi), 0) AS DOUBLE) AS cost,
  coalesce(sum(imp.n) FILTER (WHERE cpi.cpi IS NULL), 0)::BIGINT AS uncosted
FROM imp JOIN per ON per.user_id = imp.user_id LEFT JOIN cpi ON cpi.channel = imp.channel
GROUP BY 1 ORDER BY min(per.total)`);
}
