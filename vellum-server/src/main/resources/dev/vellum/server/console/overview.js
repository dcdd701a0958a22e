// Overview: the store's head and stream count, the append rate with a graph, and the latest events,
// polled every second.
import {get} from './api.js';
import {el, show, count} from './dom.js';
import {barChart} from './chart.js';
import {eventLine} from './events.js';

const SLOTS = 60;
const LATEST = 8;

export async function overview({root, problem}) {
  const head = el('output', {id: 'head', class: 'figure'}, '…');
  const streams = el('output', {id: 'stream-count', class: 'figure'}, '…');
  const rate = el('output', {id: 'rate', class: 'figure'}, '…');
  const chart = barChart('Events appended per second, last 60 seconds', SLOTS);
  const latest = el('tbody', {id: 'latest'});
  show(root,
    el('section', {class: 'cards'},
      el('div', {class: 'card'}, el('h2', {}, 'Head position'), head),
      el('div', {class: 'card'}, el('h2', {}, 'Streams'), streams),
      el('div', {class: 'card'}, el('h2', {}, 'Append rate'), rate, el('span', {class: 'unit'}, ' events/s'))),
    el('section', {class: 'panel'}, el('h2', {}, 'Events per second'), chart.node,
      el('p', {class: 'hint'}, 'From the head position, sampled every second.')),
    el('section', {class: 'panel'}, el('h2', {}, 'Latest events'),
      el('table', {class: 'tail'}, el('caption', {class: 'hidden'}, 'The latest events, newest first'),
        el('thead', {}, el('tr', {}, ['position', 'recorded', 'stream', 'type', 'data'].map(h => el('th', {scope: 'col'}, h)))),
        latest)));
  const rates = [];
  let last = null;
  async function sample() {
    try {
      const store = await get('/api/store');
      const now = performance.now();
      head.textContent = count(store.head);
      streams.textContent = count(store.streams);
      if (last) {
        const perSecond = Math.max(0, (store.head - last.head) / ((now - last.at) / 1000));
        rates.push(perSecond);
        if (rates.length > SLOTS) rates.shift();
        rate.textContent = count(Math.round(perSecond));
        chart.update(rates);
      }
      if (!last || store.head !== last.head) {
        const page = await get('/api/log', {after: Math.max(0, store.head - LATEST), limit: LATEST});
        show(latest, page.events.slice().reverse().map(eventLine));
      }
      last = {head: store.head, at: now};
      problem(null);
    } catch (error) {
      problem(error);
    }
  }
  await sample();
  chart.update(rates);
  setInterval(sample, 1000);
}
