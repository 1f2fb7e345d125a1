/**
 * `journeys` of the analyze JSON (DOMAIN.md §6 "Journeys to the first purchase"): buyers, GMV and
 * shares per journey type, repeat buying, the same for the previous period of equal length, the
 * change against it, and the Sankey of the buyers' ordered stages. Money is rounded to 2 decimals
 * once, at the end; rates are not rounded.
 */
import {
  JOURNEY_TYPES,
  buildJourneyBuyersSql,
  buildJourneyExamplesSql,
  buildJourneyPathsSql,
  buildRepeatBuyersSql,
  previousJourneySpec,
  type JourneyExampleClass,
  type JourneySpec,
  type JourneyType,
} from '../sql/analysis/journeys';
import { num, type SqlRunner } from './runner';
import type { BuiltSql } from '../sql/types';

/** One journey type's figures (buildJourneyBuyersSql). */
export interface JourneyFigures {
  buyers: number;
  /** Σ the first orders' net as of the period's end, 2 decimals; null without money. */
  gmv: number | null;
  /** buyers ÷ all first-time buyers; null when there are none. */
  share: number | null;
}

/** Repeat buying (buildRepeatBuyersSql). */
export interface RepeatFigures {
  buyers: number;
  /** Σ net of the repeat occasions, 2 decimals; null without money. */
  gmv: number | null;
}

/** Change against the previous period: absolute, and relative where the previous value is not 0. */
export interface JourneyChange {
  buyers: number;
  buyersRel: number | null;
  gmv: number | null;
  gmvRel: number | null;
}

/** One Sankey path: its nodes (D/E1/E2/P or 'other', then the end node I, N or K). */
export interface JourneySankeyPath {
  steps: string[];
  buyers: number;
  /** buyers ÷ all buyers in the Sankey. */
  share: number;
}

/** One period's tables. */
export interface JourneyPeriod {
  byType: Record<JourneyType, JourneyFigures>;
  repeat: RepeatFigures;
}

/** `journeys` of the analyze JSON (DOMAIN.md §6). */
export interface JourneysReport extends JourneyPeriod {
  /** (T1 − L, T1], evaluated as of T1. */
  previous: JourneyPeriod & { from: string; to: string };
  change: { byType: Record<JourneyType, JourneyChange>; repeat: JourneyChange };
  /** Users whose first-ever purchase occasion is dated in (T1, T2] (= Σ byType buyers). */
  firstTimeBuyers: number;
  /** Paths of the current period (buildJourneyPathsSql), the top `topPaths` and an 'other' row per end. */
  sankey: { paths: JourneySankeyPath[]; total: number };
}

/** Default number of Sankey paths kept before folding the rest into 'other'. */
export const DEFAULT_TOP_PATHS = 20;

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Unrounded figures of one period. */
interface RawPeriod {
  byType: Record<JourneyType, { buyers: number; gmv: number }>;
  repeat: { buyers: number; gmv: number };
  firstTimeBuyers: number;
}

async function rawPeriod(runner: SqlRunner, spec: JourneySpec): Promise<RawPeriod> {
  const byType = Object.fromEntries(
    JOURNEY_TYPES.map((t) => [t, { buyers: 0, gmv: 0 }]),
  ) as RawPeriod['byType'];
  for (const r of await runner.all(buildJourneyBuyersSql(spec))) {
    const t = String(r.journey) as JourneyType;
    if (t in byType) byType[t] = { buyers: num(r.buyers), gmv: num(r.gmv) };
  }
  const [rep] = await runner.all(buildRepeatBuyersSql(spec));
  return {
    byType,
    repeat: { buyers: num(rep?.buyers), gmv: num(rep?.gmv) },
    firstTimeBuyers: JOURNEY_TYPES.reduce((a, t) => a + byType[t].buyers, 0),
  };
}

function present(raw: RawPeriod, money: boolean): JourneyPeriod {
  const n = raw.firstTimeBuyers;
  return {
    byType: Object.fromEntries(
      JOURNEY_TYPES.map((t) => [
        t,
        {
          buyers: raw.byType[t].buyers,
          gmv: money ? round2(raw.byType[t].gmv) : null,
          share: n ? raw.byType[t].buyers / n : null,
        },
      ]),
    ) as Record<JourneyType, JourneyFigures>,
    repeat: { buyers: raw.repeat.buyers, gmv: money ? round2(raw.repeat.gmv) : null },
  };
}

