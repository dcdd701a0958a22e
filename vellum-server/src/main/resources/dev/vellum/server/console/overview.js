// Overview: the store's head and stream count, the append rate with a graph, the latest events, every
// worker with its state, lag and last error at a glance, and the alerts that are open; polled every second.
import {get} from './api.js';
import {el, show, count, plural, noun, duration, when} from './dom.js';
import {barChart} from './chart.js';
import {eventLine} from './events.js';
import {errorText} from './workers.js';

/** The page that shows a worker of this kind. */
const PAGES = {PROJECTION: '/console/projections', REACTOR: '/console/effects', PROCESS_MANAGER: '/console/timers',
  TIMER_SCHEDULER: '/console/timers', INBOX: '/console/inboxes'};

function workerRow(w) {
  const page = PAGES[w.kind];
  return el('tr', {'data-worker': w.name},
    el('td', {}, page ? el('a', {href: page}, w.name) : w.name),
    el('td', {}, w.kind.toLowerCase().replace('_', ' ')),
    el('td', {}, el('span', {class: 'state state-' + w.state.toLowerCase()}, w.state)),
    el('td', {}, plural(w.lagEvents, 'event') + ' · ' + duration(w.lagSeconds)),
    el('td', {}, w.lastError ? el('span', {class: 'error'}, errorText(w.lastError)) : '—'));
}

function alertRow(a) {
  return el('tr', {'data-incident': a.id},
    el('td', {}, when(a.since)), el('td', {}, a.incident.toLowerCase().replace('_', ' ')),
    el('td', {}, a.worker), el('td', {}, a.detail || '—'));
}

const SLOTS = 60;
const LATEST = 8;

export async function overview({root, problem}) {
  const head = el('output', {id: 'head', class: 'figure'}, '…');
  const streams = el('output', {id: 'stream-count', class: 'figure'}, '…');
  const rate = el('output', {id: 'rate', class: 'figure'}, '…');
  const rateUnit = el('span', {class: 'unit', id: 'rate-unit'}, ' events/s');
  const chart = barChart('Events appended per second, last 60 seconds', SLOTS);
  const latest = el('tbody', {id: 'latest'});
  const workers = el('tbody', {id: 'overview-workers'});
  const alerts = el('tbody', {id: 'open-alerts'});
  const alertsNote = el('p', {class: 'hint', id: 'alerts-note'});
  show(root,
    el('section', {class: 'cards'},
      el('div', {class: 'card'}, el('h2', {}, 'Head position'), head),
      el('div', {class: 'card'}, el('h2', {}, 'Streams'), streams),
      el('div', {class: 'card'}, el('h2', {}, 'Append rate'), rate, rateUnit)),
    el('section', {class: 'panel'}, el('h2', {}, 'Events per second'), chart.node,
      el('p', {class: 'hint'}, 'From the head position, sampled every second.')),
    el('section', {class: 'panel'}, el('h2', {}, 'Latest events'),
      el('table', {class: 'tail'}, el('caption', {class: 'hidden'}, 'The latest events, newest first'),
        el('thead', {}, el('tr', {}, ['position', 'recorded', 'stream', 'type', 'data'].map(h => el('th', {scope: 'col'}, h)))),
        latest)),
    el('section', {class: 'panel'}, el('h2', {}, 'Workers'),
      el('table', {}, el('caption', {class: 'hidden'}, 'Every worker with its state, lag and last error'),
        el('thead', {}, el('tr', {}, ['worker', 'kind', 'state', 'lag', 'last error'].map(h => el('th', {scope: 'col'}, h)))),
        workers)),
    el('section', {class: 'panel'}, el('h2', {}, 'Open alerts'), alertsNote,
      el('table', {}, el('caption', {class: 'hidden'}, 'The incidents open now, oldest first'),
        el('thead', {}, el('tr', {}, ['since', 'incident', 'worker', 'detail'].map(h => el('th', {scope: 'col'}, h)))),
        alerts)));
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
        rateUnit.textContent = ' ' + noun(Math.round(perSecond), 'event') + '/s';
        chart.update(rates);
      }
      if (!last || store.head !== last.head) {
        const page = await get('/api/log', {after: Math.max(0, store.head - LATEST), limit: LATEST});
        show(latest, page.events.slice().reverse().map(eventLine));
      }
      last = {head: store.head, at: now};
      const [listed, incidents] = await Promise.all([get('/api/workers', {}, false), get('/api/alerts', {}, false)]);
      show(workers, listed.workers.map(workerRow));
      show(alerts, incidents.open.map(alertRow));
      alertsNote.textContent = !incidents.enabled ? 'This server runs without alerts.'
        : incidents.open.length ? '' : 'No alert is open.';
      problem(null);
    } catch (error) {
      problem(error);
    }
  }
  await sample();
  chart.update(rates);
  setInterval(sample, 1000);
}
