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

/** "1 stream", "2 streams": n with thousands separators and the noun. */
export function plural(n, noun) {
  return count(n) + ' ' + noun + (Number(n) === 1 ? '' : 's');
}

/** The number with thousands separators. */
export function count(n) {
  return Number(n).toLocaleString('en');
}
