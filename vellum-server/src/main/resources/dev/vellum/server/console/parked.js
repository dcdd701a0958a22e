// Parked work, whatever the kind of worker that parked it (a projection's events, an inbox's records):
// the list with the error, and for operators Retry and Skip on each and Retry all. Every value is set
// as text.
import {get, post} from './api.js';
import {ask} from './confirm.js';
import {el, link, pagedTable, plural, when} from './dom.js';
import {workerPath, actionButton} from './workers.js';

const PAGE = 10;

/**
 * The parked work of worker `name`, as GET /api/workers/{worker}/parked lists it. `kind` says how to
 * show one item: noun ('parked event'), column (the header of what it is), what(p) (that cell), and
 * the retried and skipped texts of the confirmations. Gives {node, retryAll (the operator's button,
 * or null), poll()}.
 */
export function parkedWork(name, {operator, problem}, refresh, kind) {
  const note = el('p', {class: 'hint'});
  const table = pagedTable('parked-' + name, kind.noun[0].toUpperCase() + kind.noun.slice(1) + 's of ' + name,
    ['position', kind.column, 'error', 'attempts', 'parked at', operator ? 'actions' : null].filter(Boolean), PAGE);
  let shown = null; // the parked work as last shown, to redraw only on a change
  let list = [];

  /** Retries every parked item, in order, with one confirmation and one reason. */
  async function retryAll() {
    if (!list.length) {
      problem(new Error(name + ' has no ' + kind.noun + 's to retry.'));
      return;
    }
    const answer = await ask('Retry every ' + kind.noun + ' of ' + name + '?', 'The ' + plural(list.length, kind.noun)
      + ' are tried again, in order; one that fails again stays parked.', 'Retry all');
    if (!answer) return;
    const failed = [];
    for (const p of list) {
      try {
        await post(workerPath(name, 'parked', String(p.position), 'retry'), answer.reason ? {reason: answer.reason} : {});
      } catch (error) {
        failed.push(p.position + ': ' + (error.message || error));
      }
    }
    problem(failed.length ? new Error('Retries that did not go through: ' + failed.join('; ')) : null);
    refresh();
  }

  function rows(items) {
    return items.map(p => ({attributes: {'data-position': p.position}, cells: [
      link('event', {position: p.position}, String(p.position)),
      kind.what(p),
      el('code', {class: 'error'}, p.error),
      String(p.attempts),
      when(p.parkedAt),
      operator ? el('div', {class: 'row-actions'},
        actionButton('Retry…', {class: 'retry'}, {title: 'Retry the ' + kind.noun + ' at position ' + p.position + '?',
          detail: kind.retried, path: workerPath(name, 'parked', String(p.position), 'retry'), problem, done: refresh}),
        actionButton('Skip…', {class: 'danger skip'}, {title: 'Skip the ' + kind.noun + ' at position ' + p.position + '?',
          detail: kind.skipped, path: workerPath(name, 'parked', String(p.position), 'skip'), problem, done: refresh}))
        : null,
    ].filter(c => c !== null)}));
  }

  async function poll() {
    let answer;
    try {
      answer = await get(workerPath(name, 'parked'));
    } catch (error) {
      note.textContent = String(error.message || error);
      return;
    }
    const signature = JSON.stringify(answer.parked.map(p => [p.position, p.attempts, p.error]));
    if (signature === shown) return;
    shown = signature;
    list = answer.parked;
    note.textContent = list.length ? plural(list.length, kind.noun) : 'No ' + kind.noun + 's.';
    table.update(rows(list));
  }

  const retryAllButton = operator
    ? el('button', {type: 'button', class: 'retry-all', onclick: retryAll}, 'Retry all parked…') : null;
  return {node: [note, table.node], retryAll: retryAllButton, poll};
}
