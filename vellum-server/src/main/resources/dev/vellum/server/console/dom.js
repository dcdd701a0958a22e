// Building the page's DOM. Data from the store is only ever set as text (textContent), never as HTML.

/** An element: el('td', {class: 'num'}, 'text', child, ...). Strings become text nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A link to a console page with query parameters. */
export function link(path, params, ...children) {
  const query = new URLSearchParams(params).toString();
  return el('a', {href: '/console/' + path + (query ? '?' + query : '')}, ...children);
}

/** A table with a header row and the given rows (arrays of cells); its caption is for screen readers. */
export function table(caption, headers, rows) {
  return el('table', {},
    el('caption', {class: 'hidden'}, caption),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {scope: 'col'}, h)))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c))))));
}

/** A labelled input: returns [label, input]. */
export function field(id, labelText, attributes = {}) {
  const input = el('input', {id, name: id, ...attributes});
  return [el('label', {for: id}, labelText), input];
}

/** Replaces the contents of node. */
export function show(node, ...children) {
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined));
}

/**
 * The noun for a count of n: `one` for exactly 1, `many` (by default `one` + "s") otherwise, so
 * "1 event", "0 events", "2.5 events". Every count label of the console goes through it (or plural).
 */
export function noun(n, one, many = one + 's') {
  return Number(n) === 1 ? one : many;
}

/** "1 stream", "2 streams", "1,024 parked events": n with thousands separators and its noun. */
export function plural(n, one, many) {
  return count(n) + ' ' + noun(n, one, many);
}

/** The number with thousands separators. */
export function count(n) {
  return Number(n).toLocaleString('en');
}

/**
 * A table that pages on the client, `size` rows at a time, with Previous / Next; update(rows) shows
 * new rows and keeps the page when it still exists.
 */
export function pagedTable(id, caption, headers, size) {
  const body = el('tbody', {});
  const where = el('span', {class: 'hint'});
  const previous = el('button', {type: 'button', onclick: () => turn(-1)}, 'Previous');
  const next = el('button', {type: 'button', onclick: () => turn(1)}, 'Next');
  const pager = el('nav', {class: 'pager', 'aria-label': caption + ', pages'}, previous, next, where);
  const grid = el('table', {}, el('caption', {class: 'hidden'}, caption),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', {scope: 'col'}, h)))), body);
  const node = el('div', {id}, grid, pager);
  let all = [];
  let page = 0;
  function render() {
    const pages = Math.max(1, Math.ceil(all.length / size));
    page = Math.min(page, pages - 1);
    const shown = all.slice(page * size, (page + 1) * size);
    body.replaceChildren(...shown.map(row => el('tr', row.attributes || {}, row.cells.map(c => el('td', {}, c)))));
    where.textContent = all.length ? (page * size + 1) + '–' + (page * size + shown.length) + ' of ' + count(all.length) : '';
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    pager.hidden = all.length <= size;
    grid.hidden = all.length === 0;
  }
  function turn(by) {
    page += by;
    render();
  }
  return {node, update(rows) { all = rows; render(); }};
}

/** A duration in seconds as "4.2 s", "3 min 5 s", "2 h 10 min". */
export function duration(seconds) {
  const s = Number(seconds);
  if (s < 60) return (Math.round(s * 10) / 10).toLocaleString('en') + ' s';
  const whole = Math.floor(s);
  if (whole < 3600) return Math.floor(whole / 60) + ' min ' + (whole % 60) + ' s';
  return Math.floor(whole / 3600) + ' h ' + Math.floor((whole % 3600) / 60) + ' min';
}

/** An instant (ISO-8601 text) as the console writes it: "2026-12-07 07:03:40 UTC". */
export function instantText(iso) {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

/** An instant (ISO-8601 text) as a <time> element, or a dash when there is none. */
export function when(iso) {
  return iso ? el('time', {datetime: iso, title: iso}, instantText(iso)) : '—';
}
