import { readFileSync } from 'node:fs';
import { demoAccounts, demoWithRole } from './env.ts';
import { checkScreen, expect, signIn, signOut, test } from './fixtures.ts';

test.describe('audit', () => {
  test('an auditor filters the log, opens an event with its proof, verifies the log and exports CSV', async ({
    page,
  }) => {
    const auditor = demoWithRole('auditor');
    // Auditors see their own agency's trail: something to find is a failed sign-in of a colleague.
    const colleague = demoAccounts().find(
      (a) => a.agency === auditor.agency && a.email !== auditor.email && !a.roles.includes('administrator'),
    )!;
    await signIn(page, colleague.email, 'not-the-password-at-all');
    await expect(page.getByRole('alert')).toContainText('invalid-credentials');
    await signIn(page, auditor.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    const table = page.getByTestId('audit-table');
    await expect(table.getByRole('link', { name: /Details/ }).first()).toBeVisible(); // data, not the loader row
    await checkScreen(page, 'audit-events');

    // Filter: action and outcome.
    const filters = page.getByTestId('audit-filters');
    await filters.getByRole('textbox', { name: 'Action' }).fill('auth.login');
    await filters.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('listbox').getByRole('option', { name: 'Failure' }).click();
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/action=auth.login/);
    await expect(page).toHaveURL(/outcome=failure/);
    const rows = table.locator('tbody tr');
    await expect(rows.first()).toContainText('auth.login');
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain('auth.login');
      expect(text.toLowerCase()).toContain('failure'); // badges render upper-case
    }
    await checkScreen(page, 'audit-events-filtered');

    // The filtered set exports as CSV with the same filters.
    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    await expect(exportLink).toHaveAttribute('href', /\/api\/audit\/events\.csv\?.*action=auth\.login/);
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/action/);
    expect(csv).toContain('auth.login');

    // Filter by user too (the auditor may read users, so it is a list to choose from).
    await filters.getByRole('combobox', { name: 'User' }).click();
    await page
      .getByRole('listbox')
      .getByRole('option', { name: new RegExp(auditor.name) })
      .click();
    await filters.getByRole('button', { name: 'Clear' }).click();
    await expect(page).not.toHaveURL(/action=/);

    // Event detail with its inclusion proof, checked in the browser against the signed checkpoint.
    // (The form is keyed by the URL and remounts after Clear: typing may land in the old one.)
    await expect(async () => {
      await filters.getByRole('textbox', { name: 'Action' }).fill('auth.login');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await expect(page).toHaveURL(/action=auth.login/, { timeout: 2_000 });
    }).toPass();
    await rows
      .last()
      .getByRole('link', { name: /Details/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit event' })).toBeVisible();
    await expect(page.getByTestId('audit-event')).toContainText('auth.login');
    const checkProof = page.getByRole('button', { name: 'Check the proof in this browser' });
    await expect(checkProof).toBeVisible({ timeout: 15_000 });
    await checkProof.click();
    await expect(page.getByTestId('proof-result')).toContainText('Proof valid');
    await checkScreen(page, 'audit-event');

    // Verify the whole log.
    await page.getByRole('link', { name: /Back to the audit log/ }).click();
    await page.getByRole('tab', { name: 'Integrity' }).click();
    await expect(page.getByTestId('latest-checkpoint')).toBeVisible();
    await page.getByRole('button', { name: 'Verify log' }).click();
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('verify-result')).toContainText('Log verified');
    await checkScreen(page, 'audit-verify');
  });

  test('a data-protection officer reaches the audit log; an investigator does not', async ({ page }) => {
    await signIn(page, demoWithRole('data-protection-officer').email);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
    await page.goto('/audit?tab=integrity');
    await expect(page.getByRole('button', { name: 'Verify log' })).toBeVisible();
    await signOut(page);

    await signIn(page, demoWithRole('investigator').email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await page.goto('/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'Not found or not yours' })).toBeVisible();
  });
});
