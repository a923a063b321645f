import type { Browser, Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD } from './env.ts';
import { ApiSession, checkScreen, expect, signIn, test } from './fixtures.ts';

// The demo world's people on both sides of a German EIO to France.
const ANNA = 'anna.weber@de-bka.example'; // investigator, DE-BKA: drafts, submits, transmits, closes
const JONAS = 'jonas.keller@de-bka.example'; // supervisor, DE-BKA: approves (four eyes)
const MARKUS = 'markus.roth@de-sta.example'; // prosecutor, DE-StA-F: validates (EIO Art. 2(c)(ii))
const INES = 'ines.dupont@fr-bec.example'; // central authority, FR-BEPI: receives, assesses, executes
const CLAIRE = 'claire.martin@fr-pj.example'; // investigator, FR-DCPJ: executes a task
const LOUIS = 'louis.bernard@fr-parquet.example'; // prosecutor, FR-PR-P: executes a task

const DAY = 24 * 3600_000;

/**
 * Sessions lock after one idle minute on the test server and the server records activity once a
 * minute, so a long flow meets the in-place unlock dialog: answer it as the user would.
 */
async function unlockWhenAsked(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Session locked' });
  await page.addLocatorHandler(dialog, async () => {
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(dialog).toBeHidden();
  });
}

/** A signed-in tab of its own for one person. */
async function person(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await unlockWhenAsked(page);
  await signIn(page, email);
  await expect(page.getByTestId('current-agency')).toBeVisible();
  return page;
}

/** Opens a page; after the idle lock a reload lands on the sign-in page, which continues to it. */
async function open(page: Page, path: string, email: string): Promise<void> {
  await page.goto(path);
  const shell = page.getByTestId('current-agency');
  const signInHeading = page.getByRole('heading', { level: 1, name: 'Sign in' });
  await expect(shell.or(signInHeading).first()).toBeVisible();
  if (await signInHeading.isVisible()) {
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(shell).toBeVisible();
  }
}

/** Takes a transition from the request page's actions, filling the dialog's fields. */
async function act(page: Page, action: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByTestId('actions').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await expect(dialog).toBeVisible();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

const stateOf = (page: Page) => page.getByTestId('request-header');

async function choose(
  scope: Page | Locator,
  page: Page,
  label: string,
  option: string | RegExp,
): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}

interface Clock {
  ruleId: string;
  status: string;
  startedAt: string;
  dueAt: string;
  baseDueAt: string;
  duration: string | null;
  citation: string;
  pausedMs: number;
}

