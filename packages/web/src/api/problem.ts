import type { ProblemCode } from '@comity/contracts';

/** An RFC 9457 problem as the server sends it, plus the client-side `network` code. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode | 'network' | 'unknown';
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  /** Seconds, from a Retry-After header (429 and 503). */
  retryAfter?: number;
  /** Members beyond RFC 9457's, e.g. `current` on a 409 stale-version answer. */
  extensions?: Record<string, unknown>;
}

/** Thrown by the API client for every non-2xx answer; carries the problem so screens can show its code. */
export class ApiProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(`${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = 'ApiProblem';
    this.problem = problem;
  }
  get code(): Problem['code'] {
    return this.problem.code;
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The server could not be reached at all (offline, DNS, connection refused, gateway down). */
export class NetworkError extends ApiProblem {
  constructor() {
    super({ type: 'about:blank', title: 'Network error', status: 0, code: 'network' });
    this.name = 'NetworkError';
  }
}

export const isProblem = (e: unknown, ...codes: Problem['code'][]): e is ApiProblem =>
  e instanceof ApiProblem && (codes.length === 0 || codes.includes(e.code));

/** Reads a problem+json body; anything else becomes an `unknown` problem with the HTTP status. */
export async function readProblem(res: Response): Promise<Problem> {
  const retryAfterHeader = res.headers.get('retry-after');
  const retryAfter =
    retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object' && 'code' in body && typeof body.code === 'string') {
    const b = body as Partial<Problem>;
    const {
      type: _t,
      title: _ti,
      status: _s,
      code: _c,
      detail: _d,
      requestId: _r,
      errors: _e,
      instance: _i,
      ...rest
    } = body as Record<string, unknown>;
    return {
      type: typeof b.type === 'string' ? b.type : 'about:blank',
      title: typeof b.title === 'string' ? b.title : res.statusText,
      status: typeof b.status === 'number' ? b.status : res.status,
      code: b.code as Problem['code'],
      ...(typeof b.detail === 'string' ? { detail: b.detail } : {}),
      ...(typeof b.requestId === 'string' ? { requestId: b.requestId } : {}),
      ...(Array.isArray(b.errors) ? { errors: b.errors } : {}),
      ...(retryAfter !== undefined ? { retryAfter } : {}),
      ...(Object.keys(rest).length > 0 ? { extensions: rest } : {}),
    };
  }
  return {
    type: 'about:blank',
    title: res.statusText || `HTTP ${res.status}`,
    status: res.status,
    code: res.status === 404 ? 'not-found' : 'unknown',
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}
