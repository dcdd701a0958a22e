// Projections: a status panel per projection (state, checkpoint and head, lag in events and time with a
// graph of the lag over the last minutes, rate, heartbeat, node, which version serves queries), its
// parked events with the failing event and the error, and for operators: retry one or all, skip, rebuild
// beside the serving copy (and cancel that rebuild while it runs), reset, pause and resume.
import {get, post} from './api.js';
import {ask} from './confirm.js';
import {el, show, link, pagedTable, plural, when, count} from './dom.js';
import {barChart} from './chart.js';
import {workersOf, workerPath, statusOf, statusFacts, actionButton, pauseControls, every} from './workers.js';

const POLL = 2000;
const SLOTS = 90; // three minutes of samples
const PAGE = 10;

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
  const parkedNote = el('p', {class: 'hint'});
  const parked = pagedTable('parked-' + name, 'Parked events of ' + name,
    ['position', 'event', 'error', 'attempts', 'parked at', operator ? 'actions' : null].filter(Boolean), PAGE);
  let shownParked = null; // the parked events as last shown, to redraw only on a change
  let parkedList = [];
  const refresh = () => { poll().catch(problem); };
  const pausing = pauseControls(name, {operator, problem}, refresh);
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
    el('button', {type: 'button', class: 'retry-all', onclick: retryAll}, 'Retry all parked…'),
    rebuild, cancelRebuild,
    actionButton('Reset…', {class: 'danger reset'}, {title: 'Reset ' + name + '?',
      detail: 'Its read model is dropped and rebuilt from the first event; queries see it empty meanwhile.',
      path: workerPath(name, 'reset'), problem, done: refresh})) : null;

  /** Retries every parked event, in order, with one confirmation and one reason. */
  async function retryAll() {
    if (!parkedList.length) {
      problem(new Error(name + ' has no parked events to retry.'));
      return;
    }
    const answer = await ask('Retry every parked event of ' + name + '?', parkedList.length === 1
      ? 'The parked event is applied again; if it fails again it stays parked.'
      : 'The ' + plural(parkedList.length, 'parked event') + ' are applied again, in order; one that fails again stays parked.',
    'Retry all');
    if (!answer) return;
    const failed = [];
    for (const p of parkedList) {
      try {
        await post(workerPath(name, 'parked', String(p.position), 'retry'), answer.reason ? {reason: answer.reason} : {});
      } catch (error) {
        failed.push(p.position + ': ' + (error.message || error));
      }
    }
    problem(failed.length ? new Error('Retries that did not go through: ' + failed.join('; ')) : null);
    refresh();
  }

  function rows(list) {
    return list.map(p => ({attributes: {'data-position': p.position}, cells: [
      link('event', {position: p.position}, String(p.position)),
      [el('div', {}, link('stream', {name: p.stream}, p.stream), ' · ', p.type),
        p.event ? el('pre', {class: 'json small'}, JSON.stringify(p.event.data, null, 2))
          : el('span', {class: 'hint'}, '(the event is no longer in the log)')],
      el('code', {class: 'error'}, p.error),
      String(p.attempts),
      when(p.parkedAt),
      operator ? el('div', {class: 'row-actions'},
        actionButton('Retry…', {class: 'retry'}, {title: 'Retry the event at position ' + p.position + '?',
          detail: 'It is applied again now; if it fails again it stays parked with the new error.',
          path: workerPath(name, 'parked', String(p.position), 'retry'), problem, done: refresh}),
        actionButton('Skip…', {class: 'danger skip'}, {title: 'Skip the event at position ' + p.position + '?',
          detail: 'It is never applied: the read model goes on without it.',
          path: workerPath(name, 'parked', String(p.position), 'skip'), problem, done: refresh})) : null,
    ].filter(c => c !== null)}));
  }

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
    let answer;
    try {
      answer = await get(workerPath(name, 'parked'));
    } catch (error) {
      parkedNote.textContent = String(error.message || error);
      return;
    }
    const signature = JSON.stringify(answer.parked.map(p => [p.position, p.attempts, p.error]));
    if (signature === shownParked) return;
    shownParked = signature;
    parkedList = answer.parked;
    parkedNote.textContent = parkedList.length ? plural(parkedList.length, 'parked event') : 'No parked events.';
    parked.update(rows(parkedList));
  }

  const node = el('section', {class: 'panel worker', id: 'projection-' + name, 'data-worker': name},
    el('div', {class: 'toolbar'}, el('h2', {}, name), controls),
    el('div', {class: 'columns even'}, facts,
      el('div', {}, el('h3', {}, 'Lag'), chart.node, el('p', {class: 'hint'}, 'Sampled every 2 seconds while this page is open.'))),
    el('h3', {}, 'Parked events'), parkedNote, parked.node);
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
