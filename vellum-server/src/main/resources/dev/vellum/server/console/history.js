// Time travel: a registered aggregate's state as of a revision of its stream, the events that led
// there, and the fields that differ from another revision.
import {get, streamPath} from './api.js';
import {el, show, field, table} from './dom.js';
import {eventCard} from './events.js';

const LEADING = 10;

function text(value) {
  return value === undefined ? '—' : JSON.stringify(value, null, 2);
}

/** The top-level fields whose values differ between two states, as table rows. */
function differences(before, after) {
  const names = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])].sort();
  return names.filter(n => JSON.stringify((before || {})[n]) !== JSON.stringify((after || {})[n]))
    .map(n => [n, el('code', {}, text((before || {})[n])), el('code', {}, text((after || {})[n]))]);
}

export async function timeTravel({root, params, problem}) {
  let shown = null; // the revision whose state is shown
  const commands = await get('/api/commands');
  const select = el('select', {id: 'aggregate', name: 'aggregate'},
    commands.aggregates.map(a => el('option', {value: a.name, selected: a.name === params.get('aggregate')}, a.name)));
  const [streamLabel, stream] = field('stream', 'Stream', {type: 'text', value: params.get('stream') || '',
    required: true, autocomplete: 'off', placeholder: 'e.g. order-1'});
  const [revisionLabel, revision] = field('revision', 'As of revision', {type: 'number', min: 0,
    value: params.get('revision') || '', placeholder: 'now'});
  const [compareLabel, compare] = field('compare', 'Compare with revision', {type: 'number', min: 0,
    value: params.get('compare') || '', placeholder: 'none'});
  const earlier = el('button', {type: 'button', id: 'earlier'}, '◀ Earlier');
  const later = el('button', {type: 'button', id: 'later'}, 'Later ▶');
  const form = el('form', {class: 'bar'}, el('label', {for: 'aggregate'}, 'Aggregate'), select, streamLabel, stream,
    revisionLabel, revision, compareLabel, compare, el('button', {type: 'submit'}, 'Show'));
  const result = el('div', {id: 'history'});
  if (commands.aggregates.length === 0) {
    show(root, el('p', {class: 'hint'}, 'No aggregate is registered with this server: time travel needs the '
      + 'aggregate\'s decider (register it with VellumServerBuilder.commands).'));
    return;
  }
  show(root, form, el('div', {class: 'pager'}, earlier, later), result);

  async function load() {
    if (!stream.value) return;
    const query = {aggregate: select.value, stream: stream.value, revision: revision.value, compare: compare.value};
    window.history.replaceState(null, '', '?' + new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')));
    const path = '/api/commands/' + encodeURIComponent(select.value) + '/' + encodeURIComponent(stream.value) + '/state';
    const now = await get(path, {revision: revision.value});
    const other = compare.value === '' ? null : await get(path, {revision: compare.value});
    const from = Math.max(0, now.revision - LEADING + 1);
    const leading = now.revision < 0 ? {events: []}
      : await get(streamPath(stream.value), {from, limit: now.revision - from + 1});
    shown = now.revision;
    earlier.disabled = now.revision <= 0;
    later.disabled = revision.value === '';
    show(result, el('div', {class: 'columns even'},
      el('section', {class: 'panel'}, el('h2', {id: 'state-title'}, now.revision < 0
          ? 'No events yet: the initial state' : 'State as of revision ' + now.revision),
        el('pre', {class: 'json', id: 'state'}, JSON.stringify(now.state, null, 2)),
        other ? [el('h2', {}, 'Differences from revision ' + other.revision),
          (rows => rows.length ? table('Fields that differ', ['field', 'at revision ' + other.revision,
            'at revision ' + now.revision], rows) : el('p', {class: 'hint', id: 'no-difference'}, 'No field differs.'))(
            differences(other.state, now.state))] : null),
      el('section', {}, el('h2', {}, now.revision < 0 ? 'No events' : leading.events.length === 1
          ? 'The event that led there' : 'The events that led there (last ' + leading.events.length + ')'), el('div', {class: 'events'}, leading.events.slice().reverse().map(eventCard)))));
    problem(null);
  }
  function run() {
    load().catch(problem);
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  earlier.addEventListener('click', () => {
    revision.value = String(Math.max(0, shown - 1));
    run();
  });
  later.addEventListener('click', () => {
    revision.value = String(Number(revision.value) + 1);
    run();
  });
  await load();
}
