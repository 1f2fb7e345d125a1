import {
  buildChannelCombosSql,
  buildChannelCountSql,
  buildDataEndSql,
  buildExposureFrequencySql,
  buildExposureCostSql,
  CHANNEL_COUNT_BUCKETS,
  COMBO_SEPARATOR,
  EXPOSURE_BUCKETS,
  frequencyHorizonEnd,
  type ChannelCountBucket,
  type ExposureBucket,
  type FrequencySpec,
} from '../sql/analysis/frequency';
import { num, type Row, type SqlRunner } from './runner';

/** Users of a bucket and those who converted; rate = converters ÷ users, null with no users. */
export interface FrequencyCell {
  users: number;
  converters: number;
  rate: number | null;
}

/** One channel combination (a sorted distinct channel set) and its conversion. */
export interface ChannelCombo {
  channels: string[];
  users: number;
  converters: number;
  rate: number;
}

/** `frequency` of the analyze JSON (DOMAIN.md §8). Rates are unrounded. */
export interface FrequencyReport {
  /** T. */
  at: string;
  /** T + 15, the end of the conversion window (T, T+15]. */
  horizonEnd: string;
  /** horizonEnd ≤ the last event date of the file: the conversion window is fully covered. */
  complete: boolean;
  exposure: Record<ExposureBucket, FrequencyCell>;
  /** The bucket with the highest rate (ties to the smaller bucket); null when no bucket has users. */
  bestExposureBucket: ExposureBucket | null;
  channelCount: Record<ChannelCountBucket, FrequencyCell>;
  /** At most 10, by converters desc, then rate desc, then the channel list. */
  topCombos: ChannelCombo[];
}

/** Every bucket, filled from the rows (absent buckets have 0 users). */
function buckets<B extends string>(labels: readonly B[], rows: Row[]): Record<B, FrequencyCell> {
  const got = new Map(rows.map((r) => [String(r.bucket), r] as const));
  return Object.fromEntries(
    labels.map((b) => {
      const r = got.get(b);
      const users = num(r?.users);
      const converters = num(r?.converters);
      return [b, { users, converters, rate: users ? converters / users : null }];
    }),
  ) as Record<B, FrequencyCell>;
}

/** Exposure frequency and channel mix of the brand at T (DOMAIN.md §8). */
export async function runFrequency(
  runner: SqlRunner,
  spec: FrequencySpec,
): Promise<FrequencyReport> {
  const horizonEnd = frequencyHorizonEnd(spec.at);
  const [end] = await runner.all(buildDataEndSql());
  const dataEnd = end?.data_end == null ? null : String(end.data_end);
  const exposure = buckets(EXPOSURE_BUCKETS, await runner.all(buildExposureFrequencySql(spec)));
  let best: ExposureBucket | null = null;
  for (const b of EXPOSURE_BUCKETS) {
    const rate = exposure[b].rate;
    if (rate === null) continue;
    const bestRate = best === null ? null : exposure[best].rate;
    if (bestRate === null || rate > bestRate) best = b;
  }
  const channelCount = buckets(CHANNEL_COUNT_BUCKETS, await runner.all(buildChannelCountSql(spec)));
  const topCombos = (await runner.all(buildChannelCombosSql(spec))).map((r) => ({
    channels: String(r.channels).split(COMBO_SEPARATOR),
    users: num(r.users),
    converters: num(r.converters),
    rate: num(r.rate),
  }));
  return {
    at: spec.at,
    horizonEnd,
    complete: dataEnd !== null && horizonEnd <= dataEnd,
    exposure,
    bestExposureBucket: best,
    channelCount,
    topCombos,
  };
}

/** One exposure bucket's impression cost (buildExposureCostSql). */
export interface ExposureCost {
  impressions: number;
  /** Σ impressions × their channel's cost per impression. */
  cost: number;
  /** Impressions on channels without spend impressions in the window (not in `cost`). */
  uncosted: number;
}

/** The impression cost per exposure bucket, with channel spend loaded in `spendTable`. */
export async function runExposureCost(
  runner: SqlRunner,
  spec: FrequencySpec,
  spendTable: string,
): Promise<Partial<Record<ExposureBucket, ExposureCost>>> {
  const out: Partial<Record<ExposureBucket, ExposureCost>> = {};
  for (const r of await runner.all(buildExposureCostSql(spec, spendTable)))
    out[String(r.bucket) as ExposureBucket] = {
      impressions: num(r.impressions),
      cost: num(r.cost),
      uncosted: num(r.uncosted),
    };
  return out;
}
