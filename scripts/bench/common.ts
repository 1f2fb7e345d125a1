/** Shared benchmark types and small helpers. */
import type { Stage } from '../../src/lib/sql/analysis/rules';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Per-view analysis times (ms). Each view computes what the tab's view computes. */
export const VIEW_NAMES = [
  'stages',
  'flow',
  'benchmark',
  'rfm',
  'journeys',
  'attribution',
  'frequency',
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];
export type ViewTimes = Record<ViewName | 'load', number>;
export const sumViews = (v: ViewTimes) => VIEW_NAMES.reduce((a, k) => a + v[k], 0);

export function medianViews(acc: ViewTimes[]): ViewTimes {
  return Object.fromEntries(
    (['load', ...VIEW_NAMES] as const).map((k) => [k, median(acc.map((a) => a[k]))]),
  ) as ViewTimes;
}

/** The numbers the pandas peer must reproduce: §2 stage counts and §9 tier and segment counts. */
export interface PeerCounts {
  brand: string;
  asOf: string;
  stages: Record<Stage, number>;
  rfm: {
    buyers: number;
    tiers: Record<string, { users: number; revenue: number | null }>;
    segments: Record<string, { users: number; revenue: number | null }>;
  };
}

/** What one native child process reports (scripts/bench/native-child.ts). */
export interface NativeRun {
  /** loadFiles (read the file into a table), ms. */
  read: number;
  /** Detect the layout, clean (§1), orders and refunds, overview, ms. */
  prepare: number;
  /** Present when the views were run. */
  views?: ViewTimes;
  /** Present when asked for (computed after the timed work). */
  counts?: PeerCounts;
  /** Peak resident set of the child process, MB. */
  maxRssMB: number;
}

/** Rounds for tables; '' for missing values. */
export const ms = (v: number | undefined) => (v === undefined ? '' : String(Math.round(v)));
export const mb = (v: number | undefined) => (v === undefined ? '' : v.toFixed(0));
