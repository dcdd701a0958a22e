// Projections: a status panel per projection (state, checkpoint and head, lag in events and time with a
// graph of the lag over the last minutes, rate, heartbeat, node, which version serves queries), its
// parked events with the failing event and the error, and for operators: retry one or all, skip, rebuild
// beside the serving copy (and cancel that rebuild while it runs), reset, pause and resume.
import {el, show, link, count} from './dom.js';
import {barChart} from './chart.js';
import {parkedWork} from './parked.js';
import {workersOf, workerPath, statusOf, statusFacts, actionButton, pauseControls, every} from './workers.js';

const POLL = 2000;
const SLOTS = 90; // three minutes of samples

/** A projection's parked event: its stream and type, and the failing event as the log holds it. */
const EVENTS = {
  noun: 'parked event',
  column: 'event',
  what: p => [el('div', {}, link('stream', {name: p.stream}, p.stream), ' · ', p.type),
    p.event ? el('pre', {class: 'json small'}, JSON.stringify(p.event.data, null, 2))
      : el('span', {class: 'hint'}, '(the event is no longer in the log)')],
  retried: 'It is applied again now; if it fails again it stays parked with the new error.',
  skipped: 'It is never applied: the read model goes on without it.',
};

/**
 * "v2 · generation 3 · serves queries", or "v3 · building beside the version that serves" for a new
 * version; from the status's projection part when the server gives it, from the worker's name otherwise.
 */
function version(status) {
  const p = status.projection;
  const match = /\.v(\d+)$/.exec(status.name);
  const v = p ? 'v' + p.version + (p.generation > 1 ? ' · generation ' + p.generation : '')
    : match ? 'v' + match[1] : '(unversioned)';
  return status.state === 'REBUILDING' ? v + ' · building beside the version that serves queries'
    : v + ' · serves queries';
}

/** "generation 4: 1,200 of head 5,000 (REBUILDING)" for a rebuild under way, or null. */
function rebuildProgress(status) {
  const r = status.projection && status.projection.rebuild;
  return r ? el('span', {class: 'rebuild-progress'}, 'generation ' + r.generation + ': ' + count(r.checkpoint)
    + ' of head ' + count(r.head) + ' (' + r.state + ')') : null;
}

function projectionPanel(status, {operator, problem}) {
  const name = status.name;
  const facts = el('div', {});
  const chart = barChart('Lag of ' + name + ' in events, sampled every 2 seconds', SLOTS, 'event', ' behind');
  const lags = [];
  const refresh = () => { poll().catch(problem); };
  const pausing = pauseControls(name, {operator, problem}, refresh);
  const parked = parkedWork(name, {operator, problem}, refresh, EVENTS);
  const rebuild = actionButton('Rebuild…', {class: 'rebuild', hidden: true}, {title: 'Rebuild ' + name
      + ' beside the copy that serves?',
    detail: 'A new generation is built from the first event into tables of its own while queries keep reading '
      + 'this one; it takes over when caught up, and this one is dropped.',
    path: workerPath(name, 'rebuild'), problem, done: refresh});
  const cancelRebuild = actionButton('Cancel rebuild…', {class: 'danger cancel-rebuild', hidden: true}, {
    title: 'Cancel the rebuild of ' + name + '?',
    detail: 'The generation being built stops and its tables are dropped; the one serving queries goes on untouched. '
      + 'What it built is lost: a later rebuild starts again from the first event.',
    path: workerPath(name, 'rebuild', 'cancel'), problem, done: refresh});
  const controls = operator ? el('div', {class: 'bar actions'}, pausing.node,
    parked.retryAll,
    rebuild, cancelRebuild,
    actionButton('Reset…', {class: 'danger reset'}, {title: 'Reset ' + name + '?',
      detail: 'Its read model is dropped and rebuilt from the first event; queries see it empty meanwhile.',
      path: workerPath(name, 'reset'), problem, done: refresh})) : null;

  async function poll() {
    const s = await statusOf(name);
    const progress = rebuildProgress(s);
    show(facts, statusFacts(s, [['version', version(s)], progress ? ['rebuild', progress] : null,
      ['parked', String(s.parkedEvents)]].filter(Boolean)));
    pausing.update(s);
    const building = Boolean(s.projection && s.projection.rebuild);
    rebuild.hidden = building || !(s.controls || []).includes('REBUILD');
    cancelRebuild.hidden = !building || !(s.controls || []).includes('CANCEL_REBUILD');
    lags.push(s.lagEvents);
    if (lags.length > SLOTS) lags.shift();
    chart.update(lags);
    await parked.poll();
  }

  const node = el('section', {class: 'panel worker', id: 'projection-' + name, 'data-worker': name},
    el('div', {class: 'toolbar'}, el('h2', {}, name), controls),
    el('div', {class: 'columns even'}, facts,
      el('div', {}, el('h3', {}, 'Lag'), chart.node, el('p', {class: 'hint'}, 'Sampled every 2 seconds while this page is open.'))),
    el('h3', {}, 'Parked events'), parked.node);
  return {node, poll};
}

export async function projections(context) {
  const {root, problem} = context;
  const panels = new Map();
  await every(POLL, async () => {
    const list = await workersOf('PROJECTION');
    const names = list.map(s => s.name).join('\n');
    if (names !== [...panels.keys()].join('\n')) {
      panels.clear();
      list.forEach(s => panels.set(s.name, projectionPanel(s, context)));
      show(root, list.length ? [...panels.values()].map(p => p.node)
        : el('p', {class: 'hint', id: 'no-projections'}, 'No projection runs in this server\'s worker registry.'));
    }
    await Promise.all([...panels.values()].map(p => p.poll()));
  }, problem);
}
