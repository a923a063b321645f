import { demoWithRole } from './env.ts';
import { checkScreen, expect, nextTotpWindow, signIn, signOut, test, totp } from './fixtures.ts';

const NEW_USER_PASSWORD = 'amber-falcon-quietly-rowing-7';

test.describe('administration', () => {
  test('an administrator creates an agency and a user; the user signs in, enrols MFA and passes the challenge', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const stamp = Date.now().toString(36);
    const agencyName = `Brigade e2e ${stamp}`;
    const email = `officer.${stamp}@e2e.example`;
    const admin = demoWithRole('administrator');

    // ── Agencies: the tree by jurisdiction, then a new agency under an existing one ──
    await signIn(page, admin.email);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Agencies' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Agencies' })).toBeVisible();
    await expect(page.getByTestId('jurisdiction-FR')).toBeVisible();
    await checkScreen(page, 'admin-agencies');

    await page.getByRole('button', { name: 'New agency' }).click();
    const agencyDialog = page.getByRole('dialog', { name: 'New agency' });
    await agencyDialog.getByRole('textbox', { name: 'Agency name' }).fill('X');
    await agencyDialog.getByRole('textbox', { name: 'Short name' }).click();
    await expect(agencyDialog.getByText('At least 2 characters')).toBeVisible(); // validated as typed
    await agencyDialog.getByRole('textbox', { name: 'Agency name' }).fill(agencyName);
    await expect(agencyDialog.getByText('At least 2 characters')).toHaveCount(0);
    await agencyDialog.getByRole('textbox', { name: 'Short name' }).fill(`E2E-${stamp}`);
    await agencyDialog.getByRole('combobox', { name: 'Jurisdiction' }).click();
    await page.getByRole('option', { name: /^France/ }).click();
    await agencyDialog.getByRole('combobox', { name: 'Parent agency' }).click();
    await page.getByRole('listbox').getByRole('option').first().click();
    await checkScreen(page, 'admin-agency-new');
    await agencyDialog.getByRole('button', { name: 'Create' }).click();
    await expect(agencyDialog).toBeHidden();
    const row = page.getByTestId('jurisdiction-FR').getByRole('row', { name: new RegExp(agencyName) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('part of'); // nested under its parent in the tree

    // ── Users: create one in the new agency ──
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Users' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
    await checkScreen(page, 'admin-users');
    await page.getByRole('button', { name: 'New user' }).click();
    const userDialog = page.getByRole('dialog', { name: 'New user' });
    await userDialog.getByRole('textbox', { name: 'Name' }).fill('Camille Martin');
    await userDialog.getByRole('textbox', { name: 'Email' }).fill(email);
    await userDialog.getByRole('combobox', { name: 'Agency' }).click();
    await page.getByRole('option', { name: new RegExp(agencyName) }).click();
    await userDialog.getByRole('checkbox', { name: 'Prosecutor' }).check();
    await userDialog.getByRole('textbox', { name: 'Initial password' }).fill('short');
    await userDialog.getByRole('textbox', { name: 'Name' }).click();
    await expect(userDialog.getByText('At least 12 characters', { exact: true })).toBeVisible();
    // The server's own strength check says why a long but common password is refused.
    await userDialog.getByRole('textbox', { name: 'Initial password' }).fill('password1234');
    await userDialog.getByRole('button', { name: 'Create' }).click();
    await expect(userDialog.getByRole('alert')).toContainText('weak-password');
    await checkScreen(page, 'admin-user-new-weak-password');
    await userDialog.getByRole('textbox', { name: 'Initial password' }).fill(NEW_USER_PASSWORD);
    await userDialog.getByRole('button', { name: 'Create' }).click();
    await expect(userDialog).toBeHidden();
    await page.getByRole('searchbox', { name: 'Search' }).fill(email);
    await expect(page.getByTestId(`user-row-${email}`)).toContainText('Camille Martin');
    await signOut(page);

    // ── The new user: first sign-in requires MFA enrolment ──
    await signIn(page, email, NEW_USER_PASSWORD);
    await expect(page).toHaveURL(/\/sign-in\/enrol/);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' }),
    ).toBeVisible();
    await expect(page.getByTestId('mfa-qr')).toBeVisible();
    await checkScreen(page, 'mfa-enrol');
    const secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret'))!;
    await page.getByRole('textbox', { name: 'Authentication code' }).fill('123');
    await page.getByRole('button', { name: 'Confirm and activate' }).click();
    await expect(page.getByText('Six digits', { exact: true })).toBeVisible();
    await page.getByRole('textbox', { name: 'Authentication code' }).fill(await totp(secret));
    await page.getByRole('button', { name: 'Confirm and activate' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your recovery codes' })).toBeVisible();
    await expect(page.getByTestId('recovery-codes').locator('li')).not.toHaveCount(0);
    await checkScreen(page, 'mfa-recovery-codes');
    await page.getByRole('checkbox', { name: 'I have stored my recovery codes safely' }).check();
    await page.getByRole('button', { name: 'Continue to Comity' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome, Camille Martin');
    await expect(page.getByTestId('current-agency')).toContainText(`E2E-${stamp}`);
    await signOut(page);

    // ── Next sign-in: the TOTP challenge (a wrong code first, then a fresh one) ──
    await signIn(page, email, NEW_USER_PASSWORD);
    await expect(page).toHaveURL(/\/sign-in\/mfa/);
    await checkScreen(page, 'mfa-challenge');
    await page.getByRole('textbox', { name: 'Authentication code' }).fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert')).toContainText('invalid-mfa-code');
    await nextTotpWindow(); // the enrolment code's window must not be replayed
    await page.getByRole('textbox', { name: 'Authentication code' }).fill(await totp(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome, Camille Martin');
  });

  test('an administrator manages their own API tokens; the token is shown once', async ({ page }) => {
    await signIn(page, demoWithRole('administrator').email);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'API tokens' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New token' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('nightly export');
    await dialog.getByRole('checkbox', { name: /^Audit/ }).check();
    await checkScreen(page, 'tokens-new');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByTestId('new-token')).toBeVisible();
    await expect(page.getByTestId('new-token-value')).not.toBeEmpty();
    await expect(page.getByRole('row', { name: /nightly export/ })).toContainText('expires in');
    await checkScreen(page, 'tokens');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByTestId('new-token')).toHaveCount(0);
    await page.getByRole('button', { name: 'Revoke nightly export' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke this token?' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await expect(page.getByRole('row', { name: /nightly export/ })).toContainText('Revoked');
  });

  test('an administrator locks and unlocks a user from the users list', async ({ page, adminApi }) => {
    const agencies = await adminApi.call<{ items: { data: { id: string } }[] }>('GET', '/api/agencies');
    const email = `lockable.${Date.now()}@e2e.example`;
    await adminApi.call('POST', '/api/users', {
      email,
      displayName: 'Lockable Officer',
      agencyId: agencies.items[0]!.data.id,
      roles: ['investigator'],
      clearance: 1,
      languages: ['en'],
      password: 'correct-horse-lantern-harbour',
    });
    await signIn(page, demoWithRole('administrator').email);
    // Wait for the session before navigating: a page load would abort the sign-in call.
    await expect(page.getByTestId('current-agency')).toBeVisible();
    await page.goto('/admin/users');
    await page.getByRole('searchbox', { name: 'Search' }).fill(email);
    const row = page.getByTestId(`user-row-${email}`);
    await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(1); // the search has applied
    await expect(row).toContainText('Active');
    await row.getByRole('button', { name: 'Actions for Lockable Officer' }).click();
    await page.getByRole('menuitem', { name: 'Lock account' }).click();
    await checkScreen(page, 'admin-user-lock-confirm');
    await page
      .getByRole('dialog', { name: 'Lock this account?' })
      .getByRole('button', { name: 'Lock' })
      .click();
    await expect(row).toContainText('Locked');
    await row.getByRole('button', { name: 'Actions for Lockable Officer' }).click();
    await page.getByRole('menuitem', { name: 'Unlock account' }).click();
    await page
      .getByRole('dialog', { name: 'Unlock this account?' })
      .getByRole('button', { name: 'Unlock' })
      .click();
    await expect(row).toContainText('Active');
  });
});
