import type { FastifyInstance, InjectOptions } from 'fastify';
import { generateSync } from 'otplib';
import { type Clock, systemClock } from '../../src/platform/clock.ts';
import { PASSWORD } from './factories.ts';

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/** A browser-like client over app.inject: keeps the session cookie and sends the CSRF header. */
/** The last TOTP step each secret was used for, across clients (one account, several clients). */
const usedSteps = new Map<string, number>();

export class TestClient {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;
  ip = '203.0.113.7';

  /** `clock`: the node's clock, so TOTP codes match the server's idea of now. */
  constructor(
    private readonly app: FastifyInstance,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The code an authenticator shows now; if this secret's code of this step was used already (the
   * server refuses it again), the next step's, which the server accepts as one step of drift. Tests
   * on a manual clock sign the same account in more than once within a step.
   */
  totp(secret: string): string {
    const now = Math.floor(Math.floor(this.clock.now().getTime() / 1000) / 30);
    const step = Math.max(now, (usedSteps.get(secret) ?? -1) + 1);
    if (step > now + 1) throw new Error('Both codes of this TOTP window are used: advance the clock 30 s.');
    usedSteps.set(secret, step);
    return generateSync({ secret, epoch: step * 30 });
  }

  async request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }
        : {}),
    });
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      if (pair && /^__Host-comity-session(-\d+)?=/.test(pair))
        this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {}
    return { status: res.statusCode, body: parsed, headers: res.headers as Record<string, unknown> };
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body: unknown, headers?: Record<string, string>) =>
    this.request('PATCH', url, body, headers);
  delete = (url: string) => this.request('DELETE', url);

  async login(email: string, password = PASSWORD): Promise<Reply> {
    const r = await this.post('/api/auth/login', { email, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }

  /** Signs in a non-exercise account, enrolling TOTP on first sign-in; returns the secret. */
  async signInWithMfa(email: string, secret?: string, password = PASSWORD): Promise<string> {
    const r = await this.login(email, password);
    if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
    if (r.body.state === 'mfa-enrolment-required') {
      const start = await this.post('/api/auth/mfa/enrol/start');
      const s = start.body.secret as string;
      const confirm = await this.post('/api/auth/mfa/enrol/confirm', { code: this.totp(s) });
      if (confirm.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(confirm.body)}`);
      return s;
    }
    if (r.body.state === 'mfa-required') {
      if (!secret) throw new Error('secret needed');
      const v = await this.post('/api/auth/mfa/verify', { code: this.totp(secret) });
      if (v.status !== 200) throw new Error(`verify failed: ${JSON.stringify(v.body)}`);
    }
    return secret ?? '';
  }
}
