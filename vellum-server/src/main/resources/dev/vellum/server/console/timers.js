// Processes and timers: every process manager and timer scheduler with its status and its timers not
// yet fired, the due and overdue ones marked, and a process manager's instances, each with its state,
// history and timers on demand. A worker's panel is a list of sections per kind (SECTIONS below).
import {get} from './api.js';
import {el, show, link, pagedTable, plural, count, duration, when} from './dom.js';
import {workersOf, workerPath, statusOf, statusFacts, pauseControls, every} from './workers.js';

const POLL = 2000;
const PAGE = 20;
const KINDS = {PROCESS_MANAGER: 'process manager', TIMER_SCHEDULER: 'timer scheduler'};

/**
 * How a timer stands now: held, due in …, due now, overdue by … (a second of grace for the scheduler),
 * or past its deadline: it expires unfired when taken, so it is not overdue.
 */
function standing(timer, now) {
  if (timer.state === 'HELD') return {text: 'held', overdue: false, expiring: false};
  if (timer.deadline && now > Date.parse(timer.deadline)) {
    return {text: 'past its deadline', overdue: false, expiring: true};
  }
  const late = (now - Date.parse(timer.nextAttempt)) / 1000;
  if (late < 0) return {text: 'due in ' + duration(-late), overdue: false, expiring: false};
  if (late < 1) return {text: 'due now', overdue: false, expiring: false};
  return {text: 'overdue by ' + duration(late), overdue: true, expiring: false};
}

/** A worker's timers not yet fired, with counts of the due, overdue and expiring ones. */
function timersSection(status) {
  const note = el('p', {class: 'hint timer-counts'});
  const table = pagedTable('timers-' + status.name, 'Timers of ' + status.name,
    ['timer', 'process', 'due', 'deadline', 'next attempt', 'standing', 'attempts', 'last error'], PAGE);
  async function poll() {
    const answer = await get(workerPath(status.name, 'timers'));
    const now = Date.now();
    const standings = answer.timers.map(t => standing(t, now));
    const rows = answer.timers.map((t, i) => {
      const s = standings[i];
      return {attributes: {'data-timer': t.id, class: s.overdue ? 'overdue' : s.expiring ? 'expiring' : null}, cells: [
        el('code', {}, t.id), t.process, when(t.due), t.deadline ? when(t.deadline) : '—', when(t.nextAttempt),
        el('span', {class: s.overdue ? 'state state-failed' : s.expiring ? 'state state-expired' : 'state'}, s.text),
        String(t.attempts), t.lastError ? el('code', {class: 'error'}, t.lastError) : '—']};
    });
    const expiring = standings.filter(s => s.expiring).length;
    const due = answer.timers.filter((t, i) => t.state !== 'HELD' && !standings[i].expiring
      && Date.parse(t.nextAttempt) <= now).length;
    const overdue = standings.filter(s => s.overdue).length;
    note.textContent = answer.timers.length ? plural(answer.timers.length, 'timer') + ' not yet fired: ' + due
      + ' due, ' + overdue + ' overdue' + (expiring ? ', ' + expiring + (expiring === 1
        ? ' past its deadline (it expires unfired)' : ' past their deadline (they expire unfired)') : '')
      + '.' : 'No timer waits.';
    table.update(rows);
  }
  return {node: el('div', {}, el('h3', {}, 'Timers'), note, table.node), poll};
}

/** One instance in full: its state as text, its history's inputs and every timer it scheduled. */
function instanceDetail(answer) {
  return el('div', {class: 'instance-detail'},
    el('h4', {}, 'Instance ' + answer.id + ': state at revision ' + answer.revision),
    el('pre', {class: 'json small'}, JSON.stringify(answer.state, null, 2)),
    el('h4', {}, 'History'),
    el('ol', {}, answer.history.map(h => el('li', {}, h.event.type + ' (revision ' + h.event.revision + ')',
      h.input ? ' ← ' + h.input.kind + (h.input.event ? ' ' + h.input.event.type : '') : ''))),
    el('h4', {}, 'Timers'),
    answer.timers.length ? el('ul', {}, answer.timers.map(t => el('li', {'data-timer': t.id}, el('code', {}, t.id), ' · ',
      el('span', {class: 'state state-' + t.state.toLowerCase()}, t.state.toLowerCase()), ' · due ', when(t.due),
      t.deadline ? [' · deadline ', when(t.deadline)] : ''))) : el('p', {class: 'hint'}, 'It scheduled no timer.'));
}

/** A process manager's instances (the first 100), each with a button that shows it in full. */
function instancesSection(status, {problem}) {
  const note = el('p', {class: 'hint instance-count'});
  const detail = el('div', {});
  const table = pagedTable('instances-' + status.name, 'Instances of ' + status.name,
    ['instance', 'stream', 'events', 'status', 'details'], PAGE);
  let shown = null;
  async function open(id) {
    try {
      show(detail, instanceDetail(await get(workerPath(status.name, 'instances', id), {}, false)));
    } catch (error) {
      problem(error);
    }
  }
  async function poll() {
    const answer = await get(workerPath(status.name, 'instances'), {limit: 100}, false);
    const signature = JSON.stringify(answer.instances);
    if (signature === shown) return;
    shown = signature;
    note.textContent = answer.total ? plural(answer.total, 'instance') + (answer.next ? ', the first 100 shown.' : '.')
      : 'No instance yet.';
    table.update(answer.instances.map(i => ({attributes: {'data-instance': i.id}, cells: [
      el('code', {}, i.id), link('stream', {name: i.stream}, i.stream), count(i.events), i.status,
      el('button', {type: 'button', class: 'show-instance', onclick: () => open(i.id)}, 'Show')]})));
  }
  return {node: el('div', {}, el('h3', {}, 'Instances'), note, table.node, detail), poll};
}

/** The sections of a worker's panel, by kind. */
const SECTIONS = {PROCESS_MANAGER: [instancesSection, timersSection], TIMER_SCHEDULER: [timersSection]};

function workerPanel(status, context) {
  const facts = el('div', {});
  const pausing = pauseControls(status.name, context, () => { poll().catch(context.problem); });
  const sections = SECTIONS[status.kind].map(section => section(status, context));
  async function poll() {
    const s = await statusOf(status.name);
    show(facts, statusFacts(s, [['kind', KINDS[s.kind]], ['due timers', String(s.dueTimers)],
      ['expired timers', String(s.expiredTimers)]]));
    pausing.update(s);
    await Promise.all(sections.map(section => section.poll().catch(error => {
      show(section.node, el('p', {class: 'hint'}, String(error.message || error)));
    })));
  }
  const node = el('section', {class: 'panel worker', id: 'worker-' + status.name, 'data-worker': status.name},
    el('div', {class: 'toolbar'}, el('h2', {}, status.name),
      context.operator ? el('div', {class: 'bar actions'}, pausing.node) : null),
    facts, sections.map(s => s.node));
  return {node, poll};
}

export async function timers(context) {
  const {root, problem} = context;
  const panels = new Map();
  await every(POLL, async () => {
    const list = await workersOf(...Object.keys(SECTIONS));
    if (list.map(s => s.name).join('\n') !== [...panels.keys()].join('\n')) {
      panels.clear();
      list.forEach(s => panels.set(s.name, workerPanel(s, context)));
      show(root, list.length ? [...panels.values()].map(p => p.node) : el('p', {class: 'hint', id: 'no-timers'},
        'No process manager or timer scheduler runs in this server\'s worker registry.'));
    }
    await Promise.all([...panels.values()].map(p => p.poll()));
  }, problem);
}
