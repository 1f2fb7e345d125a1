/**
 * Tests of the RFM options form's draft (src/lib/components/rfm/rfm-draft.ts, DOMAIN.md §9): cut
 * lists parse with "," or "，", bad k, cuts and tier cuts are refused with the form's own issues,
 * and a valid draft gives the RfmOptions it shows. Expectations are worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  cutsFromThresholds,
  parseCuts,
  pctOf,
  prefillCuts,
  toDraft,
  validateDraft,
  type RfmDraft,
} from '../../../src/lib/components/rfm/rfm-draft';
import type { RfmReport } from '../../../src/lib/report/rfm';
import { DEFAULT_RFM, DEFAULT_SEGMENTS, type RfmOptions } from '../../../src/lib/sql/analysis/rfm';

/** The defaults' draft with some fields changed. */
const draftWith = (patch: Partial<RfmDraft>): RfmDraft => ({ ...toDraft(DEFAULT_RFM), ...patch });

/** The catalog keys of a draft's issues (engine texts as `text:`). */
function issueKeys(d: RfmDraft): string[] {
  return validateDraft(d, DEFAULT_RFM).issues.map((i) => ('key' in i ? i.key : `text:${i.text}`));
}

/** A k = 3 report whose bins are R 200–365 / 60–199 / 0–59 days and F 1 / 2–3 / 4–9. */
const report3: RfmReport = {
  method: 'equal-frequency',
  k: 3,
  monetary: 'total',
  buyers: 9,
  thresholds: {
    R: { '1': { min: 200, max: 365 }, '2': { min: 60, max: 199 }, '3': { min: 0, max: 59 } },
    F: { '1': { min: 1, max: 1 }, '2': { min: 2, max: 3 }, '3': { min: 4, max: 9 } },
    M: { '1': { min: 5, max: 20 }, '2': { min: 25, max: 80 }, '3': { min: 120, max: 900 } },
  },
  scoreCounts: { R: { '1': 3, '2': 3, '3': 3 }, F: { '1': 3, '2': 3, '3': 3 }, M: {} },
  tiers: {
    high: { users: 2, revenue: null, revenueShare: null },
    medium: { users: 3, revenue: null, revenueShare: null },
    low: { users: 4, revenue: null, revenueShare: null },
  },
  segments: {},
  grid: [],
};

describe('parseCuts', () => {
  it('reads comma and full-width comma lists, skipping blanks', () => {
    expect(parseCuts('R', '30, 90, 180')).toEqual([30, 90, 180]);
    expect(parseCuts('F', '1，2，4')).toEqual([1, 2, 4]);
    expect(parseCuts('M', ' 100 ,， 250.5,')).toEqual([100, 250.5]);
  });

  it('refuses empty, non-numeric, non-ascending and too long lists', () => {
    expect(parseCuts('R', ' , ')).toEqual({ key: 'rfm.issue.cutsEmpty', vars: { dim: 'R' } });
    expect(parseCuts('F', '1, two')).toEqual({
      key: 'rfm.issue.cutsNumber',
      vars: { dim: 'F', value: 'two' },
    });
    expect(parseCuts('R', '30, 10, 90')).toEqual({
      key: 'rfm.issue.cutsOrder',
      vars: { dim: 'R' },
    });
    expect(parseCuts('M', '5, 5')).toEqual({ key: 'rfm.issue.cutsOrder', vars: { dim: 'M' } });
    expect(parseCuts('F', '1,2,3,4,5,6,7,8,9,10')).toEqual({
      key: 'rfm.issue.cutsMany',
      vars: { dim: 'F' },
    });
  });
});