test.describe('request lifecycle', () => {
  test('a German EIO goes from draft to closure in France: approval, validation, transmission, acknowledgement, questions, acceptance, two tasks, partial and full results', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(420_000);
    // The draft, complete, as Anna saved it (the drafting screens have their own test).
    const annaApi = await ApiSession.signIn(baseURL!, ANNA);
    const agencies = await annaApi.call<{ items: { data: { id: string; shortName: string } }[] }>(
      'GET',
      '/api/agencies',
    );
    const agency = (short: string) => agencies.items.find((a) => a.data.shortName === short)!.data.id;
    const title = `E2E lifecycle ${Date.now()}`;
    const created = await annaApi.call<{ data: { id: string } }>('POST', '/api/requests', {
      kind: 'eio',
      instrumentId: 'eio',
      title,
      requestingState: 'DE',
      requestedState: 'FR',
      language: 'fr',
      issuingAuthority: {
        name: 'Bundeskriminalamt (exercise)',
        address: 'Thaerstraße 11, 65193 Wiesbaden',
        phone: '+49 611 000 0000',
        email: 'eea@de-bka.example',
      },
      validatingAuthority: {
        name: 'Staatsanwaltschaft Frankfurt am Main (exercise)',
        agencyId: agency('DE-StA-F'),
      },
      requestedAuthority: {
        name: 'Bureau de l’entraide pénale internationale (exercise)',
        agencyId: agency('FR-BEPI'),
      },
      proceedings: { type: 'criminal', reference: '7410 Js 9999/26' },
      persons: [
        { role: 'witness', name: 'Camille Lefèvre', nationality: 'FR' },
        { role: 'suspect', name: 'Jörg Nordmann', identifiers: { passport: 'C01X00T47' } },
      ],
      offences: [{ legalClassification: 'Betrug, § 263 StGB', category: 'swindling', maxPenaltyMonths: 120 }],
      summaryOfFacts:
        'Investors paid 2.4 million euros into accounts opened in Paris for investments that did not exist.',
      measures: [
        { id: 'banking-information', details: 'Holders and statements of account FR76…', personIndex: 1 },
        { id: 'hearing-witness', details: 'Hearing on the opening of the accounts.', personIndex: 0 },
      ],
      urgency: { urgent: false },
    });
    const id = created.data.id;
    const path = `/requests/${id}`;
    const findings = await annaApi.call<{ submittable: boolean }>('GET', `/api/requests/${id}/findings`);
    expect(findings.submittable).toBe(true);
    const { reference } = (
      await annaApi.call<{ data: { reference: string } }>('GET', `${`/api${path}`}/lifecycle`)
    ).data;

    // Anna submits it for approval from the request page.
    const anna = await person(browser, ANNA);
    await open(anna, `${path}?tab=overview`, ANNA);
    await expect(stateOf(anna)).toContainText('Draft');
    await expect(anna.getByTestId('turn')).toHaveText('Your move.');
    await act(anna, 'Submit for approval');
    await expect(stateOf(anna)).toContainText('Submitted for approval');
    await expect(anna.getByTestId('turn')).toHaveText('Waiting on approval by a supervisor (four eyes).');
    // Four eyes: the drafter cannot approve her own request.
    await expect(anna.getByTestId('actions').getByRole('button', { name: 'Approve' })).toHaveCount(0);

    // Jonas, her supervisor, finds it in his approval queue and approves; validation is required.
    const jonas = await person(browser, JONAS);
    await jonas
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Approvals' })
      .click();
    await expect(jonas.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
    await expect(jonas.getByRole('link', { name: title })).toBeVisible();
    await checkScreen(jonas, 'approvals');
    await jonas.getByRole('link', { name: title }).click();
    await checkScreen(jonas, 'request-submitted');
    await act(jonas, 'Approve', async (dialog) => {
      await choose(
        dialog,
        jonas,
        'Validating judicial authority',
        'Public Prosecutor’s Office Frankfurt (exercise)',
      );
      await dialog.getByRole('textbox', { name: 'Comments' }).fill('Proportionate and necessary.');
    });
    await expect(stateOf(jonas)).toContainText('Awaiting validation');
    await expect(jonas.getByTestId('turn')).toHaveText('Waiting on the validating judicial authority.');

    // Markus, prosecutor in Frankfurt, validates it.
    const markus = await person(browser, MARKUS);
    await markus
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Approvals' })
      .click();
    await markus.getByRole('region', { name: 'To validate' }).getByRole('link', { name: title }).click();
    await act(markus, 'Validate');
    await expect(stateOf(markus)).toContainText('Approved');
    // Back to the queue he came from, not to a list of requests he never opened.
    await markus.getByRole('link', { name: '← Approvals' }).click();
    await expect(markus.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();

    // Anna transmits the frozen version to the French central authority.
    await open(anna, `${path}?tab=overview`, ANNA);
    await expect(stateOf(anna)).toContainText('Approved');
    await act(anna, 'Transmit');
    await expect(stateOf(anna)).toContainText('Transmitted');
    await expect(anna.getByText('Waiting on the other side.')).toBeVisible();

    // Inès sees it in her inbox, acknowledges it on the assessment screen, and asks a question.
    const ines = await person(browser, INES);
    await ines
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Inbox' })
      .click();
    await expect(ines.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
    await expect(ines.locator('[data-count="needs-my-action"]')).not.toHaveText('0');
    const row = ines.getByRole('row', { name: new RegExp(title) });
    await expect(row).toContainText('Acknowledge receipt');
    await expect(row).toContainText('Dir. 2014/41/EU Art. 16(1)');
    await checkScreen(ines, 'inbox');
    await row.getByRole('link', { name: title }).click();
    await ines.getByRole('link', { name: 'Assess', exact: true }).first().click();
    const purpose = ines.getByRole('dialog', { name: 'Why are you reading this?' });
    await purpose.getByRole('button', { name: 'Assessing an incoming request' }).click();
    await purpose.getByRole('button', { name: 'Continue' }).click();
    await expect(ines.getByRole('heading', { level: 1, name: /^Assess REQ-/ })).toBeVisible();
    await expect(ines.getByTestId('draft-summary')).toContainText('Camille Lefèvre');
    await ines
      .getByTestId('action-form-acknowledge')
      .getByRole('button', { name: 'Acknowledge receipt' })
      .click();
    await expect(ines.getByRole('radio', { name: 'Ask for more information' })).toBeAttached();
    await checkScreen(ines, 'assess');
    await ines.getByText('Ask for more information', { exact: true }).click();
    const ask = ines.getByTestId('action-form-request-information');
    await ask.getByRole('button', { name: 'Ask for more information' }).click();
    await expect(ask.getByText('Required')).toBeVisible(); // questions are mandatory
    await ask
      .getByRole('textbox', { name: 'Questions for the requesting side' })
      .fill('Please give the account numbers in full and the period of the statements.');
    await ask.getByRole('button', { name: 'Ask for more information' }).click();
    await expect(ines).toHaveURL(new RegExp(`${path}$`));
    await expect(stateOf(ines)).toContainText('More information requested');
    await ines.getByRole('tab', { name: 'Clocks' }).click();
    // The decision clock pauses while the information is awaited.
    await expect(ines.locator('[data-clock="eio-recognition-decision"]')).toHaveAttribute(
      'data-status',
      'paused',
    );
    await expect(ines.locator('[data-clock="eio-acknowledge-receipt"]')).toHaveAttribute(
      'data-status',
      'met',
    );
    await checkScreen(ines, 'request-clocks-paused');

    // Anna answers.
    await open(anna, `${path}?tab=overview`, ANNA);
    await expect(anna.getByTestId('questions')).toContainText('account numbers in full');
    await act(anna, 'Provide the information', async (dialog) => {
      await dialog
        .getByRole('textbox', { name: 'Answer' })
        .fill('FR76 1234 5678 9012 3456 7890 123, 1 January to 31 March 2026.');
    });
    await expect(stateOf(anna)).toContainText('Under assessment');

    // Inès accepts and starts execution: the execution clock (90 days, Art. 12(4)) runs.
    await open(ines, `${path}/assess`, INES);
    // A new page load: the purpose is asked again before the request's content is shown; without
    // it, nothing is shown and nothing can be decided.
    await purpose.getByRole('button', { name: 'Cancel' }).click();
    await expect(ines.getByTestId('read-first')).toBeVisible();
    await expect(ines.getByTestId('action-form-accept')).toHaveCount(0);
    await ines.getByRole('button', { name: 'Give a purpose' }).click();
    await purpose.getByRole('button', { name: 'Assessing an incoming request' }).click();
    await purpose.getByRole('button', { name: 'Continue' }).click();
    // She decides with the question and Anna's answer in view.
    await expect(ines.getByTestId('exchange')).toContainText('account numbers in full');
    await expect(ines.getByTestId('exchange')).toContainText('FR76 1234 5678 9012 3456 7890 123');
    await expect(ines.getByRole('radio', { name: 'Accept' })).toBeChecked();
    await ines.getByTestId('action-form-accept').getByRole('button', { name: 'Accept' }).click();
    await expect(ines).toHaveURL(new RegExp(`${path}$`));
    await expect(stateOf(ines)).toContainText('Accepted');
    await act(ines, 'Start execution');
    await expect(stateOf(ines)).toContainText('In execution');
    await expect(ines.getByTestId('next-deadline')).toContainText('Dir. 2014/41/EU Art. 12(4)');

    // Two execution tasks, for the judicial police and the Paris prosecutor.
    await ines.getByRole('tab', { name: 'Tasks' }).click();
    const assign = ines.getByRole('region', { name: 'Assign a task to an executing agency' });
    // A due date after a clock of the requested side is flagged with the clock and its article; one
    // before it is not.
    const dayFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await assign.locator('input[name="dueAt"]').fill(dayFromNow(200));
    await expect(assign.getByRole('status')).toContainText('Execute');
    await expect(assign.getByRole('status')).toContainText('Dir. 2014/41/EU Art. 12(4)');
    await checkScreen(ines, 'task-due-after-deadline');
    await assign.locator('input[name="dueAt"]').fill(dayFromNow(10));
    await expect(assign.getByRole('status')).toHaveCount(0);
    for (const [task, owner, measure] of [
      [
        'Obtain the bank records',
        'Judicial Police Directorate (exercise)',
        'Information on bank accounts and banking operations',
      ],
      [
        'Hear the witness Camille Lefèvre',
        'Public Prosecutor, Paris (exercise)',
        'Hearing of a witness, expert or victim',
      ],
    ] as const) {
      await assign.getByRole('textbox', { name: 'Task' }).fill(task);
      await choose(assign, ines, 'Executing agency', owner);
      await choose(assign, ines, 'Measure', measure);
      await assign.getByRole('button', { name: 'Assign' }).click();
      await expect(ines.getByTestId('request-tasks').locator(`[data-task="${task}"]`)).toBeVisible();
    }
    await checkScreen(ines, 'request-tasks');

    // Claire, at the judicial police, finishes hers on the task board.
    const claire = await person(browser, CLAIRE);
    await claire
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Task board' })
      .click();
    const bankTask = claire
      .getByTestId('task-board')
      .locator('[data-column="open"]')
      .getByRole('article', { name: 'Obtain the bank records' })
      .filter({ hasText: reference });
    await expect(bankTask).toBeVisible();
    await checkScreen(claire, 'task-board');
    await bankTask.getByRole('button', { name: 'Finish the task “Obtain the bank records”' }).click();
    const finish = claire.getByRole('dialog', { name: 'Finish “Obtain the bank records”' });
    await finish
      .getByRole('textbox', { name: 'Result' })
      .fill('Statements January–March 2026 obtained from the bank; sealed copy with the central authority.');
    await finish.getByRole('button', { name: 'Mark done' }).click();
    await expect(finish).toBeHidden();

    // Inès returns the partial results while the hearing is still to come, starting from what the
    // judicial police reported.
    await open(ines, `${path}?tab=overview`, INES);
    await act(ines, 'Return results', async (dialog) => {
      // The field's frame lies over its input: click through it, as a pointer does.
      await dialog.getByRole('combobox', { name: 'Tasks whose results are returned' }).click({ force: true });
      await ines.getByRole('option', { name: 'Obtain the bank records' }).click();
      await ines.keyboard.press('Escape');
      await dialog.getByRole('button', { name: 'Copy their results into “What is returned”' }).click();
      await expect(dialog.getByRole('textbox', { name: 'What is returned' })).toHaveValue(
        'Obtain the bank records: Statements January–March 2026 obtained from the bank; sealed copy with the central authority.',
      );
      await dialog
        .getByRole('textbox', { name: 'What is returned' })
        .fill('Bank statements January–March 2026 (sealed copy, by courier).');
    });
    await expect(stateOf(ines)).toContainText('Partially executed');

    // Louis, Paris prosecutor, hears the witness.
    const louis = await person(browser, LOUIS);
    await louis
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Task board' })
      .click();
    await louis.getByRole('button', { name: 'Finish the task “Hear the witness Camille Lefèvre”' }).click();
    const hear = louis.getByRole('dialog', { name: 'Finish “Hear the witness Camille Lefèvre”' });
    await hear.getByRole('textbox', { name: 'Result' }).fill('Witness heard on 12 March; minutes signed.');
    await hear.getByRole('button', { name: 'Mark done' }).click();
    await expect(hear).toBeHidden();

    // Every task done: executed, then the final results.
    await open(ines, `${path}?tab=overview`, INES);
    await act(ines, 'Mark executed');
    await expect(stateOf(ines)).toContainText('Executed');
    await act(ines, 'Return results', async (dialog) => {
      await dialog
        .getByRole('textbox', { name: 'What is returned' })
        .fill('Minutes of the hearing of the witness (by courier).');
    });
    await expect(stateOf(ines)).toContainText('Results returned');

    // Anna reads what came back, then closes it; nobody has a move left and no clock runs.
    await open(anna, `${path}?tab=overview`, ANNA);
    await expect(anna.getByTestId('exchange')).toContainText('Bank statements January–March 2026');
    await expect(anna.getByTestId('exchange')).toContainText('Minutes of the hearing of the witness');
    await act(anna, 'Close the request');
    await expect(stateOf(anna)).toContainText('Closed');
    await expect(anna.getByTestId('no-actions')).toHaveText(
      'The request is finished: nobody has a move left.',
    );
    await checkScreen(anna, 'request-closed');
    await anna.getByRole('tab', { name: 'Clocks' }).click();
    await expect(anna.locator('[data-clock][data-status="running"]')).toHaveCount(0);
    await anna.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = anna.getByTestId('timeline');
    for (const step of [
      'submit',
      'approve',
      'validate',
      'transmit',
      'acknowledge',
      'request-information',
      'provide-information',
      'accept',
      'start-execution',
      'return-results',
      'complete',
      'close',
    ]) {
      await expect(timeline.locator(`[data-timeline="transition:${step}"]`).first()).toBeVisible();
    }
    await expect(timeline.locator('[data-timeline="receipt:delivered"]').first()).toBeVisible();
    // The tasks are France's own business: not on Germany's timeline.
    await expect(timeline.locator('[data-timeline^="task:"]')).toHaveCount(0);
    await checkScreen(anna, 'request-timeline');
    // Inès sees on hers who assigned and who finished each task.
    await open(ines, `${path}?tab=timeline`, INES);
    const franceTimeline = ines.getByTestId('timeline');
    await expect(franceTimeline.locator('[data-timeline="task:task-assigned"]')).toHaveCount(2);
    await expect(franceTimeline.locator('[data-timeline="task:task-done"]').first()).toContainText(
      'Task done: Obtain the bank records',
    );
    await expect(franceTimeline.locator('[data-timeline="task:task-done"]').first()).toContainText(
      'Executing agency: Judicial Police Directorate (exercise)',
    );
    await checkScreen(ines, 'request-timeline-tasks');
    await anna.getByRole('tab', { name: 'Deliveries' }).click();
    await expect(anna.getByTestId('deliveries')).toContainText('Transmit');
    await checkScreen(anna, 'request-deliveries');

    // The clocks, as the law sets them: due = start + duration (+ time paused), with their articles.
    // (A fresh API session: the first one has long been locked by the one-minute idle limit.)
    const check = await ApiSession.signIn(baseURL!, ANNA);
    const clocks = await check.call<{ items: Clock[] }>('GET', `/api/requests/${id}/deadlines`);
    const rule = (ruleId: string) => clocks.items.find((c) => c.ruleId === ruleId)!;
    const ack = rule('eio-acknowledge-receipt');
    expect(ack.citation).toContain('Art. 16(1)');
    expect(Date.parse(ack.dueAt) - Date.parse(ack.startedAt)).toBe(7 * DAY);
    const decide = rule('eio-recognition-decision');
    expect(decide.citation).toContain('Art. 12(3)');
    expect(Date.parse(decide.baseDueAt) - Date.parse(decide.startedAt)).toBe(30 * DAY);
    expect(decide.pausedMs).toBeGreaterThan(0);
    expect(Date.parse(decide.dueAt) - Date.parse(decide.baseDueAt)).toBe(decide.pausedMs);
    const execute = rule('eio-execution');
    expect(execute.citation).toContain('Art. 12(4)');
    expect(Date.parse(execute.baseDueAt) - Date.parse(execute.startedAt)).toBe(90 * DAY);
    for (const page of [anna, jonas, markus, ines, claire, louis]) await page.context().close();
  });

  test('the requested side refuses on grounds from the instrument; the requesting side withdraws another request', async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    // Inès refuses a demo EIO under assessment, on a ground of Art. 11 with its article.
    const ines = await person(browser, INES);
    await ines
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Inbox' })
      .click();
    await ines.getByRole('searchbox', { name: 'Search' }).fill('decision due soon');
    const link = ines.getByRole('link', { name: 'Exercise: under assessment, decision due soon' });
    await expect(ines.getByTestId('inbox-table').locator('tbody tr')).toHaveCount(1);
    await expect(ines).toHaveURL(/q=decision/);
    await link.click();
    await expect(ines).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
    const refusedPath = new URL(ines.url()).pathname;
    await ines.getByRole('link', { name: 'Assess', exact: true }).first().click();
    const purpose = ines.getByRole('dialog', { name: 'Why are you reading this?' });
    await purpose.getByRole('button', { name: 'Assessing an incoming request' }).click();
    await purpose.getByRole('button', { name: 'Continue' }).click();
    await ines.getByText('Refuse', { exact: true }).click();
    const refuse = ines.getByTestId('action-form-refuse');
    await choose(refuse, ines, 'Refusal grounds', 'Contrary to ne bis in idem');
    await ines.keyboard.press('Escape');
    await expect(refuse).toContainText('Dir. 2014/41/EU Art. 11(1)(d)');
    await refuse
      .getByRole('textbox', { name: 'Reasons' })
      .fill('Final judgment of the Tribunal correctionnel de Paris, 2025, on the same acts.');
    await checkScreen(ines, 'assess-refuse');
    await refuse.getByRole('button', { name: 'Refuse' }).click();
    await expect(ines).toHaveURL(new RegExp(`${refusedPath}$`));
    await expect(stateOf(ines)).toContainText('Refused');

    // Anna sees the grounds and closes it.
    const anna = await person(browser, ANNA);
    await open(anna, `${refusedPath}?tab=overview`, ANNA);
    const refusal = anna.getByRole('alert').filter({ hasText: 'Refused' });
    await expect(refusal).toContainText('Contrary to ne bis in idem');
    await expect(refusal).toContainText('Dir. 2014/41/EU Art. 11(1)(d)');
    await expect(refusal).toContainText('Final judgment');
    await checkScreen(anna, 'request-refused');
    // In French, the ground reads as the registry translates it.
    await anna.getByTestId('language-switcher').selectOption('fr');
    await expect(anna.getByRole('alert').filter({ hasText: 'Refusée' })).toContainText(
      'Contraire au principe ne bis in idem',
    );
    await anna.getByTestId('language-switcher').selectOption('en');
    await act(anna, 'Close the request');
    await expect(stateOf(anna)).toContainText('Closed');

    // Anna withdraws a request France has not acknowledged yet; the clocks stop.
    await anna
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Requests' })
      .click();
    await anna.getByRole('link', { name: 'Exercise: sent, acknowledgement overdue' }).click();
    await expect(stateOf(anna)).toContainText('Transmitted');
    await anna.getByRole('tab', { name: 'Overview' }).click();
    // By keyboard: the dialog opens on Enter, closes on Escape and gives focus back to its button.
    const withdraw = anna.getByTestId('actions').getByRole('button', { name: 'Withdraw', exact: true });
    await withdraw.focus();
    await anna.keyboard.press('Enter');
    await expect(anna.getByRole('dialog', { name: 'Withdraw' })).toBeVisible();
    await anna.keyboard.press('Escape');
    await expect(anna.getByRole('dialog', { name: 'Withdraw' })).toBeHidden();
    await expect(withdraw).toBeFocused();
    await act(anna, 'Withdraw', async (dialog) => {
      await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
      await expect(dialog.getByText('Required')).toBeVisible();
      await dialog
        .getByRole('textbox', { name: 'Reason' })
        .fill('The suspect was arrested in Germany; the measures are no longer needed.');
    });
    await expect(stateOf(anna)).toContainText('Withdrawn');
    await anna.getByRole('tab', { name: 'Clocks' }).click();
    await expect(anna.locator('[data-clock][data-status="running"]')).toHaveCount(0);
    for (const page of [ines, anna]) await page.context().close();
  });
});
