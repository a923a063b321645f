import { demoWithRole } from './env.ts';
import { ApiSession, checkScreen, expect, signIn, signOut, test } from './fixtures.ts';

test.describe('sign-in', () => {
  test('sign-in page shows the exercise banner and passes axe in light and dark', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByTestId('exercise-banner')).toContainText('EXERCISE DATA');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await checkScreen(page, 'sign-in');
    await page.getByTestId('color-scheme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await checkScreen(page, 'sign-in-dark');
  });

  test('the form validates as the user types, with the contract schema', async ({ page }) => {
    await page.goto('/sign-in');
    const email = page.getByRole('textbox', { name: 'Email', exact: true });
    await email.fill('not-an-email');
    await email.blur();
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
    await email.fill('someone@example.org');
    await expect(page.getByText('Enter a valid email address')).toHaveCount(0);
  });

  test('a wrong password shows the problem code', async ({ page }) => {
    await signIn(page, demoWithRole('investigator').email, 'definitely-not-the-password');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Email or password is wrong');
    await expect(alert).toContainText('invalid-credentials');
    await checkScreen(page, 'sign-in-error');
  });

  test('a demo user signs in, sees the shell with agency and jurisdiction, and signs out', async ({
    page,
  }) => {
    const investigator = demoWithRole('investigator');
    await signIn(page, investigator.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Welcome, ${investigator.name}`);
    await expect(page.getByTestId('current-agency')).toContainText(investigator.jurisdiction);
    await expect(page.getByTestId('exercise-banner')).toBeVisible();
    // Navigation by permission: an investigator has cases, not administration or audit.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link', { name: 'Cases' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await checkScreen(page, 'home');
    await page.getByTestId('color-scheme-toggle').click();
    await checkScreen(page, 'home-dark');
    await page.getByTestId('color-scheme-toggle').click();

    await signOut(page);
    await expect(page).toHaveURL(/\/sign-in/);
    // Signed out for real: the shell is no longer reachable.
    await page.goto('/cases');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcases/);
  });

  test('five wrong passwords lock the account and say so', async ({ page, adminApi, baseURL }) => {
    const agencies = await adminApi.call<{ items: { data: { id: string; jurisdiction: string } }[] }>(
      'GET',
      '/api/agencies',
    );
    const email = `lockout.${Date.now()}@e2e.example`;
    await adminApi.call('POST', '/api/users', {
      email,
      displayName: 'Lockout Test',
      agencyId: agencies.items[0]!.data.id,
      roles: ['investigator'],
      clearance: 0,
      languages: [],
      password: 'correct-horse-lantern-harbour',
    });
    await page.goto('/sign-in');
    let locked = false;
    for (let attempt = 1; attempt <= 6 && !locked; attempt++) {
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill(`wrong-password-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await expect(alert).toBeVisible();
      await expect(alert).toHaveAttribute('data-problem-code', /invalid-credentials|account-locked/);
      locked = (await alert.getAttribute('data-problem-code')) === 'account-locked';
      if (!locked) expect(attempt, 'locked by the sixth attempt').toBeLessThan(6);
    }
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('This account is locked');
    await expect(alert).toContainText('account-locked');
    await checkScreen(page, 'sign-in-locked');
    // Even the right password is refused now.
    await expect(ApiSession.signIn(baseURL!, email, 'correct-horse-lantern-harbour')).rejects.toThrow(
      /423|locked/,
    );
  });

  test('an unknown address answers "not found or not yours" inside the shell', async ({ page }) => {
    await signIn(page, demoWithRole('investigator').email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await page.goto('/no/such/screen');
    await expect(page.getByRole('heading', { level: 1, name: 'Not found or not yours' })).toBeVisible();
    await checkScreen(page, 'not-found');
    // A screen the user may not open looks the same.
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { level: 1, name: 'Not found or not yours' })).toBeVisible();
  });
});