function change(
  cur: { buyers: number; gmv: number },
  prev: { buyers: number; gmv: number },
  money: boolean,
): JourneyChange {
  return {
    buyers: cur.buyers - prev.buyers,
    buyersRel: prev.buyers ? (cur.buyers - prev.buyers) / prev.buyers : null,
    gmv: money ? round2(cur.gmv - prev.gmv) : null,
    gmvRel: money && prev.gmv ? (cur.gmv - prev.gmv) / prev.gmv : null,
  };
}

const END_ORDER = ['I', 'N', 'K'];

/**
 * Keeps the top `top` paths by buyers (ties by path text) and folds the rest into one
 * ['other', end] row per end node, so that the totals per end node are unchanged.
 */
export function foldSankey(
  rows: { path: string; buyers: number }[],
  top: number,
): JourneysReport['sankey'] {
  const sorted = [...rows].sort(
    (a, b) => b.buyers - a.buyers || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  const total = sorted.reduce((a, r) => a + r.buyers, 0);
  const keep = Math.max(0, Math.floor(top));
  const kept = sorted.slice(0, keep).map((r) => ({ steps: r.path.split('>'), buyers: r.buyers }));
  const rest = new Map<string, number>();
  for (const r of sorted.slice(keep)) {
    const end = r.path.split('>').at(-1) as string;
    rest.set(end, (rest.get(end) ?? 0) + r.buyers);
  }
  const other = [...rest.entries()]
    .sort(([a], [b]) => END_ORDER.indexOf(a) - END_ORDER.indexOf(b))
    .map(([end, buyers]) => ({ steps: ['other', end], buyers }));
  return {
    paths: [...kept, ...other].map((p) => ({ ...p, share: total ? p.buyers / total : 0 })),
    total,
  };
}

/**
 * Runs DOMAIN.md §6 for (T1, T2] and for the previous period (T1 − L, T1] (as of T1).
 * Throws a RangeError unless `from` < `to` are valid YYYY-MM-DD dates.
 */
export async function runJourneys(
  runner: SqlRunner,
  spec: JourneySpec & { topPaths?: number },
): Promise<JourneysReport> {
  const { topPaths = DEFAULT_TOP_PATHS, ...base } = spec;
  const prevSpec = previousJourneySpec(base);
  const money = base.moneyAvailable;
  const cur = await rawPeriod(runner, base);
  const prev = await rawPeriod(runner, prevSpec);
  const paths = (await runner.all(buildJourneyPathsSql(base))).map((r) => ({
    path: String(r.path),
    buyers: num(r.buyers),
  }));
  return {
    ...present(cur, money),
    previous: { from: prevSpec.from, to: prevSpec.to, ...present(prev, money) },
    change: {
      byType: Object.fromEntries(
        JOURNEY_TYPES.map((t) => [t, change(cur.byType[t], prev.byType[t], money)]),
      ) as Record<JourneyType, JourneyChange>,
      repeat: change(cur.repeat, prev.repeat, money),
    },
    firstTimeBuyers: cur.firstTimeBuyers,
    sankey: foldSankey(paths, topPaths),
  };
}

/**
 * The statements behind the journeys view, named after their builders (for "Show SQL"): the
 * period, the previous period, and the examples of the class `cls` when one is picked.
 */
export function journeyQueries(
  spec: JourneySpec,
  cls: JourneyExampleClass | null = null,
): { name: string; q: BuiltSql }[] {
  const prev = previousJourneySpec(spec);
  const before = `previous period ${prev.from} – ${prev.to}`;
  return [
    {
      name: 'buildJourneyBuyersSql (§6 buyers and GMV per journey)',
      q: buildJourneyBuyersSql(spec),
    },
    { name: 'buildRepeatBuyersSql (§6 repeat buying)', q: buildRepeatBuyersSql(spec) },
    { name: 'buildJourneyPathsSql (§6 Sankey paths)', q: buildJourneyPathsSql(spec) },
    { name: `buildJourneyBuyersSql (§6 ${before})`, q: buildJourneyBuyersSql(prev) },
    { name: `buildRepeatBuyersSql (§6 ${before})`, q: buildRepeatBuyersSql(prev) },
    ...(cls
      ? [
          {
            name: `buildJourneyExamplesSql (§6 examples: ${cls})`,
            q: buildJourneyExamplesSql(spec, cls),
          },
        ]
      : []),
  ];
}