describe('validateDraft', () => {
  it('refuses k outside 2…10 or not whole', () => {
    for (const k of [1, 11, 2.5, null, undefined])
      expect(issueKeys(draftWith({ k })), `k = ${k}`).toEqual(['rfm.issue.k']);
    expect(issueKeys(draftWith({ k: 2 }))).toEqual([]);
    expect(issueKeys(draftWith({ k: 10 }))).toEqual([]);
  });

  it('ignores k under custom binning but refuses cut points that are not ascending', () => {
    const d = draftWith({
      method: 'custom',
      k: null,
      cuts: { R: '30, 90, 60', F: '1, 2', M: '' },
    });
    expect(validateDraft(d, DEFAULT_RFM)).toEqual({
      opts: null,
      issues: [
        { key: 'rfm.issue.cutsOrder', vars: { dim: 'R' } },
        { key: 'rfm.issue.cutsEmpty', vars: { dim: 'M' } },
      ],
    });
  });

  it('refuses tier cuts unless 0 < high < medium ≤ 100', () => {
    expect(issueKeys(draftWith({ high: 50, medium: 50 }))).toEqual(['rfm.issue.tiers']);
    expect(issueKeys(draftWith({ high: 60, medium: 40 }))).toEqual(['rfm.issue.tiers']);
    expect(issueKeys(draftWith({ high: 0, medium: 40 }))).toEqual(['rfm.issue.tiers']);
    expect(issueKeys(draftWith({ high: 20, medium: 101 }))).toEqual(['rfm.issue.tiers']);
    expect(issueKeys(draftWith({ high: null, medium: 50 }))).toEqual(['rfm.issue.tiers']);
    expect(issueKeys(draftWith({ high: 20, medium: 100 }))).toEqual([]);
  });

  it('refuses negative or blank weights, and all-zero weights', () => {
    expect(issueKeys(draftWith({ weights: { R: -1, F: 1, M: null } }))).toEqual([
      'rfm.issue.weight',
      'rfm.issue.weight',
    ]);
    expect(issueKeys(draftWith({ weights: { R: 0, F: 0, M: 0 } }))).toEqual([
      'rfm.issue.weightsZero',
    ]);
  });

  it('turns a valid custom draft into the options it shows', () => {
    const d = draftWith({
      method: 'custom',
      cuts: { R: '30, 90, 180', F: '1，2，4', M: '100, 500' },
      monetary: 'average',
      weights: { R: 2, F: 1, M: 0 },
      high: 10,
      medium: 40,
      stages: ['K', 'P'],
    });
    const expected: RfmOptions = {
      method: 'custom',
      k: 5,
      monetary: 'average',
      weights: { R: 2, F: 1, M: 0 },
      tiers: { high: 0.1, medium: 0.4 },
      segments: DEFAULT_SEGMENTS,
      cuts: { R: [30, 90, 180], F: [1, 2, 4], M: [100, 500] },
      stages: ['P', 'K'],
    };
    expect(validateDraft(d, DEFAULT_RFM)).toEqual({ opts: expected, issues: [] });
  });

  it('gives back the options a draft was made from', () => {
    expect(validateDraft(toDraft(DEFAULT_RFM), DEFAULT_RFM)).toEqual({
      opts: DEFAULT_RFM,
      issues: [],
    });
    const d = draftWith({ k: 4 });
    expect(validateDraft(d, DEFAULT_RFM).opts).toEqual({ ...DEFAULT_RFM, k: 4 });
    expect(d).toEqual(draftWith({ k: 4 }));
  });
});

describe('toDraft', () => {
  it('shows tiers in % without float noise, and cut points as comma lists', () => {
    expect(pctOf(0.07)).toBe(7);
    const d = toDraft({
      ...DEFAULT_RFM,
      method: 'custom',
      cuts: { R: [30, 90], F: [2], M: [] },
      tiers: { high: 0.07, medium: 0.35 },
    });
    expect(d.cuts).toEqual({ R: '30, 90', F: '2', M: '' });
    expect([d.high, d.medium]).toEqual([7, 35]);
    expect(d.stages).toEqual([]);
  });
});

describe('custom cut prefill', () => {
  it('takes the lowest value of each score but the first (R scores run backwards)', () => {
    expect(cutsFromThresholds(report3, 'R')).toBe('60, 200');
    expect(cutsFromThresholds(report3, 'F')).toBe('2, 4');
    expect(cutsFromThresholds(report3, 'M')).toBe('25, 120');
  });

  it('fills only the blank lists', () => {
    expect(prefillCuts({ R: '', F: '1, 5', M: '  ' }, report3)).toEqual({
      R: '60, 200',
      F: '1, 5',
      M: '25, 120',
    });
  });
});
