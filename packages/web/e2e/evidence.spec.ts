import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { demoWithRole } from './env.ts';
import { ApiSession, checkScreen, expect, signIn, test } from './fixtures.ts';

// The demo world: on transmitted requests, a thread between the requesting agency (the
// first investigator's) and the requested one, with labelled messages; evidence items held by the
// requested agency, shared with the requesting one, with files and a custody history.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test.describe('messaging and evidence', () => {
  test('a thread on a request: labels on every message, post, edit with history, search', async ({
    page,
    baseURL,
  }) => {
    const investigator = demoWithRole('investigator');
    const api = await ApiSession.signIn(baseURL!, investigator.email);
    const threads = await api.call<{ items: { data: { id: string; requestId: string | null } }[] }>(
      'GET',
      '/api/threads',
    );
    const bound = threads.items.find((t) => t.data.requestId);
    expect(bound, 'a demo thread bound to a request').toBeDefined();
    const requestId = bound!.data.requestId!;

    await signIn(page, investigator.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await page.goto(`/requests/${requestId}`);
    await page.getByRole('tab', { name: 'Messages' }).click();
    const threadsTable = page.getByTestId('threads');
    await expect(threadsTable.getByRole('link').first()).toBeVisible();
    await threadsTable.getByRole('link').first().click();

    // Every message shows its labels; the demo has TLP:AMBER H2 with 4x4 B2 and TLP:RED H3.
    const ibanMessage = page.getByTestId('message').filter({ hasText: 'IBAN FR76' });
    await expect(ibanMessage).toBeVisible();
    await expect(ibanMessage.getByTestId('labels')).toContainText('TLP:AMBER');
    await expect(ibanMessage.getByTestId('labels')).toContainText('H2');
    await expect(ibanMessage.getByTestId('labels')).toContainText('4x4 B2');
    await expect(ibanMessage.getByTestId('labels')).toContainText('Originator');
    const redMessage = page.getByTestId('message').filter({ hasText: 'travel on Friday' });
    await expect(redMessage.getByTestId('labels')).toContainText('TLP:RED');
    await expect(redMessage.getByTestId('labels')).toContainText('H3 · No executive action');
    const ack = page.getByTestId('message').filter({ hasText: 'We acknowledge receipt' });
    await expect(ack.getByTestId('message-kind')).toHaveText('Acknowledgement');
    const count = await page.getByTestId('message').count();
    expect(await page.getByTestId('message').getByTestId('labels').count()).toBe(count);
    await checkScreen(page, 'thread');

    // Post a message with its own labels.
    const word = `Zephyr${Date.now()}`;
    const compose = page.getByRole('region', { name: 'New message' });
    await compose.getByRole('textbox', { name: 'Message' }).fill(`Please confirm the hearing date ${word}.`);
    await compose.getByRole('button', { name: 'Send' }).click();
    const mine = page.getByTestId('message').filter({ hasText: word });
    await expect(mine).toBeVisible();
    await expect(mine.getByTestId('labels')).toContainText('TLP:AMBER');
    await expect(compose.getByRole('textbox', { name: 'Message' })).toHaveValue('');

    // Edit it: the new text shows, and the earlier one stays in the history.
    await mine.getByRole('button', { name: 'Edit' }).click();
    const editBox = mine.getByRole('textbox', { name: /Edit the message/ });
    await editBox.fill(`Please confirm the hearing date and room ${word}.`);
    await mine.getByRole('button', { name: 'Save the new revision' }).click();
    await expect(mine.getByTestId('message-body')).toHaveText(
      `Please confirm the hearing date and room ${word}.`,
    );
    await mine.getByRole('button', { name: /Edited \(1\)/ }).click();
    const history = mine.getByTestId('message-history');
    await expect(history).toContainText('Revision 1');
    await expect(history).toContainText(`Please confirm the hearing date ${word}.`);
    await expect(history).toContainText('Revision 2');
    await checkScreen(page, 'thread-history');

    // Full-text search finds the latest text.
    await page.goto(`/messages?tab=search`);
    await page.getByRole('textbox', { name: 'Search messages' }).fill(word);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(
      page.getByTestId('search-results').getByRole('link', { name: new RegExp(word) }),
    ).toBeVisible();
    await checkScreen(page, 'messages-search');
    await page.getByRole('tab', { name: 'Permission requests' }).click();
    await expect(page.getByTestId('permission-requests')).toBeVisible();
  });

  test('evidence list and detail with labels, files and a verified custody chain', async ({ page }) => {
    await signIn(page, demoWithRole('investigator').email);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Evidence' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Evidence' })).toBeVisible();
    const row = page.getByRole('row', { name: /DEMO-1-/ });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('labels')).toContainText('TLP:AMBER');
    await expect(row.getByTestId('labels')).toContainText('Speciality');
    await checkScreen(page, 'evidence-list');
    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: /DEMO-1-/ })).toBeVisible();
    await expect(page.getByTestId('evidence-files')).toContainText('statements.txt');
    await expect(page.getByTestId('custody-server')).toHaveText('Chain intact (server)');
    await expect(page.getByTestId('custody-browser')).toHaveText('Chain verified in this browser');
    const timeline = page.getByTestId('custody-timeline');
    await expect(timeline).toContainText('Recorded');
    await expect(timeline).toContainText('Transferred');
    await expect(timeline).toContainText('Authority: Execution of request');
    await expect(timeline).toContainText('Received');
    await expect(timeline).toContainText('Sealed');
    await checkScreen(page, 'evidence-item');
  });

  test('upload through tus: the hash matches, and an interrupted upload resumes after a reload', async ({
    page,
  }) => {
    await signIn(page, demoWithRole('investigator').email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await page.goto('/evidence');
    await page.getByRole('button', { name: 'New evidence item' }).click();
    const dialog = page.getByRole('dialog', { name: 'New evidence item' });
    const exhibit = `E2E-${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Exhibit' }).fill(exhibit);
    await dialog.getByRole('textbox', { name: 'Source' }).fill('Search of the premises');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Mobile phone extraction report');
    // Seized at a time picked in the browser's own date-and-time field, for one of my requests.
    await dialog.getByLabel('Seized on').fill('2026-11-20T09:30');
    await dialog.getByRole('combobox', { name: 'Request' }).click();
    await page.getByRole('option', { name: /^REQ-/ }).first().click();
    await checkScreen(page, 'evidence-new');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { level: 1, name: exhibit })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Open the request' })).toBeVisible();

    // A small file: SHA-256 in the browser, the same one stored by the server.
    const small = Buffer.from(`Extraction report ${exhibit}\n${'line of evidence\n'.repeat(200)}`);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: small });
    await expect(page.getByTestId('upload-done')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('local-sha256')).toHaveText(sha256(small));
    const fileRow = page.getByTestId('evidence-files').getByRole('row', { name: /report\.txt/ });
    await expect(fileRow.getByTestId('file-sha256')).toHaveText(sha256(small));
    await expect(page.getByTestId('custody-timeline')).toContainText('Hash verified');
    await checkScreen(page, 'evidence-upload');

    // A larger file (3 chunks): the connection drops after the first chunk; after a reload, choosing
    // the same file continues from the server's offset.
    const big = Buffer.alloc(9 * 1024 * 1024 + 123, 7);
    big.write(exhibit, 0);
    // While `blocking`, every PATCH after the first fails as a dropped connection; the reload ends
    // the page (and its retries) before the connection comes back.
    let patches = 0;
    let blocking = true;
    await page.route('**/api/uploads/**', async (route) => {
      if (blocking && route.request().method() === 'PATCH' && ++patches > 1)
        await route.abort('connectionreset');
      else await route.continue();
    });
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'extraction.bin', mimeType: 'application/octet-stream', buffer: big });
    await expect.poll(() => patches, { timeout: 30_000 }).toBeGreaterThan(1);
    await expect(page.getByTestId('upload-status')).toHaveAttribute('data-phase', /uploading|error/);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: exhibit })).toBeVisible();
    blocking = false;
    await expect(page.getByTestId('unfinished-uploads')).toContainText('extraction.bin');
    await checkScreen(page, 'evidence-upload-unfinished');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'extraction.bin', mimeType: 'application/octet-stream', buffer: big });
    await expect(page.getByText('Continuing an upload started earlier.')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('upload-done')).toBeVisible({ timeout: 60_000 });
    const bigRow = page.getByTestId('evidence-files').getByRole('row', { name: /extraction\.bin/ });
    await expect(bigRow.getByTestId('file-sha256')).toHaveText(sha256(big));
    await expect(page.getByTestId('unfinished-uploads')).toHaveCount(0);
  });

  test('the export wizard leaves out what the labels forbid and downloads a signed package', async ({
    page,
  }) => {
    await signIn(page, demoWithRole('investigator').email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await page.goto('/evidence');
    await page.getByRole('link', { name: 'Export package' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Export an evidence package' })).toBeVisible();
    const items = page.getByTestId('export-items');
    await items.getByRole('checkbox', { name: /Select DEMO-1-/ }).check();
    await items.getByRole('checkbox', { name: /Select DEMO-2-/ }).check();
    await checkScreen(page, 'export-items');
    await page.getByRole('button', { name: 'Next' }).click();

    // A court package for the proceedings the items are limited to (speciality).
    await page.getByRole('button', { name: /^Use / }).first().click();
    await expect(page.getByRole('textbox', { name: 'Proceedings' })).not.toHaveValue('');
    await checkScreen(page, 'export-destination');
    await page.getByRole('button', { name: 'Next' }).click();

    // DEMO-2 is H1: not for judicial proceedings without the originator's permission.
    const preview = page.getByTestId('export-preview');
    await expect(preview.getByRole('row', { name: /DEMO-2-/ })).toContainText('Excluded');
    await expect(preview.getByRole('row', { name: /DEMO-2-/ })).toContainText('H1');
    await expect(preview.getByRole('row', { name: /DEMO-1-/ })).toContainText('Included');
    await checkScreen(page, 'export-review');
    await page.getByRole('button', { name: 'Produce the package' }).click();

    const result = page.getByTestId('export-result');
    await expect(result).toContainText('1 item(s) included, 1 excluded.', { timeout: 60_000 });
    await expect(page.getByTestId('export-excluded').getByRole('row', { name: /DEMO-2-/ })).toContainText(
      'H1',
    );
    const packageHash = (await page.getByTestId('package-sha256').textContent())?.trim();
    await checkScreen(page, 'export-done');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the package' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^evidence-.+\.zip$/);
    const zip = await readFile(await download.path());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(sha256(zip)).toBe(packageHash);
  });

  test('custody transferred to another agency: its officer acknowledges receipt', async ({
    page,
    baseURL,
  }) => {
    const holder = await ApiSession.signIn(baseURL!, 'anna.weber@de-bka.example');
    const recipientEmail = 'claire.martin@fr-pj.example';
    const recipient = await ApiSession.signIn(baseURL!, recipientEmail);
    const to = (await recipient.call<{ agency: { id: string } }>('GET', '/api/me')).agency.id;
    const exhibit = `RCPT-${Date.now()}`;
    const item = await holder.call<{ data: { id: string } }>('POST', '/api/evidence', {
      exhibitNumber: exhibit,
      description: 'Seized mobile phone',
      source: 'Search of the premises',
      labels: { tlp: 'AMBER', handlingCode: 'H0', recipients: [to] },
    });
    await holder.call('POST', `/api/evidence/${item.data.id}/transfer`, {
      toAgencyId: to,
      authority: `Joint investigation ${exhibit}`,
      reason: 'For the French investigation',
    });

    await signIn(page, recipientEmail);
    await expect(page.getByTestId('current-agency')).toBeVisible();
    await page.goto(`/evidence/${item.data.id}`);
    await expect(page.getByRole('heading', { level: 1, name: exhibit })).toBeVisible();
    const banner = page.getByTestId('receipt-pending');
    await expect(banner).toContainText('Custody transferred to your agency');
    await expect(banner).toContainText(`Joint investigation ${exhibit}`);
    await checkScreen(page, 'evidence-receipt-pending');
    await banner.getByRole('button', { name: 'Acknowledge receipt' }).click();
    await expect(banner).toBeHidden();
    const timeline = page.getByTestId('custody-timeline');
    await expect(timeline.getByText(/^\d+\. Received$/)).toBeVisible();
    await expect(page.getByTestId('custody-browser')).toHaveText('Chain verified in this browser');
    const custody = await recipient.call<{ items: { event: string; actorAgencyId: string | null }[] }>(
      'GET',
      `/api/evidence/${item.data.id}/custody`,
    );
    expect(custody.items.at(-1)).toMatchObject({ event: 'received', actorAgencyId: to });
  });
});
