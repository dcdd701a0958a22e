// A small bar chart in SVG: one bar per value, newest on the right, scaled to the largest value shown.
import {plural} from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attributes) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/**
 * A chart of `slots` bars counting `one` (a noun, made plural as the largest value needs) followed by
 * `after`: "max 1 event/s", "max 12 events behind"; update(values) redraws it.
 */
export function barChart(label, slots, one = 'event', after = '/s') {
  const width = 600, height = 120;
  const root = svg('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart',
    preserveAspectRatio: 'none'});
  const bars = svg('g', {});
  const scale = document.createElement('span');
  scale.className = 'scale';
  root.append(svg('line', {x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5, class: 'axis'}), bars);
  const node = document.createElement('figure');
  node.className = 'chart-box';
  node.append(scale, root);
  return {
    node,
    update(values) {
      const max = Math.max(1, ...values);
      const step = width / slots;
      bars.replaceChildren(...values.slice(-slots).map((value, i, shown) => {
        const h = Math.max(value > 0 ? 1 : 0, (value / max) * (height - 20));
        const x = (slots - shown.length + i) * step;
        return svg('rect', {x: x + 1, y: height - h, width: Math.max(1, step - 2), height: h, class: 'bar'});
      }));
      scale.textContent = 'max ' + plural(Math.round(max), one) + after;
    },
  };
}
