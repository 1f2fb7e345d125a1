/** Journey Sankey geometry (DOMAIN.md §6): buyers' ordered stages from O to I, N or K; d3-sankey math only, no DOM. */
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';

/** One Sankey path of the journeys report: its steps (D/E1/E2/P or 'other', then I, N or K). */
export interface JourneyPathIn {
  steps: string[];
  buyers: number;
}

/** One laid-out node; `share` is value ÷ all buyers. */
export interface JourneyNodeBox {
  id: string;
  label: string;
  column: number;
  end: boolean;
  value: number;
  share: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** One laid-out band; `value` = buyers of the paths crossing it, `share` = value ÷ all buyers. */
export interface JourneyLinkBand {
  source: string;
  target: string;
  sourceLabel: string;
  targetLabel: string;
  value: number;
  share: number;
  path: string;
  width: number;
}

/** Laid-out journey Sankey; `total` is Σ buyers, `columns` the number of step columns. */
export interface JourneyLayout {
  nodes: JourneyNodeBox[];
  links: JourneyLinkBand[];
  total: number;
  columns: number;
}

/** Layout extent and d3-sankey node sizing. */
export interface JourneyLayoutOptions {
  width: number;
  height: number;
  nodeWidth?: number;
  nodePadding?: number;
}

/** The end nodes, always in the last column. */
export const JOURNEY_ENDS = ['I', 'N', 'K'] as const;

/**
 * Initial top-to-bottom order of the labels within a column (unknown labels after these).
 * d3-sankey's relaxation then reorders each column by its links, which crosses far fewer bands
 * than a fixed order when many paths skip columns on their way to the ends.
 */
const ORDER = ['O', 'D', 'E1', 'E2', 'P', 'other', 'I', 'N', 'K'];

interface NodeIn {
  id: string;
  label: string;
  column: number;
  end: boolean;
}
interface LinkIn {
  from: string;
  to: string;
}
type Node = SankeyNode<NodeIn, LinkIn>;
type Link = SankeyLink<NodeIn, LinkIn>;

const rank = (label: string) => {
  const i = ORDER.indexOf(label);
  return i < 0 ? ORDER.length : i;
};

/** Whether a label is an end node (I, N or K). */
export const isJourneyEnd = (label: string): boolean =>
  (JOURNEY_ENDS as readonly string[]).includes(label);

/**
 * Lays the paths out in [0, width] × [0, height]: column 0 is one "O" node, a path's steps before
 * its end take columns 1, 2, … by position (nodes are keyed by (column, label), so the graph is
 * acyclic), and every end node sits in the last column whatever the path's length. Link value =
 * the buyers of the paths crossing it. Paths with no buyers or no steps are skipped.
 */
export function journeyLayout(paths: JourneyPathIn[], opts: JourneyLayoutOptions): JourneyLayout {
  const kept = paths.filter((p) => p.buyers > 0 && p.steps.length > 0);
  const total = kept.reduce((a, p) => a + p.buyers, 0);
  if (!kept.length) return { nodes: [], links: [], total: 0, columns: 0 };

  const last = Math.max(1, ...kept.map((p) => p.steps.length));
  const nodes = new Map<string, NodeIn>([
    ['0:O', { id: '0:O', label: 'O', column: 0, end: false }],
  ]);
  const links = new Map<string, LinkIn & { source: string; target: string; value: number }>();
  const node = (column: number, label: string, end: boolean) => {
    const id = end ? `end:${label}` : `${column}:${label}`;
    if (!nodes.has(id)) nodes.set(id, { id, label, column, end });
    return id;
  };
  for (const p of kept) {
    const pre = p.steps.slice(0, -1);
    const endLabel = p.steps[p.steps.length - 1];
    const ids = ['0:O', ...pre.map((s, i) => node(i + 1, s, false)), node(last, endLabel, true)];
    for (let i = 1; i < ids.length; i++) {
      const key = `${ids[i - 1]}→${ids[i]}`;
      const l = links.get(key);
      if (l) l.value += p.buyers;
      else
        links.set(key, {
          from: ids[i - 1],
          to: ids[i],
          source: ids[i - 1],
          target: ids[i],
          value: p.buyers,
        });
    }
  }

  const byRank = (a: NodeIn, b: NodeIn) =>
    rank(a.label) - rank(b.label) || a.column - b.column || a.label.localeCompare(b.label);
  const graph = sankey<NodeIn, LinkIn>()
    .nodeId((n) => n.id)
    .nodeAlign((n) => n.column)
    .nodeWidth(opts.nodeWidth ?? 14)
    .nodePadding(opts.nodePadding ?? 12)
    .extent([
      [0, 0],
      [opts.width, opts.height],
    ])({ nodes: [...nodes.values()].sort(byRank), links: [...links.values()] });

  const path = sankeyLinkHorizontal<NodeIn, LinkIn>();
  const share = (v: number) => (total ? v / total : 0);
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      label: n.label,
      column: n.column,
      end: n.end,
      value: n.value ?? 0,
      share: share(n.value ?? 0),
      x0: n.x0 ?? 0,
      x1: n.x1 ?? 0,
      y0: n.y0 ?? 0,
      y1: n.y1 ?? 0,
    })),
    links: graph.links.map((l: Link) => {
      const s = l.source as Node;
      const t = l.target as Node;
      return {
        source: l.from,
        target: l.to,
        sourceLabel: s.label,
        targetLabel: t.label,
        value: l.value,
        share: share(l.value),
        path: path(l) ?? '',
        width: l.width ?? 0,
      };
    }),
    total,
    columns: last + 1,
  };
}
