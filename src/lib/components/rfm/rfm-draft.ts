/**
 * The RFM options form's draft (DOMAIN.md §9) for RfmControls.svelte: options as the form edits
 * them (text cut lists, tier cuts in %, numbers that may be blank) and the checks that turn a draft
 * back into RfmOptions. Pure: every function leaves its input untouched.
 */
import type { MessageKey } from '../../i18n/en';
import type { RfmReport } from '../../report/rfm';
import {
  RFM_DIMS,
  validateRfm,
  type RfmDim,
  type RfmMethod,
  type RfmOptions,
} from '../../sql/analysis/rfm';
import { STAGES, type Stage } from '../../sql/analysis/rules';

/** A number input's value: blank gives null or undefined. */
export type Num = number | null | undefined;

/** RfmOptions as the form holds them. */
export interface RfmDraft {
  method: RfmMethod;
  k: Num;
  /** Comma lists of cut points ("," or "，"). */
  cuts: Record<RfmDim, string>;
  monetary: 'total' | 'average';
  weights: Record<RfmDim, Num>;
  /** Tier cuts in % of the buyers. */
  high: Num;
  medium: Num;
  stages: Stage[];
}

/** A validation message: a catalog key, or the engine's own text (validateRfm). */
export type RfmDraftIssue =
  { key: MessageKey; vars?: Record<string, string | number> } | { text: string };

/** The binning methods with their labels, in menu order. */
export const RFM_METHODS: { id: RfmMethod; key: MessageKey }[] = [
  { id: 'equal-frequency', key: 'rfm.method.equalFrequency' },
  { id: 'equal-width', key: 'rfm.method.equalWidth' },
  { id: 'custom', key: 'rfm.method.custom' },
];

/** A fraction as a percentage, without float noise (0.07 → 7). */
export const pctOf = (fraction: number) => +(fraction * 100).toFixed(6);

const isNum = (v: Num): v is number => typeof v === 'number' && Number.isFinite(v);

/** The draft that shows options `o`. */
export function toDraft(o: RfmOptions): RfmDraft {
  return {
    method: o.method,
    k: o.k,
    cuts: {
      R: (o.cuts?.R ?? []).join(', '),
      F: (o.cuts?.F ?? []).join(', '),
      M: (o.cuts?.M ?? []).join(', '),
    },
    monetary: o.monetary,
    weights: { ...o.weights },
    high: pctOf(o.tiers.high),
    medium: pctOf(o.tiers.medium),
    stages: [...(o.stages ?? [])],
  };
}

/** Parses a comma list of cut points ("," or "，"); an issue when empty, not numeric or not ascending. */
export function parseCuts(dim: RfmDim, text: string): number[] | RfmDraftIssue {
  const parts = text
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (!parts.length) return { key: 'rfm.issue.cutsEmpty', vars: { dim } };
  const cuts: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v)) return { key: 'rfm.issue.cutsNumber', vars: { dim, value: p } };
    cuts.push(v);
  }
  if (cuts.some((v, i) => i > 0 && v <= cuts[i - 1]))
    return { key: 'rfm.issue.cutsOrder', vars: { dim } };
  if (cuts.length > 9) return { key: 'rfm.issue.cutsMany', vars: { dim } };
  return cuts;
}

/**
 * The options a draft stands for, or the issues that keep it from being applied. `base` (plain,
 * not a $state proxy) gives what the form does not edit: k under custom binning, and the segments.
 */
export function validateDraft(
  d: RfmDraft,
  base: RfmOptions,
): { opts: RfmOptions | null; issues: RfmDraftIssue[] } {
  const found: RfmDraftIssue[] = [];
  const cuts: Partial<Record<RfmDim, number[]>> = {};
  if (d.method === 'custom') {
    for (const dim of RFM_DIMS) {
      const c = parseCuts(dim, d.cuts[dim]);
      if (Array.isArray(c)) cuts[dim] = c;
      else found.push(c);
    }
  } else if (!isNum(d.k) || !Number.isInteger(d.k) || d.k < 2 || d.k > 10)
    found.push({ key: 'rfm.issue.k' });
  for (const dim of RFM_DIMS) {
    const w = d.weights[dim];
    if (!isNum(w) || w < 0) found.push({ key: 'rfm.issue.weight', vars: { dim } });
  }
  if (RFM_DIMS.every((dim) => isNum(d.weights[dim]) && d.weights[dim] === 0))
    found.push({ key: 'rfm.issue.weightsZero' });
  if (!isNum(d.high) || !isNum(d.medium) || d.high <= 0 || d.high >= d.medium || d.medium > 100)
    found.push({ key: 'rfm.issue.tiers' });
  if (found.length) return { opts: null, issues: found };
  const stages = STAGES.filter((s) => d.stages.includes(s));
  const opts: RfmOptions = {
    method: d.method,
    k: d.method === 'custom' ? base.k : (d.k as number),
    monetary: d.monetary,
    weights: { R: d.weights.R as number, F: d.weights.F as number, M: d.weights.M as number },
    tiers: { high: (d.high as number) / 100, medium: (d.medium as number) / 100 },
    segments: base.segments,
    ...(d.method === 'custom' ? { cuts } : {}),
    ...(stages.length ? { stages } : {}),
  };
  const checked = validateRfm(opts);
  return checked.ok
    ? { opts: checked.rfm, issues: [] }
    : { opts: null, issues: checked.issues.map((i) => ({ text: i.message })) };
}

/** A report's k for one dimension. */
export const kOf = (r: RfmReport, dim: RfmDim) => (typeof r.k === 'number' ? r.k : r.k[dim]);

/** Cut points that reproduce a report's bins: the lowest value of each score but the first. */
export function cutsFromThresholds(r: RfmReport, dim: RfmDim): string {
  const k = kOf(r, dim);
  const th = r.thresholds[dim];
  const mins: number[] = [];
  for (let s = 2; s <= k; s++) {
    const b = th[String(dim === 'R' ? k + 1 - s : s)];
    if (b) mins.push(b.min);
  }
  return [...new Set(mins)].sort((a, b) => a - b).join(', ');
}

/** The cut lists with each blank one filled from the report's bins (switching to custom). */
export function prefillCuts(cuts: Record<RfmDim, string>, r: RfmReport): Record<RfmDim, string> {
  const next = { ...cuts };
  for (const dim of RFM_DIMS) if (!next[dim].trim()) next[dim] = cutsFromThresholds(r, dim);
  return next;
}
