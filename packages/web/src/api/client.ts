import { connectivity } from './connectivity.ts';
import { ApiProblem, NetworkError, readProblem } from './problem.ts';
import { purpose } from './purpose.ts';
import { type ReauthReason, reauth, reauthCodes } from './reauth.ts';
import { session } from './session.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** false for the sign-in calls themselves: their 401s are answers, not interruptions. */
  reauth?: boolean;
  headers?: Record<string, string>;
  /**
   * The call reads personal data: send the purpose already given for this key (e.g. `request:<id>`),
   * and on 422 `purpose-required` ask the user for one (api/purpose.ts) and retry.
   */
  purposeFor?: string;
  /** `blob` for binary answers (PDF); JSON otherwise. */
  as?: 'json' | 'blob';
}

const unsafe = new Set<Method>(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Unsafe calls made before any session exists, so without an anti-forgery token. */
const beforeSession = new Set(['/api/auth/login', '/api/bootstrap']);

/**
 * The anti-forgery token lives in memory only; after a reload (e.g. in the middle of MFA enrolment)
 * GET /api/me hands it back. Failing that, the call goes without and the server says why.
 */
async function recoverCsrfToken(): Promise<void> {
  try {
    const res = await fetch('/api/me', {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (res.ok) {
      const me = (await res.json()) as { session?: { csrfToken?: string | null } };
      session.setCsrfToken(me.session?.csrfToken);
    }
  } catch {
    // offline: the real call below reports it
  }
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Idempotency-Keys of unsafe calls that got no answer (the network failed), by method, URL and body:
 * the same call made again (the user clicks once more) goes under the same key, so the server answers
 * with what the first one did if it was applied, instead of applying it twice.
 */
const unanswered = new Map<string, string>();
const noKey = /^\/api\/(auth|bootstrap)(\/|$)/;

function idempotencyKey(): string {
  // getRandomValues works on plain HTTP too (randomUUID needs a secure context).
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/**
 * The one way the web app talks to the server: JSON in and out, the CSRF header on unsafe methods,
 * problems thrown as `ApiProblem`, network loss reported to the connectivity banner, and a 401 on an
 * established session turned into an in-place re-authentication after which the call is retried.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const url = buildUrl(path, options.query);
  if (unsafe.has(method) && !session.csrfToken && !beforeSession.has(path)) await recoverCsrfToken();
  // Sign-in and the like carry secrets and apply nothing twice: no key, nothing remembered.
  const call =
    unsafe.has(method) && !noKey.test(path)
      ? `${method} ${url}\n${JSON.stringify(options.body ?? null)}`
      : undefined;
  const key = call ? (unanswered.get(call) ?? idempotencyKey()) : undefined;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = {
      accept: options.as === 'blob' ? '*/*' : 'application/json',
      ...options.headers,
    };
    const givenPurpose = options.purposeFor ? purpose.known(options.purposeFor) : undefined;
    if (givenPurpose) headers['x-comity-purpose'] = givenPurpose;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (unsafe.has(method) && session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
    if (key) headers['idempotency-key'] = key;

    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (e) {
      if (options.signal?.aborted) throw e;
      connectivity.reportFailure();
      if (call && key) unanswered.set(call, key);
      throw new NetworkError();
    }

    const isProblemJson = (res.headers.get('content-type') ?? '').includes('problem+json');
    if (!isProblemJson && (res.status === 502 || res.status === 503 || res.status === 504)) {
      // A gateway or dev proxy in front of a server that is down (or that did not answer in time).
      connectivity.reportFailure();
      if (call && key) unanswered.set(call, key);
      throw new NetworkError();
    }
    if (call) unanswered.delete(call);
    connectivity.reportSuccess();

    if (res.ok) {
      if (res.status === 204) return undefined as T;
      if (options.as === 'blob') return (await res.blob()) as T;
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }

    const problem = await readProblem(res);
    if (
      attempt === 0 &&
      options.reauth !== false &&
      session.wasActive &&
      reauthCodes.has(problem.code as ReauthReason)
    ) {
      await reauth.request(problem.code as ReauthReason); // throws ReauthCancelled if the user gives up
      continue;
    }
    if (attempt < 3 && problem.code === 'purpose-required' && options.purposeFor) {
      await purpose.ask(options.purposeFor); // throws PurposeCancelled if the user gives up
      continue;
    }
    if (attempt === 0 && problem.code === 'csrf-failed') {
      // The token rotated (e.g. a sign-in in another tab): fetch the current one and retry once.
      await recoverCsrfToken();
      continue;
    }
    throw new ApiProblem(problem);
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body }),
};
