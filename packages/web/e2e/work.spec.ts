import { demoAccounts, demoWithRole } from './env.ts';
import { ApiSession, checkScreen, expect, signIn, test } from './fixtures.ts';

test.describe('working screens and failure handling', () => {
  test('an investigator lists cases and opens one, validated as typed', async ({ page }) => {
    await signIn(page, demoWithRole('investigator').email);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Cases' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
    await expect(page.getByRole('row', { name: /Open/ }).first()).toBeVisible(); // data, not the loader row
    await checkScreen(page, 'cases');
    await page.getByRole('button', { name: 'New case' }).click();
    const dialog = page.getByRole('dialog', { name: 'New case' });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByText('Required').first()).toBeVisible();
    const reference = `E2E-${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Reference' }).fill(reference);
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Phishing ring targeting pensioners');
    await checkScreen(page, 'cases-new');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('row', { name: new RegExp(reference) })).toBeVisible();
  });

  test('domain events arrive live in the notifications area and refresh the list', async ({
    page,
    baseURL,
  }) => {
    const investigator = demoWithRole('investigator');
    // The bell counts stored unread notifications (the demo user may have some) plus live events.
    const stored = page.waitForResponse(
      (r) => /\/api\/me\/notifications(\?|$)/.test(r.url()) && r.request().method() === 'GET',
    );
    await signIn(page, investigator.email);
    const bell = page.getByTestId('notifications-button');
    const unread = async () =>
      Number(/\((\d+) new\)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    const before = ((await (await stored).json()) as { unread: number }).unread;
    await expect.poll(unread).toBe(before);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Cases' })
      .click();
    await expect(page.getByRole('row', { name: /Open/ }).first()).toBeVisible(); // data, not the loader row
    // The same person opens a case in another session: the list refreshes itself, and the bell does
    // not count what one did oneself.
    const self = await ApiSession.signIn(baseURL!, investigator.email);
    const own = `OWN-${Date.now()}`;
    await self.call('POST', '/api/cases', {
      reference: own,
      title: 'Opened in another tab',
      classification: 0,
    });
    await expect(page.getByRole('row', { name: new RegExp(own) })).toBeVisible();
    // A colleague of the same agency opens one: that is news.
    const colleague = demoAccounts().find(
      (a) =>
        a.agency === investigator.agency && a.email !== investigator.email && a.roles.includes('supervisor'),
    )!;
    const other = await ApiSession.signIn(baseURL!, colleague.email);
    const reference = `LIVE-${Date.now()}`;
    await other.call('POST', '/api/cases', { reference, title: 'Opened elsewhere', classification: 0 });
    await expect(page.getByRole('row', { name: new RegExp(reference) })).toBeVisible(); // list refreshed itself
    await expect.poll(unread).toBeGreaterThan(before);
    await page.getByTestId('notifications-button').click();
    const dropdown = page.getByRole('dialog', { name: 'Notifications' });
    await expect(dropdown).toContainText('A case was opened');
    await expect(dropdown).not.toContainText('case.created');
    await expect(dropdown).toContainText(reference);
    await expect(dropdown).not.toContainText(own);
    await checkScreen(page, 'notifications');
  });

  test('the home page counts what waits for me, and each count opens its worklist', async ({
    page,
    baseURL,
  }) => {
    const investigator = demoWithRole('investigator');
    await signIn(page, investigator.email);
    const work = page.getByTestId('home-work');
    await expect(work.getByRole('heading', { name: 'Your work' })).toBeVisible();
    // The same counts as the inbox answers.
    const api = await ApiSession.signIn(baseURL!, investigator.email);
    const counts = (
      (await api.call('GET', '/api/inbox?view=overdue&limit=1')) as { counts: Record<string, number> }
    ).counts;
    for (const [view, n] of Object.entries(counts))
      await expect(work.locator(`[data-view="${view}"]`)).toHaveText(String(n));
    await work.getByRole('link', { name: 'Overdue' }).click();
    await expect(page).toHaveURL(/\/inbox\?view=overdue/);
    await expect(page.getByRole('tab', { name: /Overdue/, selected: true })).toBeVisible();
  });

  test('on a phone (390 px) the header keeps to its height: the exercise banner, the name and the controls', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, demoWithRole('investigator').email);
    const banner = page.getByTestId('exercise-banner');
    await expect(banner).toBeVisible();
    // On one line: its text does not spill over the header below it.
    expect(await banner.evaluate((el) => el.scrollHeight <= el.clientHeight)).toBe(true);
    // The name is whole, left of the controls.
    const brand = page.getByRole('banner').getByRole('link', { name: 'Comity', exact: true });
    const bellButton = page.getByRole('button', { name: /^Notifications/ });
    await expect(bellButton).toBeVisible();
    await expect(brand).toBeVisible();
    // Measured together, once the header has settled (the bell's count may still be arriving).
    await expect
      .poll(async () => {
        const [name, bell] = [await brand.boundingBox(), await bellButton.boundingBox()];
        return Boolean(name && bell && name.x + name.width <= bell.x);
      })
      .toBe(true);
    expect(await brand.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await checkScreen(page, 'phone-home');
  });

  test('losing the network shows the offline banner, and it clears when the server is back', async ({
    page,
    context,
  }) => {
    await signIn(page, demoWithRole('investigator').email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await context.setOffline(true);
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await expect(page.getByTestId('offline-banner')).toContainText('You are offline');
    await checkScreen(page, 'offline');
    // Retrying while still offline keeps the banner.
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    // Back online: the probe succeeds and the banner goes; the page works again.
    await context.setOffline(false);
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Cases' })
      .click();
    await expect(page.getByRole('row', { name: /Open/ }).first()).toBeVisible(); // data, not the loader row
  });

  test('after the idle lock, re-authentication happens over the page and unsaved work is kept', async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const investigator = demoWithRole('investigator');
    // The bell counts stored unread notifications (the demo user may have some) plus live events.
    const stored = page.waitForResponse(
      (r) => /\/api\/me\/notifications(\?|$)/.test(r.url()) && r.request().method() === 'GET',
    );
    await signIn(page, investigator.email);
    const bell = page.getByTestId('notifications-button');
    const unread = async () =>
      Number(/\((\d+) new\)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    const before = ((await (await stored).json()) as { unread: number }).unread;
    await expect.poll(unread).toBe(before);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Cases' })
      .click();
    await page.getByRole('button', { name: 'New case' }).click();
    const dialog = page.getByRole('dialog', { name: 'New case' });
    const reference = `IDLE-${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Reference' }).fill(reference);
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Typed before the session locked');

    // The test server locks sessions after one idle minute (COMITY_SESSION_IDLE_MINUTES=1).
    await page.waitForTimeout(65_000);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const reauth = page.getByRole('dialog', { name: 'Session locked' });
    await expect(reauth).toBeVisible();
    await checkScreen(page, 'reauth-locked');
    await reauth.getByRole('textbox', { name: 'Password', exact: true }).fill('Exercise-Password-2026!');
    await reauth.getByRole('button', { name: 'Unlock' }).click();
    await expect(reauth).toBeHidden();
    // The interrupted save went through with what was typed.
    await expect(page.getByRole('row', { name: new RegExp(reference) })).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(reference) })).toContainText(
      'Typed before the session locked',
    );
  });
});
