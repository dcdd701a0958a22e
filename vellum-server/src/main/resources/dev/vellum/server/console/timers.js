// Processes and timers: every process manager and timer scheduler with its status and its timers not
// yet fired, the due and overdue ones marked. A worker's panel is a list of sections per kind
// (SECTIONS below), so a section (a process manager's instances, say) is one function more.
import {get} from './api.js';
import {el, show, pagedTable, plural, duration, when} from './dom.js';
import {workersOf, workerPath, statusOf, statusFacts, pauseControls, every} from './workers.js';

const POLL = 2000;
const PAGE = 20;
const KINDS = {PROCESS_MANAGER: 'process manager', TIMER_SCHEDULER: 'timer scheduler'};

/** How a timer stands now: held, due in …, due now, or overdue by … (a second of grace for the scheduler). */
function standing(timer, now) {
  if (timer.state === 'HELD') return {text: 'held', overdue: false};
  const late = (now - Date.parse(timer.nextAttempt)) / 1000;
  if (late < 0) return {text: 'due in ' + duration(-late), overdue: false};
  if (late < 1) return {text: 'due now', overdue: false};
  return {text: 'overdue by ' + duration(late), overdue: true};
}

/** A worker's timers not yet fired, with counts of the due and overdue ones. */
function timersSection(status) {
  const note = el('p', {class: 'hint timer-counts'});
  const table = pagedTable('timers-' + status.name, 'Timers of ' + status.name,
    ['timer', 'process', 'due', 'next attempt', 'standing', 'attempts', 'last error'], PAGE);
  async function poll() {
    const answer = await get(workerPath(status.name, 'timers'));
    const now = Date.now();
    const rows = answer.timers.map(t => {
      const s = standing(t, now);
      return {attributes: {'data-timer': t.id, class: s.overdue ? 'overdue' : null}, cells: [
        el('code', {}, t.id), t.process, when(t.due), when(t.nextAttempt),
        el('span', {class: s.overdue ? 'state state-failed' : 'state'}, s.text), String(t.attempts),
        t.lastError ? el('code', {class: 'error'}, t.lastError) : '—']};
    });
    const due = answer.timers.filter(t => t.state !== 'HELD' && Date.parse(t.nextAttempt) <= now).length;
    const overdue = rows.filter(r => r.attributes.class === 'overdue').length;
    note.textContent = answer.timers.length ? plural(answer.timers.length, 'timer') + ' not yet fired: ' + due
      + ' due, ' + overdue + ' overdue.' : 'No timer waits.';
    table.update(rows);
  }
  return {node: el('div', {}, el('h3', {}, 'Timers'), note, table.node), poll};
}

/** The sections of a worker's panel, by kind. */
const SECTIONS = {PROCESS_MANAGER: [timersSection], TIMER_SCHEDULER: [timersSection]};

function workerPanel(status, context) {
  const facts = el('div', {});
  const pausing = pauseControls(status.name, context, () => { poll().catch(context.problem); });
  const sections = SECTIONS[status.kind].map(section => section(status, context));
  async function poll() {
    const s = await statusOf(status.name);
    show(facts, statusFacts(s, [['kind', KINDS[s.kind]], ['due timers', String(s.dueTimers)]]));
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
