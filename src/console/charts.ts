import { html, type Html } from './html';

/**
 * A horizontal bar chart in inline SVG: no script, readable by screen readers through its
 * title and description, and always followed on the page by the same figures as a table.
 */
export function barChart(id: string, title: string, bars: { label: string; value: number }[], unit = ''): Html {
  if (bars.length === 0) return html``;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const rowHeight = 26;
  const labelWidth = 220;
  const width = 640;
  const height = bars.length * rowHeight + 8;
  const summary = bars.map((b) => `${b.label}: ${b.value}${unit}`).join('; ');
  return html`<figure class="chart">
    <svg
      role="img"
      aria-labelledby="${id}-title ${id}-desc"
      width="${width}"
      height="${height}"
      viewBox="0 0 ${width} ${height}"
    >
      <title id="${id}-title">${title}</title>
      <desc id="${id}-desc">${summary}</desc>
      ${bars.map((b, i) => {
        const barWidth = Math.round(((width - labelWidth - 70) * b.value) / max);
        const y = i * rowHeight + 4;
        return html`<text x="0" y="${y + 16}" class="label">${b.label}</text>
          <rect x="${labelWidth}" y="${y}" width="${barWidth}" height="${rowHeight - 8}" class="bar"></rect>
          <text x="${labelWidth + barWidth + 6}" y="${y + 16}" class="value">${b.value}${unit}</text>`;
      })}
    </svg>
    <figcaption>${title}</figcaption>
  </figure>`;
}
