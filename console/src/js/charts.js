// Charts drawn as inline SVG (no chart library; colours from classes in console.css, never a
// style attribute: the CSP has no unsafe-inline).
import { h, s } from './dom.js';
import { num } from './i18n.js';

// A horizontal bar chart: one labelled bar per [label, value, class]. The SVG has role img and
// a name that reads every figure, so a screen reader gets the numbers the bars show.
let chartCount = 0;
export function barChart(title, rows, { max, format = (v) => num(v), note } = {}) {
  const id = `chart-${++chartCount}`;
  const top = Math.max(1, max ?? Math.max(0, ...rows.map(([, v]) => v ?? 0)));
  const row = 40;
  const height = rows.length * row + 4;
  const described = rows.map(([l, v]) => `${l}: ${v === null || v === undefined ? '–' : format(v)}`).join(', ');
  return h('figure', { class: 'chart' }, h('figcaption', { id }, title),
    s('svg', { viewBox: `0 0 320 ${height}`, width: '100%', role: 'img', 'aria-labelledby': id,
      'aria-describedby': `${id}-d`, preserveAspectRatio: 'xMinYMin meet', focusable: 'false' },
    s('desc', { id: `${id}-d` }, described),
    rows.map(([l, v, cls], i) => {
      const width = v ? Math.max(1, (v / top) * 240) : 0;
      const y = i * row;
      return s('g', {},
        s('text', { x: 0, y: y + 14, class: 'chart-label' }, l),
        s('rect', { x: 0, y: y + 19, width, height: 16, class: `bar ${cls || ''}` }),
        s('text', { x: width + 6, y: y + 32, class: 'chart-value' }, v === null || v === undefined ? '–' : format(v)));
    })), note ? h('p', { class: 'hint' }, note) : null);
}

// A horizontal stacked bar chart: one bar per [label, values] row, one segment per series
// ([name, class], in the order of `values`), with a legend above. Like barChart, the SVG is an
// image named by the caption and described by every figure of every row.
export function stackedChart(title, series, rows, { format = (v) => num(v), note } = {}) {
  const id = `chart-${++chartCount}`;
  const totals = rows.map(([, values]) => values.reduce((sum, v) => sum + (v ?? 0), 0));
  const top = Math.max(1, ...totals);
  const row = 22;
  const legend = 24;
  const labelWidth = 72;
  const barWidth = 200;
  const height = legend + rows.length * row + 4;
  const described = rows.map(([l, values]) =>
    `${l}: ${series.map(([name], k) => `${name} ${format(values[k] ?? 0)}`).join(', ')}`).join('; ');
  const key = series.map(([name, cls], k) => s('g', {},
    s('rect', { x: k * 106, y: 4, width: 12, height: 12, class: `bar ${cls}` }),
    s('text', { x: k * 106 + 16, y: 15, class: 'chart-label' }, name)));
  return h('figure', { class: 'chart' }, h('figcaption', { id }, title),
    s('svg', { viewBox: `0 0 320 ${height}`, width: '100%', role: 'img', 'aria-labelledby': id,
      'aria-describedby': `${id}-d`, preserveAspectRatio: 'xMinYMin meet', focusable: 'false' },
    s('desc', { id: `${id}-d` }, described), key,
    rows.map(([l, values], i) => {
      const y = legend + i * row;
      let x = labelWidth;
      const segments = values.map((v, k) => {
        const width = v ? Math.max(1, (v / top) * barWidth) : 0;
        const rect = s('rect', { x, y: y + 3, width, height: 14, class: `bar ${series[k][1]}` });
        x += width;
        return rect;
      });
      return s('g', {},
        s('text', { x: 0, y: y + 15, class: 'chart-label' }, l), segments,
        s('text', { x: x + 6, y: y + 15, class: 'chart-value' }, format(totals[i])));
    })), note ? h('p', { class: 'hint' }, note) : null);
}
