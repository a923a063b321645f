import { demoWithRole } from './env.ts';
import { checkScreen, expect, test } from './fixtures.ts';

const languages = [
  {
    code: 'fr',
    signIn: 'Connexion',
    submit: 'Se connecter',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    cases: 'Dossiers',
    welcome: 'Bienvenue',
    invalidEmail: 'Saisissez une adresse e-mail valide',
  },
  {
    code: 'de',
    signIn: 'Anmelden',
    submit: 'Anmelden',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    cases: 'Verfahren',
    welcome: 'Willkommen',
    invalidEmail: 'Geben Sie eine gültige E-Mail-Adresse ein',
  },
  {
    code: 'es',
    signIn: 'Iniciar sesión',
    submit: 'Iniciar sesión',
    email: 'Correo electrónico',
    password: 'Contraseña',
    cases: 'Expedientes',
    welcome: 'Bienvenido/a',
    invalidEmail: 'Introduzca un correo electrónico válido',
  },
] as const;

test.describe('languages', () => {
  test('the sign-in page and the shell switch between en, fr, de and es, and the choice is kept', async ({
    page,
  }) => {
    const investigator = demoWithRole('investigator');
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const switcher = page.getByTestId('language-switcher');

    for (const l of languages) {
      await switcher.selectOption(l.code);
      await expect(page.locator('html')).toHaveAttribute('lang', l.code);
      await expect(page.getByRole('heading', { level: 1, name: l.signIn })).toBeVisible();
      // Validation messages come from the catalogue too.
      const email = page.getByRole('textbox', { name: l.email, exact: true });
      await email.fill('nope');
      await email.blur();
      await expect(page.getByText(l.invalidEmail)).toBeVisible();
      await email.fill('');
      await checkScreen(page, `sign-in-${l.code}`);
    }

    // Sign in in Spanish; the shell follows.
    const es = languages[2];
    await switcher.selectOption('es');
    await page.getByRole('textbox', { name: es.email, exact: true }).fill(investigator.email);
    await page.getByRole('textbox', { name: es.password, exact: true }).fill('Exercise-Password-2026!');
    await page.getByRole('button', { name: es.submit }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(es.welcome);
    // Kept across a reload (localStorage).
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(es.welcome);

    for (const l of languages) {
      await page.getByTestId('language-switcher').selectOption(l.code);
      await expect(page.locator('html')).toHaveAttribute('lang', l.code);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(l.welcome);
      await expect(page.getByRole('navigation').getByRole('link', { name: l.cases })).toBeVisible();
      await checkScreen(page, `home-${l.code}`);
    }
    await page.getByTestId('language-switcher').selectOption('en');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  });
});
