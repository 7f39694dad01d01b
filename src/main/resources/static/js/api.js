// The console's only way to the server: same-origin fetch with the session token as a bearer header.
// The token lives in sessionStorage (one tab's session; gone when the tab closes).

const TOKEN_KEY = 'gahorouter.session';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  me: null,
};

/** An RFC 9457 problem answered by the server (or a network failure dressed as one). */
export class Problem extends Error {
  constructor(status, body = {}) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.code = body.code || (status === 0 ? 'NETWORK' : 'UNKNOWN');
    this.title = body.title;
    this.detail = body.detail;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
  }
}

let onSignedOut = () => {};
export function whenSignedOut(listener) {
  onSignedOut = listener;
}

export function authHeaders(extra = {}) {
  const headers = { ...extra };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  return headers;
}

/** api('POST', '/api/api-keys', {name}) → the parsed JSON answer (null for 204); throws Problem. */
export async function api(method, path, body, options = {}) {
  const headers = authHeaders({ Accept: options.accept || 'application/json' });
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new Problem(0, { detail: error.message });
  }
  if (!response.ok) {
    const problem = new Problem(response.status, await readJson(response));
    // A session that ends while in use (expired, revoked, password changed elsewhere) goes back to sign-in.
    if (response.status === 401 && session.me && !path.startsWith('/api/auth/')) {
      session.token = null;
      session.me = null;
      onSignedOut();
    }
    throw problem;
  }
  if (options.response) return response;
  if (response.status === 204) return null;
  return readJson(response);
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body) => api('POST', path, body ?? {});
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/** The signed-in user, tenant and role; refreshed after anything that changes them (a region change). */
export async function loadMe() {
  session.me = await get('/api/me');
  return session.me;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
