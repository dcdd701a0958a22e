// The live tail of the log: the newest events first as they are appended, filtered by category and
// type, and pausable (resuming where it paused, so nothing is missed).
import {get, parseExact} from './api.js';
import {el, show, field} from './dom.js';
import {eventLine} from './events.js';

const KEEP = 200;

export async function tail({root, params, problem}) {
  const [categoryLabel, category] = field('category', 'Categories', {type: 'text', value: params.get('category') || '',
    placeholder: 'e.g. order, payment', autocomplete: 'off'});
  const [typeLabel, type] = field('type', 'Event types', {type: 'text', value: params.get('type') || '',
    placeholder: 'e.g. OrderPlaced', autocomplete: 'off'});
  const pause = el('button', {type: 'button', id: 'pause', 'aria-pressed': 'false'}, 'Pause');
  const state = el('span', {class: 'hint', id: 'tail-state', 'aria-live': 'polite'});
  const filters = el('form', {class: 'bar'}, categoryLabel, category, typeLabel, type,
    el('button', {type: 'submit'}, 'Apply'), pause, state);
  const body = el('tbody', {id: 'tail'});
  show(root, filters, el('table', {class: 'tail'}, el('caption', {}, 'Newest first, the last ' + KEEP + ' events'),
    el('thead', {}, el('tr', {}, ['position', 'recorded', 'stream', 'type', 'data'].map(h => el('th', {scope: 'col'}, h)))),
    body));

  let source = null;
  let last = null;
  const list = (input) => input.value.split(',').map(s => s.trim()).filter(Boolean);

  async function connect() {
    state.textContent = 'connecting…';
    if (last === null) last = (await get('/api/store')).head; // resuming after a pause starts here
    const query = new URLSearchParams();
    list(category).forEach(c => query.append('category', c));
    list(type).forEach(t => query.append('type', t));
    query.set('after', last);
    source = new EventSource('/api/log/live?' + query.toString());
    source.addEventListener('open', () => { state.textContent = 'following'; problem(null); });
    source.addEventListener('error', () => { state.textContent = 'reconnecting…'; });
    source.addEventListener('event', (message) => {
      const e = parseExact(message.data);
      last = e.position;
      body.prepend(eventLine(e));
      while (body.rows.length > KEEP) body.deleteRow(body.rows.length - 1);
    });
  }
  function disconnect() {
    if (source) source.close();
    source = null;
  }
  pause.addEventListener('click', () => {
    const paused = source !== null;
    if (paused) disconnect(); else connect().catch(problem);
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    state.textContent = paused ? 'paused' : state.textContent;
  });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    disconnect();
    body.replaceChildren();
    last = null;
    connect().catch(problem);
    pause.textContent = 'Pause';
    pause.setAttribute('aria-pressed', 'false');
  });
  await connect();
}
