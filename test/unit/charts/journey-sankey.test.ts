import { describe, expect, it } from 'vitest';
import { journeyLayout, type JourneyLayout } from '../../../src/lib/charts/sankey/journey-layout';

// 11 buyers: D>E1>P>I ×5, I ×3 (instant), D>N ×2, other>I ×1 (a folded path).
const paths = [
  { steps: ['D', 'E1', 'P', 'I'], buyers: 5 },
  { steps: ['I'], buyers: 3 },
  { steps: ['D', 'N'], buyers: 2 },
  { steps: ['other', 'I'], buyers: 1 },
];
const opts = { width: 600, height: 300, nodeWidth: 12, nodePadding: 10 };

const node = (L: JourneyLayout, id: string) => {
  const n = L.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};
const link = (L: JourneyLayout, source: string, target: string) => {
  const l = L.links.find((x) => x.source === source && x.target === target);
  if (!l) throw new Error(`no link ${source}→${target}`);
  return l;
};

describe('journey sankey layout', () => {
  const L = journeyLayout(paths, opts);

  it('keys nodes by (column, label), with one O start and the ends in the last column', () => {
    expect(L.nodes.map((n) => n.id).sort()).toEqual(
      ['0:O', '1:D', '1:other', '2:E1', '3:P', 'end:I', 'end:N'].sort(),
    );
    expect(L.columns).toBe(5);
    expect(node(L, '1:D').column).toBe(1);
    expect(node(L, '3:P').column).toBe(3);
    const ends = L.nodes.filter((n) => n.end);
    expect(ends.map((n) => n.label).sort()).toEqual(['I', 'N']);
    for (const e of ends) {
      expect(e.column).toBe(4);
      expect(e.x1).toBeCloseTo(opts.width);
    }
    expect(node(L, '0:O').x0).toBeCloseTo(0);
  });

  it('values nodes by the buyers passing through them', () => {
    expect(L.total).toBe(11);
    expect(node(L, '0:O').value).toBe(11);
    expect(node(L, 'end:I').value).toBe(9);
    expect(node(L, 'end:N').value).toBe(2);
    expect(node(L, '1:D').value).toBe(7);
    expect(node(L, '2:E1').value).toBe(5);
    expect(node(L, '3:P').value).toBe(5);
    expect(node(L, '1:other').value).toBe(1);
    expect(node(L, 'end:I').share).toBeCloseTo(9 / 11);
  });

  it('sends every buyer out of O', () => {
    const out = L.links.filter((l) => l.source === '0:O').reduce((a, l) => a + l.value, 0);
    expect(out).toBe(L.total);
  });

  it('values each end node at the sum of the paths ending there', () => {
    for (const e of L.nodes.filter((n) => n.end)) {
      const sum = paths.filter((p) => p.steps.at(-1) === e.label).reduce((a, p) => a + p.buyers, 0);
      expect(e.value, e.label).toBe(sum);
      const into = L.links.filter((l) => l.target === e.id).reduce((a, l) => a + l.value, 0);
      expect(into, e.label).toBe(sum);
    }
  });

  it('values each link at the buyers of the paths crossing it', () => {
    const expected: [string, string, number][] = [
      ['0:O', '1:D', 7],
      ['1:D', '2:E1', 5],
      ['2:E1', '3:P', 5],
      ['3:P', 'end:I', 5],
      ['0:O', 'end:I', 3],
      ['1:D', 'end:N', 2],
      ['0:O', '1:other', 1],
      ['1:other', 'end:I', 1],
    ];
    expect(L.links).toHaveLength(expected.length);
    for (const [s, t, v] of expected) {
      const l = link(L, s, t);
      expect(l.value, `${s}→${t}`).toBe(v);
      expect(l.share).toBeCloseTo(v / 11);
      expect(l.path).toMatch(/^M/);
      expect(l.width).toBeGreaterThan(0);
    }
  });

  it('keeps a stage reached at different positions as separate nodes (acyclic)', () => {
    const M = journeyLayout(
      [
        { steps: ['D', 'E1', 'I'], buyers: 2 },
        { steps: ['E1', 'D', 'K'], buyers: 1 },
      ],
      opts,
    );
    expect(M.nodes.map((n) => n.id).sort()).toEqual(
      ['0:O', '1:D', '1:E1', '2:D', '2:E1', 'end:I', 'end:K'].sort(),
    );
    expect(node(M, 'end:K').column).toBe(3);
  });

  it('fits the extent and skips empty paths', () => {
    for (const n of L.nodes) {
      expect(n.y0).toBeGreaterThanOrEqual(-1e-9);
      expect(n.y1).toBeLessThanOrEqual(opts.height + 1e-9);
    }
    expect(journeyLayout([], opts)).toEqual({ nodes: [], links: [], total: 0, columns: 0 });
    expect(journeyLayout([{ steps: ['I'], buyers: 0 }], opts).nodes).toEqual([]);
    const instant = journeyLayout([{ steps: ['I'], buyers: 4 }], opts);
    expect(instant.columns).toBe(2);
    expect(node(instant, 'end:I').value).toBe(4);
  });
});
