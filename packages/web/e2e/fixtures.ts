import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { DEMO_PASSWORD } from './env.ts';

const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));
mkdirSync(screenshotDir, { recursive: true });

/** A minimal API client for test set-up (Node's fetch, the session cookie carried by hand). */
export class ApiSession {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<ApiSession> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as { state?: string; csrfToken?: string };
    if (!res.ok || body.state !== 'active')
      throw new Error(`API sign-in as ${email}: ${res.status} ${JSON.stringify(body)}`);
    const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? ''])
      .map((c) => c.split(';')[0])
      .join('; ');
    return new ApiSession(baseUrl, cookie, body.csrfToken!);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Six-digit TOTP for a base32 secret (otplib 13: async). */
export const totp = (secret: string): Promise<string> => generate({ secret });

/** Waits until a new 30-second TOTP window starts, so a code is not the one just used. */
export async function nextTotpWindow(): Promise<void> {
  const msLeft = 30_000 - (Date.now() % 30_000);
  await new Promise((r) => setTimeout(r, msLeft + 1_000));
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA rules) on the current screen and fails on any serious or
 * critical violation; saves a full-page screenshot under screenshots/ for reviewers.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  // No "networkidle": the notifications stream keeps a request open for the page's life.
  // (A button may legitimately show its loader: a call waiting for re-authentication.)
  await expect(page.locator('.mantine-Loader-root:visible:not(button *)')).toHaveCount(0);
  // Let Mantine's transitions (modals, popovers) finish before measuring colours.
  await page.waitForTimeout(300);
  // From the top: the shell's header is fixed and would otherwise land mid-page in the capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  // Whole page, except behind a dialog: the overlay is fixed to the viewport.
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: !dialogOpen });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary}`).join('\n')}`,
  );
  expect(report, `axe violations on ${name}`).toEqual([]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('signed-out')).toBeVisible();
}

interface Fixtures {
  /** Admin API session for set-up steps that are not what the test is about. */
  adminApi: ApiSession;
}

export const test = base.extend<Fixtures>({
  adminApi: async ({ baseURL }, use) => {
    const { demoWithRole } = await import('./env.ts');
    await use(await ApiSession.signIn(baseURL!, demoWithRole('administrator').email));
  },
});

export { expect };
