// Inboxes: a status panel per Kafka inbox (state, lag in records and time, rate, heartbeat, node, parked
// records) with the lag of each partition it holds, as the inbox last looked (never asking the broker),
// its parked records with their topic, partition, offset, key, value and error, and for operators:
// retry one or all, skip, pause and resume. Every value is set as text.
import {el, show, count, plural} from './dom.js';
import {workersOf, statusOf, statusFacts, pauseControls, every} from './workers.js';
import {parkedWork} from './parked.js';

const POLL = 2000;

/** An inbox's parked record: where it was in Kafka, its key, and its value as text. */
const RECORDS = {
  noun: 'parked record',
  column: 'record',
  what: p => [el('div', {class: 'record-source'}, p.topic + '/' + p.partition + '/' + p.offset,
    ' · ', p.key === null ? el('span', {class: 'hint'}, 'no key') : 'key ' + p.key),
    p.value === null ? el('span', {class: 'hint'}, '(no value)') : el('pre', {class: 'json small record-value'}, p.value)],
  retried: 'It is translated and stored again now; if it fails again it stays parked.',
  skipped: 'It is never stored: the inbox goes on without it (a partition stopped at it goes on).',
};

/** The partitions an inbox holds: topic, partition, committed and end offsets, lag, stopped. */
function partitionRows(partitions) {
  return partitions.map(p => el('tr', {'data-partition': p.topic + '/' + p.partition, class: p.stopped ? 'stopped' : null},
    el('td', {}, p.topic), el('td', {class: 'num'}, String(p.partition)), el('td', {class: 'num'}, count(p.committed)),
    el('td', {class: 'num'}, count(p.end)), el('td', {class: 'num'}, count(p.lag)),
    el('td', {}, p.stopped ? el('span', {class: 'state state-paused'}, 'stopped at a parked record') : '—')));
}

function inboxPanel(status, {operator, problem}) {
  const name = status.name;
  const facts = el('div', {});
  const note = el('p', {class: 'hint partition-counts'});
  const body = el('tbody', {});
  const refresh = () => { poll().catch(problem); };
  const pausing = pauseControls(name, {operator, problem}, refresh);
  const parked = parkedWork(name, {operator, problem}, refresh, RECORDS);

  async function poll() {
    const s = await statusOf(name);
    show(facts, statusFacts(s, [['parked records', String(s.parkedEvents)]]));
    pausing.update(s);
    note.textContent = s.partitions.length ? 'Holds ' + plural(s.partitions.length, 'partition') + ', '
      + plural(s.lagEvents, 'record') + ' behind in all.'
      : 'Holds no partition now (another instance of its group may hold them).';
    show(body, partitionRows(s.partitions));
    await parked.poll();
  }

  const node = el('section', {class: 'panel worker', id: 'inbox-' + name, 'data-worker': name},
    el('div', {class: 'toolbar'}, el('h2', {}, name),
      operator ? el('div', {class: 'bar actions'}, pausing.node, parked.retryAll) : null),
    facts, el('h3', {}, 'Partitions'), note,
    el('table', {class: 'partitions'}, el('caption', {class: 'hidden'}, 'Partitions of ' + name),
      el('thead', {}, el('tr', {}, ['topic', 'partition', 'committed', 'end', 'lag', 'stopped']
        .map(h => el('th', {scope: 'col'}, h)))), body),
    el('h3', {}, 'Parked records'), parked.node);
  return {node, poll};
}

export async function inboxes(context) {
  const {root, problem} = context;
  const panels = new Map();
  await every(POLL, async () => {
    const list = await workersOf('INBOX');
    if (list.map(s => s.name).join('\n') !== [...panels.keys()].join('\n')) {
      panels.clear();
      list.forEach(s => panels.set(s.name, inboxPanel(s, context)));
      show(root, list.length ? [...panels.values()].map(p => p.node)
        : el('p', {class: 'hint', id: 'no-inboxes'}, 'No inbox runs in this server\'s worker registry.'));
    }
    await Promise.all([...panels.values()].map(p => p.poll()));
  }, problem);
}
