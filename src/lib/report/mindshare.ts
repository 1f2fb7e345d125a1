import { STAGES, type Stage } from '../sql/analysis/rules';
import { buildMindshareSql } from '../sql/analysis/mindshare';
import type { StageSpec } from '../sql/analysis/stages';
import { num, type SqlRunner } from './runner';

/** One stage's mindshare figures (DOMAIN.md §5). */
export interface StageMindshare {
  brandEvents: number;
  categoryEvents: number;
  /** brandEvents ÷ categoryEvents; null when the category count is 0. Unrounded. */
  mindshare: number | null;
  /** Category GMV per user of the stage (zero spenders included), 2 decimals; null without money or users. */
  spendingPower: number | null;
}

/** `mindshare` of the analyze JSON (DOMAIN.md §5). */
export interface MindshareReport {
  byStage: Record<Stage, StageMindshare>;
  /** Σ mindshare × users × spending power over the eight stages, 2 decimals; null without money. */
  deepAssetValue: number | null;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Mindshare, spending power and DeEP asset value of the brand's stages at T. */
export async function runMindshare(
  runner: SqlRunner,
  spec: Omit<StageSpec, 'source'>,
): Promise<MindshareReport> {
  const rows = new Map(
    (await runner.all(buildMindshareSql(spec))).map((r) => [String(r.stage), r] as const),
  );
  const money = spec.moneyAvailable;
  let deep = 0;
  const byStage = Object.fromEntries(
    STAGES.map((s) => {
      const r = rows.get(s);
      const users = num(r?.users);
      const brandEvents = num(r?.brand_events);
      const categoryEvents = num(r?.category_events);
      const mindshare = categoryEvents ? brandEvents / categoryEvents : null;
      const power = money && users ? num(r?.category_gmv) / users : null;
      if (mindshare !== null && power !== null) deep += mindshare * users * power;
      return [
        s,
        {
          brandEvents,
          categoryEvents,
          mindshare,
          spendingPower: power === null ? null : round2(power),
        },
      ];
    }),
  ) as Record<Stage, StageMindshare>;
  return { byStage, deepAssetValue: money ? round2(deep) : null };
}
