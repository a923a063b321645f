import { checkScreen, expect, test, totp } from './fixtures.ts';
import { type RunningServer, startServer } from './server.ts';

// A node of its own, not in demo mode: it has no administrator until /setup creates one.
let node: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  node = await startServer({ demo: false });
});
test.afterAll(async () => {
  await node?.stop();
});

test('first run: /setup creates the first administrator, who signs in and enrols MFA', async ({ page }) => {
  test.setTimeout(120_000);
  const code = /one-time setup code:\s*\n\s*(\S+)/.exec(node.output())?.[1];
  expect(code, 'the server prints a one-time setup code').toBeTruthy();

  await page.goto(`${node.baseUrl}/sign-in`);
  await expect(page.getByTestId('exercise-banner')).toHaveCount(0); // not a demo node
  await page.getByRole('link', { name: 'Set up this node' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up this node' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Setup code' }).fill(code!);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Margaux Lefèvre');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('m.lefevre@justice.example');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('tidal-orchard-bramble-9');
  await page.getByRole('textbox', { name: 'Agency name' }).fill('Bureau de l’entraide pénale internationale');
  await page.getByRole('textbox', { name: 'Country code' }).fill('fr');
  await expect(page.getByRole('textbox', { name: 'Country code' })).toHaveValue('FR');
  await page.getByRole('textbox', { name: 'Jurisdiction name' }).fill('France');
  await checkScreen(page, 'setup');
  await page.getByRole('button', { name: 'Create administrator' }).click();

  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('status')).toContainText('The administrator has been created');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('m.lefevre@justice.example');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('tidal-orchard-bramble-9');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in\/enrol/);
  const secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret'))!;
  await page.getByRole('textbox', { name: 'Authentication code' }).fill(await totp(secret));
  await page.getByRole('button', { name: 'Confirm and activate' }).click();
  await page.getByRole('checkbox', { name: 'I have stored my recovery codes safely' }).check();
  await page.getByRole('button', { name: 'Continue to Comity' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome, Margaux Lefèvre');
  await expect(page.getByTestId('current-agency')).toContainText('France (FR)');

  // The setup page now says so instead of offering the form again.
  await page.goto(`${node.baseUrl}/setup`);
  await expect(page.getByText('This node is already set up.')).toBeVisible();
});
