// What the worker pages share: the workers of some kinds, a worker's status as facts, and carrying out
// an operator action after its confirmation (with a reason for the operator log).
import {get, post} from './api.js';
import {el, count, plural, duration, when, instantText} from './dom.js';
import {ask} from './confirm.js';

/** The path of a worker's resource. */
export function workerPath(name, ...rest) {
  return ['/api/workers', encodeURIComponent(name), ...rest.map(encodeURIComponent)].join('/');
}

/** The statuses of the workers of these kinds, by name. */
export async function workersOf(...kinds) {
  const answer = await get('/api/workers', {}, false);
  return answer.workers.filter(w => kinds.includes(w.kind)).sort((a, b) => a.name.localeCompare(b.name));
}

/** A worker's whole status, with its figures as numbers. */
export function statusOf(name) {
  return get(workerPath(name), {}, false);
}

/** The last error of a status as one line of text, or null. */
export function errorText(error) {
  return error ? error.type + ': ' + error.message + (error.position === null ? '' : ' (at position ' + error.position + ')')
    + ' · ' + instantText(error.at) : null;
}

/** The facts every worker has: state, checkpoint and head, lag, rate, heartbeat, node and lease. */
export function statusFacts(s, extra = []) {
  const facts = [
    ['state', el('span', {class: 'state state-' + s.state.toLowerCase()}, s.state)],
    ['checkpoint', count(s.checkpoint) + ' of head ' + count(s.head)],
    ['lag', plural(s.lagEvents, 'event') + ' · ' + duration(s.lagSeconds)],
    ['rate', plural(Math.round(s.eventsPerSecond * 10) / 10, 'event') + '/s'],
    ['last heartbeat', when(s.lastHeartbeat)],
    ['node', (s.node || '—') + (s.lease ? ' (lease held by ' + s.lease.owner + ')' : '')],
    ...extra,
    s.retrying ? ['retrying', 'attempt ' + s.retrying.attempt + ' after ' + s.retrying.error + ', next at '
      + s.retrying.nextAttempt] : null,
    s.storeUnreachableSince ? ['store unreachable since', when(s.storeUnreachableSince)] : null,
    s.lastError ? ['last error', el('span', {class: 'error'}, errorText(s.lastError))] : null,
  ].filter(Boolean);
  return el('dl', {class: 'facts'}, facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
}

/**
 * An operator's button: asks to confirm (title, what will happen), then POSTs the action with the
 * reason, then calls done(answer). Viewers are never given one (the server refuses them anyway).
 */
export function actionButton(label, attributes, {title, detail, path, done, problem}) {
  return el('button', {type: 'button', ...attributes, onclick: async () => {
    const answer = await ask(title, detail, label.replace(/…$/, ''));
    if (!answer) return;
    try {
      const result = await post(path, answer.reason ? {reason: answer.reason} : {});
      problem(null);
      done(result);
    } catch (error) {
      problem(error);
    }
  }}, label);
}

/**
 * Pause… and Resume… for an operator, one shown at a time; call update(status) on every poll. For a
 * viewer, nothing (node is null).
 */
export function pauseControls(name, {operator, problem}, refresh) {
  if (!operator) return {node: null, update() { }};
  const pause = actionButton('Pause…', {class: 'pause'}, {title: 'Pause ' + name + '?',
    detail: 'It stops after what it is doing and keeps its checkpoint; Resume goes on from there.',
    path: workerPath(name, 'pause'), problem, done: refresh});
  const resume = actionButton('Resume…', {class: 'resume'}, {title: 'Resume ' + name + '?',
    detail: 'It goes on from its checkpoint.', path: workerPath(name, 'resume'), problem, done: refresh});
  resume.hidden = true;
  return {node: [pause, resume], update(status) {
    resume.hidden = status.state !== 'PAUSED';
    pause.hidden = !resume.hidden;
  }};
}

/** What the answer to an action says: done here, sent to the node that runs the worker, or failed. */
export function outcomeText(action) {
  const o = action.outcome;
  if (!o) return 'not yet carried out';
  if (o.result === 'SENT') return 'sent to the node that runs it';
  return o.result.toLowerCase() + (o.node ? ' on ' + o.node : '') + (o.message ? ': ' + o.message : '');
}

/**
 * Calls fn now and every `ms` milliseconds, showing its problem while it fails (and clearing it when it
 * works again, leaving an action's problem shown); a slow call is never overlapped.
 */
export function every(ms, fn, problem) {
  let running = false;
  let failing = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await fn();
      if (failing) problem(null);
      failing = false;
    } catch (error) {
      failing = true;
      problem(error);
    } finally {
      running = false;
    }
  };
  setInterval(tick, ms);
  return tick();
}
