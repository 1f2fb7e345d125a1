import { describe, expect, it } from 'vitest';
import { flowKind, sankeyLayout } from '../../../src/lib/charts/sankey/layout';

// Rows = T1, columns = T2. Counted cells (none→none = 5 is skipped):
// none→D 2, none→K 1 (new) · D→none 1 (lost) · D→D 3, K→K 4 (stayed) · D→E1 2 (deepened) · E1→D 1 (regressed).
const labels = ['none', 'D', 'E1', 'K'];
const matrix = [
  [5, 2, 0, 1],
  [1, 3, 2, 0],
  [0, 1, 0, 0],
  [0, 0, 0, 4],
];
// Both columns hold 4 nodes and 14 users: ky = (170 − 3 × 10) / 14 = 10 px per user.
const opts = { width: 300, height: 170, nodeWidth: 12, nodePadding: 10 };

const node = (L: ReturnType<typeof sankeyLayout>, id: string) => {
  const n = L.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};
const link = (L: ReturnType<typeof sankeyLayout>, from: string, to: string) => {
  const l = L.links.find((x) => x.from === from && x.to === to);
  if (!l) throw new Error(`no link ${from}→${to}`);
  return l;
};

describe('flow sankey layout', () => {
  const L = sankeyLayout(labels, matrix, opts);

  it('values T1 nodes by row sums and T2 nodes by column sums, without none→none', () => {
    const values = Object.fromEntries(L.nodes.map((n) => [n.id, n.value]));
    expect(values).toEqual({
      't1:none': 3,
      't1:D': 6,
      't1:E1': 1,
      't1:K': 4,
      't2:none': 1,
      't2:D': 6,
      't2:E1': 2,
      't2:K': 5,
    });
    expect(L.total).toBe(14);
  });

  it('draws one link per nonzero cell except none→none, each with a path', () => {
    expect(L.links).toHaveLength(7);
    expect(L.links.some((l) => l.from === 'none' && l.to === 'none')).toBe(false);
    for (const l of L.links) expect(l.path).toMatch(/^M/);
  });

  it('classifies moves by rank', () => {
    expect(link(L, 'none', 'D').kind).toBe('new');
    expect(link(L, 'none', 'K').kind).toBe('new');
    expect(link(L, 'D', 'none').kind).toBe('lost');
    expect(link(L, 'D', 'E1').kind).toBe('deepened');
    expect(link(L, 'D', 'D').kind).toBe('stayed');
    expect(link(L, 'K', 'K').kind).toBe('stayed');
    expect(link(L, 'E1', 'D').kind).toBe('regressed');
    expect(flowKind(8, 1)).toBe('regressed');
  });

  it('shares are of the T1 stage; for new entrants, of all new entrants', () => {
    expect(link(L, 'D', 'E1').share).toBeCloseTo(2 / 6);
    expect(link(L, 'none', 'K').share).toBeCloseTo(1 / 3);
  });

  it('keeps the deepest stage on top and none at the bottom in both columns', () => {
    for (const side of ['t1', 't2']) {
      const ys = ['K', 'E1', 'D', 'none'].map((s) => node(L, `${side}:${s}`).y0);
      expect(ys).toEqual([...ys].sort((a, b) => a - b));
    }
    expect(node(L, 't1:K').y0).toBeLessThan(node(L, 't1:D').y0);
  });

  it('scales heights and widths at 10 px per user and puts T1 left, T2 right', () => {
    expect(node(L, 't1:D').y1 - node(L, 't1:D').y0).toBeCloseTo(60);
    expect(node(L, 't2:K').y1 - node(L, 't2:K').y0).toBeCloseTo(50);
    expect(link(L, 'D', 'E1').width).toBeCloseTo(20);
    expect(node(L, 't1:D')).toMatchObject({ x0: 0, x1: 12 });
    expect(node(L, 't2:D')).toMatchObject({ x0: 288, x1: 300 });
  });

  it('stacks a node’s outgoing bands deepest target first', () => {
    // t1:D leaves to E1 (20 px), D (30 px), none (10 px); y0 is each band's centre.
    const top = node(L, 't1:D').y0;
    expect(link(L, 'D', 'E1').y0).toBeCloseTo(top + 10);
    expect(link(L, 'D', 'D').y0).toBeCloseTo(top + 35);
    expect(link(L, 'D', 'none').y0).toBeCloseTo(top + 55);
  });

  it('omits stages without flow', () => {
    const M = sankeyLayout(
      labels,
      [
        [0, 2, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
      opts,
    );
    expect(M.nodes.map((n) => n.id)).toEqual(['t1:none', 't1:D', 't2:D']);
    expect(M.total).toBe(3);
  });

  it('returns an empty layout for an all-zero matrix (none→none alone counts as zero)', () => {
    const zero = labels.map(() => labels.map(() => 0));
    expect(sankeyLayout(labels, zero, opts)).toEqual({ nodes: [], links: [], total: 0 });
    zero[0][0] = 9;
    expect(sankeyLayout(labels, zero, opts)).toEqual({ nodes: [], links: [], total: 0 });
  });
});
