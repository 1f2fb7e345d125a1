/**
 * bench/time-vs-events.png: time vs events (log–log) per engine, drawn as SVG with d3's scales
 * and line generator (no DOM needed) and screenshot by the system Chromium (no network).
 */
import { chromium } from '@playwright/test';
import { format, line, scaleLog } from 'd3';
import { CHROMIUM_LAUNCH } from '../chromium';

export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: { events: number; ms: number }[];
}

const W = 1040;
const H = 460;
const M = { top: 48, right: 330, bottom: 52, left: 64 };
/** The legend sits right of the plot, clear of the lines. */
const LX = W - M.right + 16;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A log-scale domain around the values: padded, and at least one decade wide. */
function logDomain(vs: number[]): [number, number] {
  if (!vs.length) return [1, 10];
  let lo = Math.min(...vs) / 1.6;
  let hi = Math.max(...vs) * 1.6;
  if (hi / lo < 10) {
    const mid = Math.sqrt(lo * hi);
    [lo, hi] = [mid / Math.sqrt(10), mid * Math.sqrt(10)];
  }
  return [lo, hi];
}

/** The chart as an SVG document. */
export function chartSvg(title: string, series: Series[]): string {
  const pts = series.flatMap((s) => s.points);
  const xs = pts.map((p) => p.events);
  const ys = pts.map((p) => p.ms / 1000);
  const x = scaleLog()
    .domain(logDomain(xs))
    .range([M.left, W - M.right]);
  const y = scaleLog()
    .domain(logDomain(ys))
    .range([H - M.bottom, M.top]);
  const si = format('~s');
  const xTicks = x.ticks().filter((v) => /^[125]/.test(String(v)));
  const yTicks = y.ticks().filter((v) => /^[125]/.test(v.toExponential()));
  const grid = [
    ...xTicks.map(
      (v) =>
        `<line x1="${x(v)}" x2="${x(v)}" y1="${M.top}" y2="${H - M.bottom}" class="g"/><text x="${x(v)}" y="${H - M.bottom + 18}" text-anchor="middle">${si(v)}</text>`,
    ),
    ...yTicks.map(
      (v) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" class="g"/><text x="${M.left - 8}" y="${y(v) + 4}" text-anchor="end">${format('~g')(v)}</text>`,
    ),
  ].join('\n');
  const path = line<{ events: number; ms: number }>()
    .x((p) => x(p.events))
    .y((p) => y(p.ms / 1000));
  const lines = series
    .filter((s) => s.points.length)
    .map((s) => {
      const d = [...s.points].sort((a, b) => a.events - b.events);
      const dots = d
        .map(
          (p) => `<circle cx="${x(p.events)}" cy="${y(p.ms / 1000)}" r="3.5" fill="${s.color}"/>`,
        )
        .join('');
      return `<path d="${path(d)}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>${dots}`;
    })
    .join('\n');
  const legend = series
    .map(
      (s, i) =>
        `<line x1="${LX}" x2="${LX + 28}" y1="${M.top + 14 + i * 18}" y2="${M.top + 14 + i * 18}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${LX + 36}" y="${M.top + 18 + i * 18}">${esc(s.name)}${s.points.length ? '' : ' (no data)'}</text>`,
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif" font-size="12">
<style>.g{stroke:#e3e3e3} text{fill:#333}</style>
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${(M.left + W - M.right) / 2}" y="24" text-anchor="middle" font-size="15">${esc(title)}</text>
${grid}
<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#888"/>
<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#888"/>
<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">events (log scale)</text>
<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">seconds (log scale)</text>
${lines}
${legend}
</svg>`;
}

/** Renders the SVG to a PNG with the system Chromium. */
export async function writeChartPng(svg: string, file: string): Promise<void> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H } });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    await page.locator('svg').screenshot({ path: file });
  } finally {
    await browser.close();
  }
}
