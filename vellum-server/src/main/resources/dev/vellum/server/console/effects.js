// Side effects: per reactor, the effects not yet ended (waiting for approval, scheduled, failed with
// their error and attempts) with Approve and Cancel for operators, and the outcomes recorded lately.
import {get, parseExact} from './api.js';
import {el, show, link, pagedTable, plural, when} from './dom.js';
import {workersOf, workerPath, statusOf, statusFacts, actionButton, pauseControls, every} from './workers.js';

const POLL = 2000;
const PAGE = 20;
const STATES = {AWAITING_APPROVAL: 'waiting for approval', SCHEDULED: 'scheduled', FAILED: 'failed, will retry'};

/** The payload as formatted JSON when it is JSON, else as it is; always text. */
function payloadText(payload) {
  try {
    return JSON.stringify(parseExact(payload), null, 2);
  } catch (e) {
    return payload;
  }
}

function reactorPanel(status, {operator, problem}) {
  const name = status.name;
  const facts = el('div', {});
  const pendingNote = el('p', {class: 'hint'});
  const pending = pagedTable('effects-' + name, 'Pending effects of ' + name,
    ['state', 'payload', 'caused by', 'attempts', 'next attempt', 'last error', operator ? 'actions' : null]
      .filter(Boolean), PAGE);
  const outcomesNote = el('p', {class: 'hint'});
  const outcomes = pagedTable('outcomes-' + name, 'Recorded outcomes of ' + name,
    ['position', 'recorded', 'outcome', 'stream', 'data'], PAGE);
  let shownPending = null;
  let shownOutcomes = null;
  let polls = 0;
  const refresh = () => { poll().catch(problem); };
  const pausing = pauseControls(name, {operator, problem}, refresh);

  function rows(effects) {
    return effects.map(e => ({attributes: {'data-key': e.key, 'data-state': e.state}, cells: [
      el('span', {class: 'state state-' + e.state.toLowerCase()}, STATES[e.state] || e.state),
      el('pre', {class: 'json small'}, payloadText(e.payload)),
      [link('stream', {name: e.sourceStream}, e.sourceStream), ' @ ',
        link('event', {position: e.sourcePosition}, String(e.sourcePosition))],
      String(e.attempts),
      e.state === 'AWAITING_APPROVAL' ? '—' : when(e.nextAttempt),
      e.lastError ? el('code', {class: 'error'}, e.lastError) : '—',
      operator ? el('div', {class: 'row-actions'},
        e.state === 'AWAITING_APPROVAL' ? actionButton('Approve…', {class: 'approve'}, {
          title: 'Approve this effect?', detail: 'It runs now, once (its idempotency key is ' + e.key
            + '), and its outcome is recorded as an event.',
          path: workerPath(name, 'effects', e.key, 'approve'), problem, done: refresh}) : null,
        actionButton('Cancel…', {class: 'danger cancel'}, {title: 'Cancel this effect?',
          detail: 'It never runs. Its key (' + e.key + ') stays used, so a replay does not ask for it again.',
          path: workerPath(name, 'effects', e.key, 'cancel'), problem, done: refresh})) : null,
    ].filter(c => c !== null)}));
  }

  function outcomeRows(events) {
    return events.map(e => ({attributes: {'data-position': e.position, 'data-effect': e.metadata.headers.$effect},
      cells: [link('event', {position: e.position}, String(e.position)), when(e.recordedAt), e.type,
        link('stream', {name: e.stream, from: e.revision}, e.stream),
        el('pre', {class: 'json small'}, JSON.stringify(e.data, null, 2))]}));
  }

  /** The outcomes, read again when the pending effects changed and every tenth poll (a bounded scan of the log). */
  async function loadOutcomes() {
    const recorded = await get(workerPath(name, 'outcomes'), {limit: 100});
    const outcomeSignature = JSON.stringify(recorded.outcomes.map(e => e.position));
    if (outcomeSignature !== shownOutcomes) {
      shownOutcomes = outcomeSignature;
      outcomesNote.textContent = recorded.outcomes.length
        ? 'The latest ' + plural(recorded.outcomes.length, 'outcome') + ' among the last positions of the log ('
          + (recorded.after + 1) + ' to ' + recorded.head + ').'
        : 'No outcome recorded among the last positions of the log (' + (recorded.after + 1) + ' to ' + recorded.head + ').';
      outcomes.update(outcomeRows(recorded.outcomes));
    }
  }

  async function poll() {
    const s = await statusOf(name);
    show(facts, statusFacts(s, [['pending effects', String(s.pendingEffects)], ['due', String(s.dueTimers)]]));
    pausing.update(s);
    let answer;
    try {
      answer = await get(workerPath(name, 'effects'));
    } catch (error) {
      pendingNote.textContent = String(error.message || error);
      return;
    }
    const signature = JSON.stringify(answer.effects.map(e => [e.key, e.state, e.attempts, e.lastError]));
    polls += 1;
    if (signature !== shownPending || polls % 10 === 1) await loadOutcomes();
    if (signature === shownPending) return;
    shownPending = signature;
    const waiting = answer.effects.filter(e => e.state === 'AWAITING_APPROVAL').length;
    pendingNote.textContent = answer.effects.length
      ? plural(answer.effects.length, 'pending effect') + ', ' + waiting + ' waiting for approval' : 'Nothing pending.';
    pending.update(rows(answer.effects));
  }

  const node = el('section', {class: 'panel worker', id: 'reactor-' + name, 'data-worker': name},
    el('div', {class: 'toolbar'}, el('h2', {}, name), operator ? el('div', {class: 'bar actions'}, pausing.node) : null),
    facts,
    el('h3', {}, 'Pending effects'), pendingNote, pending.node,
    el('h3', {}, 'Recorded outcomes'), outcomesNote, outcomes.node);
  return {node, poll};
}

export async function effects(context) {
  const {root, problem} = context;
  const panels = new Map();
  await every(POLL, async () => {
    const list = await workersOf('REACTOR');
    if (list.map(s => s.name).join('\n') !== [...panels.keys()].join('\n')) {
      panels.clear();
      list.forEach(s => panels.set(s.name, reactorPanel(s, context)));
      show(root, list.length ? [...panels.values()].map(p => p.node)
        : el('p', {class: 'hint', id: 'no-reactors'}, 'No reactor runs in this server\'s worker registry.'));
    }
    await Promise.all([...panels.values()].map(p => p.poll()));
  }, problem);
}
