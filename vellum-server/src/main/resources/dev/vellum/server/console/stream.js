// A stream's events page by page in both directions, a jump to a revision, and (for operators) its
// deletion; and the page of one event, by id or by position.
import {get, del, streamPath, ApiError} from './api.js';
import {el, show, field, link} from './dom.js';
import {eventCard} from './events.js';
import {ask} from './confirm.js';

const PAGE = 20;

export async function stream({root, params, title, operator, problem}) {
  const name = params.get('name') || '';
  title.textContent = 'Stream ' + name;
  document.title = name + ' · Vellum';
  const [revisionLabel, revision] = field('revision', 'Go to revision', {type: 'number', min: 0, inputmode: 'numeric'});
  const jump = el('form', {class: 'bar'}, revisionLabel, revision, el('button', {type: 'submit'}, 'Go'));
  const first = el('button', {type: 'button'}, 'First');
  const previous = el('button', {type: 'button'}, 'Previous');
  const next = el('button', {type: 'button'}, 'Next');
  const last = el('button', {type: 'button'}, 'Last');
  const where = el('span', {class: 'hint', id: 'page-range'});
  const events = el('div', {id: 'events', class: 'events'});
  const actions = operator
    ? el('div', {class: 'actions'}, el('button', {type: 'button', class: 'danger', id: 'delete-stream',
        onclick: () => run(remove())}, 'Delete stream…'))
    : null;
  const travel = el('span', {});
  show(root, el('div', {class: 'toolbar'}, el('nav', {class: 'pager', 'aria-label': 'Pages of the stream'},
    first, previous, next, last, where), jump, travel, actions), events);
  get('/api/commands').then(commands => {
    const category = name.includes('-') ? name.slice(0, name.indexOf('-')) : name;
    if (commands.aggregates.some(a => a.name === category)) {
      show(travel, link('history', {aggregate: category, stream: name}, 'Time travel'));
      travel.firstChild.id = 'time-travel';
    }
  }, problem);

  async function load(direction, from) {
    const page = await get(streamPath(name), {direction, from, limit: PAGE});
    const shown = direction === 'backwards' ? page.events.slice().reverse() : page.events;
    show(events, shown.length ? shown.map(eventCard) : el('p', {class: 'hint'}, 'No events here.'));
    const low = shown.length ? shown[0].revision : null;
    const high = shown.length ? shown[shown.length - 1].revision : null;
    where.textContent = shown.length ? 'revisions ' + low + '–' + high : '';
    const atStart = low === null || low === 0 || (direction === 'backwards' && page.next === null);
    const atEnd = high === null || (direction === 'forwards' && page.next === null) || (direction === 'backwards' && from === undefined);
    first.disabled = previous.disabled = atStart;
    next.disabled = last.disabled = atEnd;
    previous.onclick = () => run(load('backwards', low - 1));
    next.onclick = () => run(load('forwards', high + 1));
  }
  function run(promise) {
    promise.then(() => problem(null), problem);
  }
  async function remove() {
    const answer = await ask('Delete the stream ' + name + '?', 'Its events stay in the log; the stream reads '
        + 'as deleted until it is written again.', 'Delete stream', {reason: false});
    if (!answer) return;
    await del(streamPath(name), {mode: 'soft'});
    location.href = '/console/streams';
  }
  first.onclick = () => run(load('forwards', 0));
  last.onclick = () => run(load('backwards', undefined));
  jump.addEventListener('submit', (e) => { e.preventDefault(); run(load('forwards', Number(revision.value || 0))); });
  const from = params.get('from');
  await load('forwards', from === null ? 0 : Number(from));
}

export async function event({root, params, title}) {
  let found;
  const id = params.get('id');
  if (id !== null) {
    found = await get('/api/events/' + encodeURIComponent(id));
  } else {
    const position = Number(params.get('position'));
    const page = await get('/api/log', {after: Math.max(0, position - 1), limit: 1});
    found = page.events.find(e => e.position === position);
    if (!found) throw new ApiError(404, 'No event at position ' + position + ' (the head is ' + page.head + ').');
  }
  title.textContent = found.type + ' at position ' + found.position;
  show(root, eventCard(found), el('p', {}, link('stream', {name: found.stream, from: found.revision},
    'See it in its stream')));
}
