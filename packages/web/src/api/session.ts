/**
 * What the client knows about the browser session, kept in memory only: the anti-forgery token
 * (never in localStorage; a reload gets it back from GET /api/me) and whether this tab has had an
 * active session, which decides if a 401 means "re-authenticate in place" or "not signed in".
 */
let csrfToken: string | null = null;
let hadActiveSession = false;

export const session = {
  get csrfToken(): string | null {
    return csrfToken;
  },
  setCsrfToken(token: string | null | undefined): void {
    if (token) csrfToken = token;
  },
  markActive(): void {
    hadActiveSession = true;
  },
  get wasActive(): boolean {
    return hadActiveSession;
  },
  clear(): void {
    csrfToken = null;
    hadActiveSession = false;
  },
};
