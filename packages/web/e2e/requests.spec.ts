import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD } from './env.ts';
import { ApiSession, checkScreen, expect, signIn, test } from './fixtures.ts';

/** The demo investigator of the German Federal Criminal Police Office. */
const ANNA = 'anna.weber@de-bka.example';

/** Picks an option of a Mantine Select or MultiSelect by the field's label. */
async function choose(
  scope: Page | Locator,
  page: Page,
  label: string,
  option: string | RegExp,
): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' });

/**
 * The test server locks sessions after one idle minute (COMITY_SESSION_IDLE_MINUTES=1, for the
 * idle-lock test) and the server refreshes a session's last activity only once a minute, so a flow
 * longer than a minute meets the in-place unlock dialog: answer it like a user would.
 */
async function unlockWhenAsked(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Session locked' });
  await page.addLocatorHandler(dialog, async () => {
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(dialog).toBeHidden();
  });
}

/** Opens a page; a reload after the idle lock lands on the sign-in page, which then continues to it. */
async function open(page: Page, path: string, email: string): Promise<void> {
  await page.goto(path);
  const signInHeading = page.getByRole('heading', { level: 1, name: 'Sign in' });
  const shell = page.getByTestId('current-agency');
  await expect(shell.or(signInHeading).first()).toBeVisible();
  if (await signInHeading.isVisible()) {
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(shell).toBeVisible();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);
  }
}

