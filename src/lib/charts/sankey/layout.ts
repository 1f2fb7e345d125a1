/** T1→T2 stage-move Sankey geometry: d3-sankey math only, no DOM. */
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import { RANK } from '../../sql/analysis/rules';

/** How a user moved between T1 and T2 (DOMAIN.md §4 ranks). */
export type FlowKind = 'deepened' | 'stayed' | 'regressed' | 'lost' | 'new';

/** Kinds in legend order. */
export const FLOW_KINDS: readonly FlowKind[] = ['deepened', 'stayed', 'regressed', 'lost', 'new'];

/** Link colour per kind (literal colours so exported SVGs keep them). */
export const KIND_COLOR: Record<FlowKind, string> = {
  deepened: '#2a9d5c',
  stayed: '#9aa3ae',
  regressed: '#e07b24',
  lost: '#d1495b',
  new: '#3d7cc9',
};

/** One stage box in the T1 (left) or T2 (right) column. */
export interface SankeyNodeBox {
  id: string;
  side: 't1' | 't2';
  label: string;
  value: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** One T1→T2 band; `share` is value / T1 node value (for 'new' links: of all new entrants). */
export interface SankeyLinkBand {
  from: string;
  to: string;
  value: number;
  share: number;
  path: string;
  width: number;
  y0: number;
  y1: number;
  kind: FlowKind;
}

/** Laid-out Sankey; `total` is the sum of every counted cell. */
export interface SankeyLayout {
  nodes: SankeyNodeBox[];
  links: SankeyLinkBand[];
  total: number;
}

/** Layout extent and d3-sankey node sizing. */
export interface SankeyLayoutOptions {
  width: number;
  height: number;
  nodeWidth?: number;
  nodePadding?: number;
}

interface NodeIn {
  id: string;
  side: 't1' | 't2';
  label: string;
  rank: number;
}
interface LinkIn {
  from: string;
  to: string;
  kind: FlowKind;
}
type Node = SankeyNode<NodeIn, LinkIn>;
type Link = SankeyLink<NodeIn, LinkIn>;

/** Flow kind of a move between two ranks (0 = none). */
export function flowKind(fromRank: number, toRank: number): FlowKind {
  if (fromRank === 0) return 'new';
  if (toRank === 0) return 'lost';
  if (toRank > fromRank) return 'deepened';
  return toRank === fromRank ? 'stayed' : 'regressed';
}

function rankOf(label: string, index: number): number {
  return Object.hasOwn(RANK, label) ? RANK[label as keyof typeof RANK] : index;
}

/**
 * Lays out matrix[i][j] = users at labels[i] at T1 and labels[j] at T2 as a two-column Sankey
 * in [0, width] × [0, height]. Zero cells and none→none are skipped, nodes without flow are
 * omitted, and both columns keep rank order with the deepest stage on top. Labels outside
 * RANK rank by their index.
 */
export function sankeyLayout(
  labels: string[],
  matrix: number[][],
  opts: SankeyLayoutOptions,
): SankeyLayout {
  const ranks = labels.map(rankOf);
  const links: (LinkIn & { source: string; target: string; value: number })[] = [];
  const used = new Set<string>();
  labels.forEach((from, i) =>
    labels.forEach((to, j) => {
      const value = matrix[i]?.[j] ?? 0;
      if (!(value > 0) || (ranks[i] === 0 && ranks[j] === 0)) return;
      const source = `t1:${from}`;
      const target = `t2:${to}`;
      used.add(source).add(target);
      links.push({ source, target, from, to, value, kind: flowKind(ranks[i], ranks[j]) });
    }),
  );
  if (!links.length) return { nodes: [], links: [], total: 0 };

  const nodes: NodeIn[] = (['t1', 't2'] as const).flatMap((side) =>
    labels
      .map((label, i) => ({ id: `${side}:${label}`, side, label, rank: ranks[i] }))
      .filter((n) => used.has(n.id)),
  );
  const byRankDesc = (a: Node, b: Node) => b.rank - a.rank;
  // One comparator serves both lists: a node's outgoing links share their source, its incoming share their target.
  const linkOrder = (a: Link, b: Link) =>
    byRankDesc(a.target as Node, b.target as Node) ||
    byRankDesc(a.source as Node, b.source as Node);
  const graph = sankey<NodeIn, LinkIn>()
    .nodeId((n) => n.id)
    .nodeWidth(opts.nodeWidth ?? 14)
    .nodePadding(opts.nodePadding ?? 10)
    .nodeSort(byRankDesc)
    .linkSort(linkOrder)
    .extent([
      [0, 0],
      [opts.width, opts.height],
    ])({ nodes, links });

  const path = sankeyLinkHorizontal<NodeIn, LinkIn>();
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      side: n.side,
      label: n.label,
      value: n.value ?? 0,
      x0: n.x0 ?? 0,
      x1: n.x1 ?? 0,
      y0: n.y0 ?? 0,
      y1: n.y1 ?? 0,
    })),
    links: graph.links.map((l) => {
      const src = l.source as Node;
      return {
        from: l.from,
        to: l.to,
        value: l.value,
        share: src.value ? l.value / src.value : 0,
        path: path(l) ?? '',
        width: l.width ?? 0,
        y0: l.y0 ?? 0,
        y1: l.y1 ?? 0,
        kind: l.kind,
      };
    }),
    total: links.reduce((a, l) => a + l.value, 0),
  };
}
