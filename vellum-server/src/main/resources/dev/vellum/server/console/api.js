// The HTTP API, with the browser's login cookie. Every problem document becomes an ApiError.

/** A refusal or failure of the API: its status and the problem's detail. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/**
 * JSON.parse that keeps a number exactly as the server wrote it when a JavaScript number would not
 * (12.50, or an integer beyond 2^53): such a number stays its raw text, which JSON.stringify writes
 * back unchanged, so event data and states are shown as stored.
 */
export function parseExact(text) {
  if (typeof JSON.rawJSON !== 'function') return JSON.parse(text);
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && context && context.source !== String(value) ? JSON.rawJSON(context.source) : value);
}

async function call(method, path, body, exact = true) {
  const init = {method, headers: {Accept: 'application/json'}, credentials: 'same-origin'};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  const text = await response.text();
  const json = text ? (exact ? parseExact(text) : JSON.parse(text)) : null;
  if (!response.ok) {
    const detail = json && json.detail ? json.detail : response.statusText;
    throw new ApiError(response.status, detail);
  }
  return json;
}

/**
 * GET path with query parameters (empty values left out). Numbers are kept as the server wrote them
 * (see parseExact) unless `exact` is false: for figures to compute with, such as a worker's rate.
 */
export function get(path, params = {}, exact = true) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of [].concat(value)) if (v !== undefined && v !== null && v !== '') query.append(name, v);
  }
  const q = query.toString();
  return call('GET', path + (q ? '?' + q : ''), undefined, exact);
}

/** POST path with a JSON body (none when undefined). */
export function post(path, body) {
  return call('POST', path, body);
}

/** DELETE path with query parameters. */
export function del(path, params = {}) {
  return call('DELETE', path + '?' + new URLSearchParams(params).toString());
}

/** A stream's path segment: the name percent-encoded as one segment. */
export function streamPath(name) {
  return '/api/streams/' + encodeURIComponent(name);
}
