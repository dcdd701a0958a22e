// Streams: the categories with their stream counts, the streams by name prefix, page by page, and a
// jump to one event by id or position.
import {get} from './api.js';
import {el, show, table, field, link, count, plural} from './dom.js';

const PAGE = 50;

export async function streams({root, params}) {
  const [prefixLabel, prefix] = field('prefix', 'Stream name prefix', {type: 'search', value: params.get('prefix') || '',
    autocomplete: 'off', placeholder: 'e.g. order-'});
  const [jumpLabel, jump] = field('jump', 'Event id or position', {type: 'text', autocomplete: 'off',
    placeholder: 'a UUID or a number'});
  const categories = el('div', {id: 'categories'});
  const list = el('div', {id: 'streams'});
  const searchForm = el('form', {class: 'bar', role: 'search'}, prefixLabel, prefix, el('button', {type: 'submit'}, 'Search'));
  const jumpForm = el('form', {class: 'bar'}, jumpLabel, jump, el('button', {type: 'submit'}, 'Go'));
  show(root, el('div', {class: 'columns'},
    el('section', {class: 'panel narrow'}, el('h2', {}, 'Categories'), categories),
    el('section', {class: 'panel'}, el('h2', {}, 'Streams'), searchForm, list, el('h2', {}, 'Jump to an event'), jumpForm)));

  const earlier = []; // the 'after' of each page before the one shown
  let current = null;
  async function loadStreams(from) {
    const page = await get('/api/streams', {prefix: prefix.value, after: from, limit: PAGE});
    current = from;
    const rows = page.streams.map(s => [link('stream', {name: s.name}, s.name), s.category, count(s.events),
      String(s.lastRevision), s.status]);
    const previous = el('button', {type: 'button', disabled: earlier.length === 0,
      onclick: () => loadStreams(earlier.pop())}, 'Previous page');
    const next = el('button', {type: 'button', disabled: page.next === null,
      onclick: () => { earlier.push(current); loadStreams(page.next); }}, 'Next page');
    show(list, el('p', {class: 'hint', id: 'stream-total'}, plural(page.total, 'stream')
        + (prefix.value ? ' starting with “' + prefix.value + '”' : '')),
      table('Streams', ['name', 'category', 'events', 'last revision', 'status'], rows),
      el('div', {class: 'pager'}, previous, next));
  }
  function search() {
    earlier.length = 0;
    return loadStreams(null);
  }

  async function loadCategories(from) {
    const page = await get('/api/categories', {after: from, limit: 100});
    const rows = page.categories.map(c => [el('a', {href: '?prefix=' + encodeURIComponent(c.name + '-'),
      onclick: (e) => { e.preventDefault(); prefix.value = c.name + '-'; search(); }}, c.name || '(none)'),
      count(c.streams)]);
    const more = page.next === null ? null
      : el('button', {type: 'button', onclick: () => loadCategories(page.next)}, 'More categories');
    show(categories, table('Categories', ['category', 'streams'], rows), more);
  }

  searchForm.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  jumpForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = jump.value.trim();
    if (/^\d+$/.test(value)) location.href = '/console/event?position=' + value;
    else if (value) location.href = '/console/event?id=' + encodeURIComponent(value);
  });
  await Promise.all([loadCategories(null), loadStreams(null)]);
}
