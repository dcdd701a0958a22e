// The console's entry: who is logged in, the active page in the navigation, then the page itself.
import {get, ApiError} from './api.js';
import {show} from './dom.js';
import {overview} from './overview.js';
import {streams} from './streams.js';
import {stream, event} from './stream.js';
import {tail} from './tail.js';
import {timeTravel} from './history.js';
import {projections} from './projections.js';
import {effects} from './effects.js';
import {timers} from './timers.js';
import {inboxes} from './inboxes.js';
import {actions} from './actions.js';

const pages = {overview, streams, stream, event, tail, history: timeTravel, projections, effects, timers, inboxes,
  actions};

/** Shows a problem above the page (as text). */
export function problem(error) {
  const node = document.getElementById('problem');
  if (!error) {
    node.hidden = true;
    return;
  }
  node.textContent = error instanceof ApiError && error.status === 401
    ? 'You are not logged in: open the login URL the server printed when it started (it carries ?token=).'
    : String(error.message || error);
  node.hidden = false;
}

async function start() {
  const name = document.body.dataset.page;
  const nav = document.querySelector('[data-nav="' + (name === 'stream' || name === 'event' ? 'streams' : name) + '"]');
  if (nav) nav.setAttribute('aria-current', 'page');
  let user;
  try {
    user = (await get('/')).user;
  } catch (error) {
    problem(error);
    return;
  }
  show(document.getElementById('who'), user.name + ' · ' + user.role);
  const context = {operator: user.role === 'operator', params: new URLSearchParams(location.search),
    root: document.getElementById('page'), title: document.getElementById('title'), problem};
  try {
    await pages[name](context);
  } catch (error) {
    problem(error);
  }
}

start();
