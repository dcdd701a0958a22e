// The operator log: every action taken through the console or the API, newest first, with who asked,
// when, on which worker, what, why, and what became of it; page by page.
import {get} from './api.js';
import {el, show, table, count, when} from './dom.js';
import {outcomeText} from './workers.js';

const PAGE = 25;
const CONTROLS = {PAUSE: 'pause', RESUME: 'resume', RESET: 'reset', REBUILD: 'rebuild', CANCEL_REBUILD: 'cancel rebuild',
  RETRY_PARKED: 'retry parked event',
  SKIP_PARKED: 'skip parked event', APPROVE_EFFECT: 'approve effect', CANCEL_EFFECT: 'cancel effect'};

export async function actions({root, problem}) {
  const list = el('div', {id: 'actions'});
  const where = el('span', {class: 'hint', id: 'actions-range'});
  const newer = el('button', {type: 'button', id: 'newer'}, 'Newer');
  const older = el('button', {type: 'button', id: 'older'}, 'Older');
  const reload = el('button', {type: 'button', id: 'reload'}, 'Newest');
  show(root, el('section', {class: 'panel'},
    el('nav', {class: 'pager', 'aria-label': 'Pages of the operator log'}, reload, newer, older, where), list));

  // The log is kept oldest first; the page shown ends at `end` (exclusive), newest first.
  let end = null;
  async function load(until) {
    const total = (await get('/api/operator-actions', {limit: 1})).total;
    end = until === null ? total : Math.max(0, Math.min(until, total));
    const offset = Math.max(0, end - PAGE);
    const page = end === 0 ? {actions: []} : await get('/api/operator-actions', {offset, limit: end - offset});
    const rows = page.actions.slice().reverse().map(a => [when(a.at), a.actor, a.worker,
      CONTROLS[a.control] || a.control, a.target === null ? '—' : el('code', {}, a.target),
      a.reason === null ? el('span', {class: 'hint'}, 'no reason given') : a.reason, outcomeText(a)]);
    show(list, rows.length ? table('Operator actions, newest first', ['when', 'who', 'worker', 'what', 'on', 'why',
      'outcome'], rows) : el('p', {class: 'hint'}, 'No action has been taken yet.'));
    where.textContent = total ? (offset + 1) + '–' + end + ' of ' + count(total) + ' (newest first)' : '';
    newer.disabled = end >= total;
    older.disabled = offset === 0;
  }
  const run = (until) => load(until).then(() => problem(null), problem);
  reload.addEventListener('click', () => run(null));
  newer.addEventListener('click', () => run(end + PAGE));
  older.addEventListener('click', () => run(end - PAGE));
  await load(null);
}