test.describe('request drafting', () => {
  test('an investigator drafts an EIO from Germany to France end to end; an omitted field blocks until filled in', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await unlockWhenAsked(page);
    await signIn(page, ANNA);
    await nav(page).getByRole('link', { name: 'Requests' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Nordlicht/ }).first()).toBeVisible(); // a demo draft
    await checkScreen(page, 'requests');

    // 1. States and what is asked for.
    await page.getByRole('link', { name: 'New request' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New request' })).toBeVisible();
    const title = `E2E EIO ${Date.now()}`;
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await expect(page.getByRole('combobox', { name: 'Requesting (issuing) state' })).toHaveValue(
      'Germany (DE)',
    );
    await choose(page, page, 'Requested (executing) state', /^France \(FR\)$/);
    await choose(page, page, 'Measures requested', 'Information on bank accounts and banking operations');
    await choose(page, page, 'Measures requested', 'Hearing of a witness, expert or victim');
    await page.keyboard.press('Escape');
    await choose(page, page, 'Offence category', 'Swindling');
    await checkScreen(page, 'draft-1-states');

    // 2. The advisor: the EIO first, with channel, languages, deadlines and their articles.
    await page.getByRole('button', { name: 'Next: Legal basis' }).click();
    const eio = page.getByTestId('advice-eio');
    await expect(eio).toBeVisible();
    await expect(eio.getByRole('heading', { name: 'European Investigation Order' })).toBeVisible();
    await expect(eio).toContainText('Directly between judicial authorities');
    await expect(eio).toContainText('French (fr)');
    const acknowledge = eio.locator('[data-deadline="eio-acknowledge-receipt"]');
    await expect(acknowledge).toContainText('Acknowledge receipt');
    await expect(acknowledge).toContainText('7 days');
    await expect(acknowledge).toContainText('Dir. 2014/41/EU Art. 16(1)');
    await expect(eio.locator('[data-verified="false"]').first()).toBeVisible(); // unverified facts marked
    await expect(eio).toContainText('Replaces between these states: CoE 1959 Mutual Assistance Convention');
    await checkScreen(page, 'draft-2-advisor');

    // Choosing the EIO creates the draft.
    await eio.getByRole('button', { name: 'Use European Investigation Order as the legal basis' }).click();
    await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}\/edit\?step=measures/);
    const id = /\/requests\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
    await expect(page.getByTestId('draft-status')).toContainText('Version 1');

    // 3. Measures.
    const measures = page.getByTestId('step-measures');
    await measures
      .getByRole('region', { name: '1. Information on bank accounts and banking operations' })
      .getByRole('textbox', { name: 'What is to be done, and the evidence sought' })
      .fill(
        'Account holders, signatories and statements of account FR76 0000 0000 0000, 1 January to 31 March 2026.',
      );
    await measures
      .getByRole('region', { name: '2. Hearing of a witness, expert or victim' })
      .getByRole('textbox', { name: 'What is to be done, and the evidence sought' })
      .fill('Hearing on the opening of the accounts.');
    await checkScreen(page, 'draft-3-measures');

    // 4. Authorities, persons and facts; the issuing authority's e-mail is left out.
    await page.getByRole('button', { name: 'Next: Persons and facts' }).click();
    await expect(page.getByTestId('draft-status')).toContainText('Version 2');
    const facts = page.getByTestId('step-facts');
    const proceedings = facts.getByRole('region', { name: 'Proceedings' });
    await choose(proceedings, page, 'Type of proceedings', 'Criminal proceedings');
    await proceedings.getByRole('textbox', { name: 'Proceedings reference' }).fill('7410 Js 1234/26');
    const issuing = facts.getByRole('region', { name: 'Issuing authority' });
    await issuing.getByRole('textbox', { name: 'Name' }).fill('Staatsanwaltschaft Frankfurt am Main');
    await issuing
      .getByRole('textbox', { name: 'Address' })
      .fill('Konrad-Adenauer-Straße 20, 60313 Frankfurt am Main');
    await issuing.getByRole('textbox', { name: 'Phone' }).fill('+49 69 0000 0000');
    // The requested authority from the directory.
    const requested = facts.getByRole('region', { name: 'Requested authority' });
    await requested.getByRole('button', { name: 'Who executes this?' }).click();
    const finder = page.getByRole('dialog', { name: 'Find the requested authority' });
    await finder.getByRole('textbox', { name: 'Place' }).fill('Paris');
    await finder.getByRole('button', { name: 'Find' }).click();
    await finder
      .getByRole('button', { name: 'Use Public Prosecutor, Paris (exercise) as the requested authority' })
      .click();
    await expect(finder).toBeHidden();
    await expect(requested.getByRole('textbox', { name: 'Name' })).toHaveValue(
      'Public Prosecutor, Paris (exercise)',
    );
    await expect(requested.getByRole('textbox', { name: 'E-mail' })).toHaveValue('dee@fr-parquet.example');

    const persons = facts.getByRole('region', { name: 'Persons concerned' });
    await persons.getByRole('button', { name: 'Add a person' }).click();
    const witness = page.getByTestId('person-0');
    await choose(witness, page, 'Role', 'Witness');
    await witness.getByRole('textbox', { name: 'Name' }).fill('Camille Lefèvre');
    await witness.getByLabel('Date of birth').fill('1984-03-12');
    // A nationality is found by its name (or its code) and stored as its ISO code.
    await witness.getByRole('combobox', { name: 'Nationality' }).fill('Fran');
    await page.getByRole('option', { name: 'France (FR)' }).click();
    await expect(witness.getByRole('combobox', { name: 'Nationality' })).toHaveValue('France (FR)');
    await witness.getByRole('checkbox', { name: 'Hearing of a witness, expert or victim' }).check();
    await persons.getByRole('button', { name: 'Add a person' }).click();
    const suspect = page.getByTestId('person-1');
    await choose(suspect, page, 'Role', 'Suspect');
    await suspect.getByRole('textbox', { name: 'Name' }).fill('Jörg Nordmann');
    await suspect.getByRole('button', { name: 'Add an identifier' }).click();
    await suspect.getByRole('textbox', { name: 'Type' }).fill('passport');
    await suspect.getByRole('textbox', { name: 'Value' }).fill('C01X00T47');
    await suspect
      .getByRole('checkbox', { name: 'Information on bank accounts and banking operations' })
      .check();

    const offences = facts.getByRole('region', { name: 'Offences' });
    // The category chosen in step 1 started the first offence.
    await expect(offences.getByRole('combobox', { name: 'Offence category' })).toHaveValue('Swindling');
    await offences
      .getByRole('textbox', { name: 'Legal classification' })
      .fill('Gewerbs- und bandenmäßiger Betrug, § 263 Abs. 5 StGB');
    await offences
      .getByRole('textbox', { name: 'Maximum penalty (months) in the requesting state' })
      .fill('120');
    await facts
      .getByRole('textbox', { name: 'Summary of the facts' })
      .fill(
        'Between January and March 2026 more than 300 investors paid 2.4 million euros into accounts opened in Paris.',
      );
    await checkScreen(page, 'draft-4-facts');

    // 5. Review: one blocking finding, on the e-mail left out, with its article, in the user's language.
    await page.getByRole('button', { name: 'Next: Review' }).click();
    // The saved draft now names persons: the server answers with them only for a stated purpose
    // (LED Art. 25), asked once for this request in this tab.
    const draftPurpose = page.getByRole('dialog', { name: 'Why are you reading this?' });
    await draftPurpose.getByRole('button', { name: 'Drafting this request' }).click();
    await expect(draftPurpose.getByRole('textbox', { name: 'Purpose' })).toHaveValue('Drafting this request');
    await draftPurpose.getByRole('button', { name: 'Continue' }).click();
    await expect(draftPurpose).toBeHidden();
    await expect(page.getByTestId('draft-status')).toContainText('Version 3');
    const review = page.getByTestId('step-review');
    await expect(review.getByTestId('findings-summary')).toContainText('Blocking: 1');
    const emailFinding = review.locator('[data-finding-path="issuingAuthority.email"]');
    await expect(emailFinding).toHaveAttribute('data-severity', 'blocking');
    await expect(emailFinding).toContainText('Missing: Issuing authority – E-mail.');
    await expect(emailFinding).toContainText('Dir. 2014/41/EU Art. 5(1)(a)');
    await expect(emailFinding).toContainText('verified');
    await expect(review.locator('[data-severity="blocking"]')).toHaveCount(1);
    await checkScreen(page, 'draft-5-review');

    await page.getByTestId('language-switcher').selectOption('fr');
    await expect(emailFinding).toContainText("Manquant : Autorité d'émission – Courriel.");
    await page.getByTestId('language-switcher').selectOption('en');
    await expect(emailFinding).toContainText('Missing: Issuing authority – E-mail.');

    // Fill it in: the finding goes, the draft can be submitted.
    await emailFinding.getByRole('button', { name: 'Go to the field: Issuing authority – E-mail' }).click();
    const emailInput = page
      .getByTestId('step-facts')
      .getByRole('region', { name: 'Issuing authority' })
      .getByRole('textbox', { name: 'E-mail' });
    await expect(emailInput).toBeFocused();
    await expect(page.locator('[data-field-finding="issuingAuthority.email"]')).toContainText('Required');
    await emailInput.fill('eea@sta-frankfurt.example');
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await expect(page.getByTestId('draft-status')).toContainText('Version 4');
    await expect(review.getByTestId('findings-summary')).toContainText('Ready to submit');
    await expect(review.locator('[data-severity="blocking"]')).toHaveCount(0);
    await expect(review.locator('[data-finding-path="issuingAuthority.email"]')).toHaveCount(0);
    // Written in English (the drafter's language, the default), for a state that does not accept
    // it: the checker says what needs translating.
    await expect(review.locator('[data-severity="warning"]').first()).toBeVisible();

    // 6. The PDF, laid out like Annex A.
    await page.getByRole('button', { name: 'Next: PDF' }).click();
    await page.getByRole('button', { name: 'Prepare the PDF' }).click();
    // The PDF names the persons concerned too; the purpose stated for this request covers it.
    await expect(page.getByRole('dialog', { name: 'Why are you reading this?' })).toHaveCount(0);
    await expect(page.getByText('PDF of version 4 ready')).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('document-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`request-${id}-v4.pdf`);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await checkScreen(page, 'draft-6-pdf');

    // The request page after a reload: the persons it names are personal data, so a purpose is asked.
    await open(page, `/requests/${id}`, ANNA);
    const purpose = page.getByRole('dialog', { name: 'Why are you reading this?' });
    await expect(purpose).toBeVisible();
    await checkScreen(page, 'purpose-modal');
    await purpose.getByRole('button', { name: 'Continue' }).click();
    await expect(purpose.getByText('Say in a few words why you read it')).toBeVisible();
    await purpose.getByRole('textbox', { name: 'Purpose' }).fill('E2E: checking the drafted EIO');
    await purpose.getByRole('button', { name: 'Continue' }).click();
    await expect(purpose).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByTestId('draft-summary')).toContainText('Camille Lefèvre');
    await expect(page.getByTestId('findings-summary')).toContainText('Ready to submit');
    await checkScreen(page, 'request-draft');
    await page.getByRole('tab', { name: 'Versions' }).click();
    await expect(
      page.getByRole('table', { name: 'Saved versions, newest first' }).getByRole('row'),
    ).toHaveCount(5);
  });

  test('a save against a version someone else saved meanwhile shows theirs and merges', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, ANNA);
    const other = await ApiSession.signIn(baseURL!, ANNA);
    const created = await other.call<{ data: { id: string; version: number } }>('POST', '/api/requests', {
      kind: 'eio',
      instrumentId: 'eio',
      requestedState: 'FR',
      title: 'Concurrent draft',
      measures: [{ id: 'search-seizure' }],
    });
    const id = created.data.id;
    await page.goto(`/requests/${id}/edit?step=facts`);
    await expect(page.getByTestId('draft-status')).toContainText('Version 1');
    const facts = page.getByTestId('step-facts');
    await facts
      .getByRole('textbox', { name: 'Summary of the facts' })
      .fill('Typed while someone else saved.');

    // Meanwhile, another session changes the title and the proceedings.
    await other.call('PATCH', `/api/requests/${id}`, {
      expectedVersion: 1,
      title: 'Renamed elsewhere',
      proceedings: { type: 'criminal', reference: 'OTHER-1' },
    });

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Someone else saved this draft' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Version 2 was saved while you were editing');
    await expect(dialog).toContainText('Taken from their version:');
    await expect(dialog).toContainText('Title');
    await expect(dialog).toContainText('Kept from your changes:');
    await expect(dialog).toContainText('Summary of the facts');
    await checkScreen(page, 'draft-conflict');
    await dialog.getByRole('button', { name: 'Save the merged version' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('draft-status')).toContainText('Version 3');
    await expect(page.getByTestId('draft-status')).toContainText('saved');
    await expect(page.getByRole('heading', { level: 1, name: 'Renamed elsewhere' })).toBeVisible();

    const after = await other.call<{
      data: { version: number; draft: { title: string; summaryOfFacts: string } };
    }>('GET', `/api/requests/${id}`);
    expect(after.data.version).toBe(3);
    expect(after.data.draft.title).toBe('Renamed elsewhere');
    expect(after.data.draft.summaryOfFacts).toBe('Typed while someone else saved.');
  });

  test('reloading the page with unsaved changes asks first; dismissed, the changes are still there', async ({
    page,
    baseURL,
  }) => {
    await signIn(page, ANNA);
    const api = await ApiSession.signIn(baseURL!, ANNA);
    const created = await api.call<{ data: { id: string } }>('POST', '/api/requests', {
      kind: 'eio',
      instrumentId: 'eio',
      requestedState: 'FR',
      title: 'Unsaved edits',
      measures: [{ id: 'search-seizure' }],
    });
    await page.goto(`/requests/${created.data.id}/edit?step=facts`);
    const summary = page.getByTestId('step-facts').getByRole('textbox', { name: 'Summary of the facts' });
    await summary.fill('Typed and not saved.');
    await expect(page.getByTestId('draft-status')).toContainText('unsaved changes');
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', async (d) => {
        resolve(d.type());
        await d.dismiss();
      }),
    );
    // The reload waits on the browser's question, which is dismissed: it never completes.
    void page.reload().catch(() => undefined);
    expect(await asked).toBe('beforeunload');
    await expect(summary).toHaveValue('Typed and not saved.');
  });

  test('the instrument browser shows every rule with its article and mark; the finder names who executes', async ({
    page,
  }) => {
    await unlockWhenAsked(page);
    await signIn(page, ANNA);
    await nav(page).getByRole('link', { name: 'Legal instruments' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Legal instruments' })).toBeVisible();
    await expect(page.getByTestId('instrument-row-eio')).toContainText('Directive 2014/41/EU');
    await expect(page.getByTestId('instrument-row-uncac')).toContainText('unverified');
    await checkScreen(page, 'instruments');

    await page.getByRole('link', { name: 'European Investigation Order' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'European Investigation Order' })).toBeVisible();
    await expect(page.getByRole('table', { name: /States bound/ })).toContainText('France (FR)');
    await checkScreen(page, 'instrument-eio');
    await page.getByRole('tab', { name: 'Deadlines' }).click();
    const deadlines = page.getByRole('table', { name: 'Deadlines the instrument sets' });
    await expect(deadlines).toContainText('Dir. 2014/41/EU Art. 12(3)');
    await expect(deadlines).toContainText('30 days');
    await page.getByRole('tab', { name: 'All sourced facts' }).click();
    const rules = page.getByTestId('rules-table');
    await page.getByText(/^Unverified \(\d+\)$/).click();
    await expect(rules.locator('[data-verified="true"]')).toHaveCount(0);
    await expect(rules.locator('[data-verified="false"]').first()).toBeVisible();
    await checkScreen(page, 'instrument-eio-rules');

    await nav(page).getByRole('link', { name: 'Directory' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Competent authorities' })).toBeVisible();
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(page.getByText('Required').first()).toBeVisible();
    await choose(page, page, 'Measure', 'Information on bank accounts and banking operations');
    await choose(page, page, 'State', /^France \(FR\)$/);
    await page.getByRole('textbox', { name: 'Place' }).fill('Paris');
    await page.getByRole('button', { name: 'Find' }).click();
    const first = page.getByTestId('competent-authority').first();
    await expect(first).toContainText('Public Prosecutor, Paris (exercise)');
    await expect(first).toContainText('Competent for this place');
    await expect(first.getByRole('link', { name: 'dee@fr-parquet.example' })).toHaveAttribute(
      'href',
      'mailto:dee@fr-parquet.example',
    );
    await expect(page).toHaveURL(/measure=banking-information/);
    await checkScreen(page, 'directory');
  });
});
