/** Static markup for the HTML report: escaping, tables and horizontal bar charts as inline SVG. */

/** Text made safe for HTML content and attribute values. */
export function esc(v: unknown): string {
  return String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A table: header cells and rows of already formatted values (escaped here); numeric columns right-aligned. */
export function table(
  columns: string[],
  rows: (string | number)[][],
  numeric: number[] = [],
): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  return `<table><thead><tr>${columns.map((c, i) => `<th${cls(i)}>${esc(c)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((v, i) => `<td${cls(i)}>${esc(v)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

/** One bar of a chart: label, value (null = no bar) and its formatted text. */
export interface Bar {
  label: string;
  value: number | null;
  text: string;
}

/**
 * A horizontal bar chart as inline SVG: one row per bar, scaled to the largest value (bars of
 * negative or null values are not drawn), labels on the left, values at the bar's end.
 */
export function bars(title: string, data: Bar[], color = '#1f3a5f', width = 560): string {
  const row = 22;
  const labelW = Math.min(200, 12 + 7 * Math.max(4, ...data.map((d) => d.label.length)));
  const textW = 90;
  const plotW = Math.max(60, width - labelW - textW);
  const max = Math.max(0, ...data.map((d) => d.value ?? 0));
  const h = data.length * row + 8;
  const body = data
    .map((d, i) => {
      const y = 4 + i * row;
      const w = max > 0 && d.value !== null && d.value > 0 ? (d.value / max) * plotW : 0;
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(d.label)}</text>
<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 8}" fill="${color}" rx="2"><title>${esc(`${d.label}: ${d.text}`)}</title></rect>
<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 15}" class="v">${esc(d.text)}</text>`;
    })
    .join('\n');
  return `<figure><figcaption>${esc(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="system-ui, sans-serif" font-size="12" fill="#22303f">${body}</svg></figure>`;
}
