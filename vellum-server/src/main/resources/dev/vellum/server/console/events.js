// One event as a card: its place, type, time, ids, and its data and metadata as formatted JSON text.
import {el, link} from './dom.js';

function pretty(value) {
  return JSON.stringify(value, null, 2);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A link to the event with this id, or the text when it is not an event id. */
function idLink(id) {
  return UUID.test(id) ? link('event', {id}, id) : el('span', {}, id);
}

/** The card of event e (as the API answers it). */
export function eventCard(e) {
  const meta = e.metadata || {};
  const facts = el('dl', {class: 'facts'},
    el('dt', {}, 'stream'), el('dd', {}, link('stream', {name: e.stream, from: e.revision}, e.stream)),
    el('dt', {}, 'revision'), el('dd', {}, String(e.revision)),
    el('dt', {}, 'position'), el('dd', {}, link('event', {position: e.position}, String(e.position))),
    el('dt', {}, 'recorded'), el('dd', {}, el('time', {datetime: e.recordedAt}, e.recordedAt)),
    el('dt', {}, 'id'), el('dd', {}, link('event', {id: e.id}, e.id)),
    meta.correlationId ? [el('dt', {}, 'correlation'), el('dd', {}, idLink(meta.correlationId))] : null,
    meta.causationId ? [el('dt', {}, 'causation'), el('dd', {}, idLink(meta.causationId))] : null);
  return el('article', {class: 'event', 'data-position': e.position},
    el('h3', {}, el('span', {class: 'type'}, e.type), el('span', {class: 'place'}, e.stream + ' @ ' + e.revision)),
    facts,
    el('details', {open: true}, el('summary', {}, 'data'), el('pre', {class: 'json'}, pretty(e.data))),
    el('details', {}, el('summary', {}, 'metadata'), el('pre', {class: 'json'}, pretty(meta))));
}

/** One line of the live tail: position, time, stream, type, and the data on one line. */
export function eventLine(e) {
  return el('tr', {'data-position': e.position},
    el('td', {class: 'num'}, link('event', {position: e.position}, String(e.position))),
    el('td', {}, el('time', {datetime: e.recordedAt}, e.recordedAt.replace('T', ' ').replace('Z', ''))),
    el('td', {}, link('stream', {name: e.stream, from: e.revision}, e.stream)),
    el('td', {}, e.type),
    el('td', {class: 'data'}, JSON.stringify(e.data)));
}
