import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, demoWithRole } from './env.ts';
import { ApiSession, checkScreen, expect, signIn, test } from './fixtures.ts';
import { type RunningServer, startServer } from './server.ts';

interface NodeDocument {
  nodeId: string;
  name: string;
  fingerprint: string;
}

async function nodeDocument(baseUrl: string): Promise<NodeDocument> {
  const res = await fetch(`${baseUrl}/.well-known/comity/node`);
  expect(res.status).toBe(200);
  return (await res.json()) as NodeDocument;
}

/** Signs in as the demo administrator and opens the dashboard from the navigation. */
async function openDashboard(page: Page): Promise<void> {
  await signIn(page, demoWithRole('administrator').email);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Federation' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Federation' })).toBeVisible();
  await expect(page.getByTestId('this-node')).toBeVisible();
}

test.describe('federation dashboard', () => {
  test('an administrator sees this node and its fingerprint, the keys, and a clear error for an unreachable partner', async ({
    page,
    baseURL,
  }) => {
    const own = await nodeDocument(baseURL!);
    await openDashboard(page);

    // This node's fingerprint, large, in 16 groups on 4 numbered lines: the one it publishes.
    const fingerprint = page.getByTestId('this-node').getByTestId('own-fingerprint');
    await expect(fingerprint).toHaveAttribute('data-fingerprint', own.fingerprint);
    for (const group of own.fingerprint.split(':').slice(0, 4)) {
      await expect(fingerprint.getByText(group, { exact: true }).first()).toBeVisible();
    }
    await expect(fingerprint.getByText('Line 4', { exact: true })).toBeVisible();
    await expect(page.getByTestId('partners-table')).toBeVisible();
    await expect(page.getByRole('tab', { name: /Partner nodes/ })).toHaveAttribute('aria-selected', 'true');
    await checkScreen(page, 'federation-partners');

    // Add a partner whose address answers nothing: the server says why, in the dialog.
    await page.getByRole('button', { name: 'Add partner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a partner node' });
    await dialog.getByRole('textbox', { name: 'Partner base URL' }).fill('not a url');
    await dialog.getByRole('button', { name: 'Fetch node document' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Partner base URL' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await dialog.getByRole('textbox', { name: 'Partner base URL' }).fill('http://127.0.0.1:9');
    await dialog.getByRole('button', { name: 'Fetch node document' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toHaveAttribute('data-problem-code', 'federation-partner-unreachable');
    await expect(alert).toContainText('The partner could not be added');
    await expect(alert).toContainText('http://127.0.0.1:9/.well-known/comity/node');
    await checkScreen(page, 'federation-add-unreachable');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('partners-table').getByText('127.0.0.1:9')).toHaveCount(0);

    // Deliveries: the queue totals of both directions.
    await page.getByRole('tab', { name: /Deliveries/ }).click();
    await expect(page.getByTestId('outbox-totals')).toContainText('Delivered');
    await expect(page.getByTestId('inbox-totals')).toContainText('Processed');
    await expect(page.getByTestId('failed-deliveries')).toBeVisible();
    // Every envelope in or out, with filters: failed incoming envelopes are listed for Retry.
    const list = page.getByRole('region', { name: 'Envelopes', exact: true });
    await expect(list.getByTestId('envelope-list')).toBeVisible();
    await list.getByText('Incoming', { exact: true }).click();
    await expect(list.getByRole('radio', { name: 'Incoming' })).toBeChecked();
    await list.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('listbox').getByRole('option', { name: 'Stored', exact: true }).click();
    await list.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('listbox').getByRole('option', { name: 'Failed', exact: true }).click();
    await expect(list.getByTestId('envelope-list')).toContainText('No envelopes match these filters.');
    await checkScreen(page, 'federation-deliveries');

    // Keys: current key ids, every published key, and how to rotate.
    await page.getByRole('tab', { name: 'Keys' }).click();
    await expect(page.getByTestId('signing-key-id')).toHaveText(/^[0-9a-f]{32}$/);
    await expect(page.getByTestId('encryption-key-id')).toHaveText(/^[0-9a-f]{32}$/);
    await expect(page.getByTestId('published-keys-table')).toContainText(
      (await page.getByTestId('signing-key-id').textContent())!,
    );
    const signingKeyId = (await page.getByTestId('signing-key-id').textContent())!;
    await expect(page.getByTestId(`key-${signingKeyId}`)).toContainText(
      (await page.getByTestId('own-fingerprint').getAttribute('data-fingerprint'))!,
    );
    await expect(page.getByTestId('rotate-command')).toHaveText('comity keys rotate');
    await expect(page).toHaveURL(/tab=keys/);
    await checkScreen(page, 'federation-keys');
    // Rotation asks first, and says what it changes; cancelling changes nothing.
    await page.getByRole('button', { name: 'Rotate keys' }).click();
    const rotateDialog = page.getByRole('dialog', { name: "Rotate this node's keys?" });
    await expect(rotateDialog).toContainText('this cannot be undone');
    await expect(rotateDialog).toContainText("this node's fingerprint changes");
    await checkScreen(page, 'federation-rotate-confirm');
    await rotateDialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(rotateDialog).toBeHidden();
    await expect(page.getByTestId('signing-key-id')).toHaveText(signingKeyId);
  });

  test('an investigator has no federation entry and the address answers "not found"', async ({ page }) => {
    await signIn(page, demoWithRole('investigator').email);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link', { name: 'Requests' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Federation' })).toHaveCount(0);
    await page.goto('/admin/federation');
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Not found or not yours' })).toBeVisible();
    await expect(page.getByTestId('this-node')).toHaveCount(0);
  });

  test.describe('with a second node', () => {
    let partnerNode: RunningServer | undefined;
    const partnerName = 'Comity partner e2e';

    test.afterAll(async () => {
      await partnerNode?.stop();
    });

    test('two administrators partner their nodes; a refused test envelope is retried and delivered', async ({
      page,
      baseURL,
      adminApi,
    }) => {
      test.setTimeout(300_000);
      partnerNode = await startServer({
        demo: true,
        env: { COMITY_DEMO_PASSWORD: DEMO_PASSWORD, COMITY_NODE_NAME: partnerName },
      });
      const theirs = await nodeDocument(partnerNode.baseUrl);
      const ours = await nodeDocument(baseURL!);
      expect(theirs.nodeId).not.toBe(ours.nodeId);

      await openDashboard(page);
      await page.getByRole('button', { name: 'Add partner' }).click();
      const addDialog = page.getByRole('dialog', { name: 'Add a partner node' });
      await addDialog.getByRole('textbox', { name: 'Partner base URL' }).fill(partnerNode.baseUrl);
      await addDialog.getByRole('button', { name: 'Fetch node document' }).click();

      // Added by mistake (say, before calling them): the pending partner can be removed again.
      const confirmDialog = page.getByRole('dialog', { name: "Confirm the partner's fingerprint" });
      await confirmDialog.getByRole('button', { name: 'Confirm later' }).click();
      const row = page.getByTestId(`partner-${theirs.nodeId}`);
      await expect(row.getByTestId('partner-status')).toHaveText('Awaiting confirmation');
      await row.getByRole('button', { name: `Remove ${partnerName}` }).click();
      const removeDialog = page.getByRole('dialog', { name: 'Remove this pending partner?' });
      await expect(removeDialog).toContainText('never confirmed');
      await removeDialog.getByRole('button', { name: 'Remove' }).click();
      await expect(row).toHaveCount(0);

      await page.getByRole('button', { name: 'Add partner' }).click();
      await addDialog.getByRole('textbox', { name: 'Partner base URL' }).fill(partnerNode.baseUrl);
      await addDialog.getByRole('button', { name: 'Fetch node document' }).click();

      // Step 2: their fingerprint as fetched, ours to read back, and the field for what was read out.
      await expect(confirmDialog.getByTestId('partner-added')).toContainText(partnerName);
      await expect(confirmDialog.getByTestId('partner-fingerprint-large')).toHaveAttribute(
        'data-fingerprint',
        theirs.fingerprint,
      );
      const field = confirmDialog.getByRole('textbox', {
        name: "Fingerprint read out by the partner's administrator",
      });
      // A wrong group is flagged before anything is sent.
      const wrong = `0000${theirs.fingerprint.replace(/:/g, '').slice(4)}`;
      await field.fill(wrong);
      await expect(
        confirmDialog.getByText('This is not the fingerprint shown above.', { exact: false }),
      ).toBeVisible();
      // As read over the telephone: lower case, groups separated by spaces.
      await field.fill(theirs.fingerprint.toLowerCase().replace(/:/g, ' '));
      await expect(confirmDialog.getByRole('status')).toHaveText('Matches the fingerprint shown above.');
      await checkScreen(page, 'federation-confirm-fingerprint');
      await confirmDialog.getByRole('button', { name: 'Confirm and activate' }).click();
      await expect(confirmDialog).toBeHidden();

      await expect(row.getByTestId('partner-status')).toHaveText('Active');
      await expect(row).toContainText(partnerNode.baseUrl);
      await expect(row.getByTestId('partner-fingerprint')).toHaveText(theirs.fingerprint);
      await checkScreen(page, 'federation-partner-active');

      // They have not added us yet: a test envelope is refused for good, and shown with the answer.
      await row.getByRole('button', { name: `Send a test envelope to ${partnerName}` }).click();
      await page.getByTestId('ping-queued').getByRole('button', { name: 'Follow its delivery' }).click();
      await expect(page).toHaveURL(/tab=deliveries/);
      const detail = page.getByTestId('envelope-detail');
      await expect(detail.getByTestId('envelope-status')).toHaveText('Failed', { timeout: 60_000 });
      await expect(detail).toContainText('HTTP 4');
      const failedRow = page
        .getByTestId('failed-deliveries')
        .getByRole('row', { name: new RegExp(partnerName) });
      await expect(failedRow).toContainText('Refused permanently', { timeout: 15_000 });
      await expect(failedRow.getByTestId('failure-reason')).not.toBeEmpty();
      // The envelope list shows it too, filtered to failed outgoing envelopes to this partner.
      const list = page.getByRole('region', { name: 'Envelopes', exact: true });
      await list.getByRole('combobox', { name: 'State' }).click();
      await page.getByRole('listbox').getByRole('option', { name: 'Failed', exact: true }).click();
      await list.getByRole('combobox', { name: 'Partner' }).click();
      await page.getByRole('listbox').getByRole('option', { name: partnerName }).click();
      await expect(list.getByTestId('list-status').first()).toHaveText('Failed');
      await expect(list.getByRole('button', { name: /^Retry envelope / }).first()).toBeVisible();
      await checkScreen(page, 'federation-failed-delivery');

      // Their administrator adds us and confirms our fingerprint (their side, through their API).
      const theirAdmin = await ApiSession.signIn(partnerNode.baseUrl, demoWithRole('administrator').email);
      const added = await theirAdmin.call<{ data: { id: string } }>('POST', '/api/federation/partners', {
        baseUrl: baseURL,
      });
      await theirAdmin.call('POST', `/api/federation/partners/${added.data.id}/confirm`, {
        fingerprint: ours.fingerprint,
      });

      // Retry: the same envelope goes again and is delivered; the partner's receipt comes back.
      await failedRow.getByRole('button', { name: 'Retry' }).click();
      await page.getByTestId('retry-queued').getByRole('button', { name: 'Follow it' }).click();
      await expect(detail.getByTestId('envelope-status')).toHaveText('Delivered', { timeout: 60_000 });
      await expect(detail.getByTestId('receipts')).toContainText(/Accepted|Delivered/, { timeout: 60_000 });
      await expect(
        page.getByTestId('failed-deliveries').getByRole('row', { name: new RegExp(partnerName) }),
      ).toHaveCount(0);
      await checkScreen(page, 'federation-envelope-receipts');

      // Suspend (with confirmation) and resume.
      await page.getByRole('tab', { name: /Partner nodes/ }).click();
      await row.getByRole('button', { name: `Suspend ${partnerName}` }).click();
      await page
        .getByRole('dialog', { name: 'Suspend this partnership?' })
        .getByRole('button', { name: 'Suspend' })
        .click();
      await expect(row.getByTestId('partner-status')).toHaveText('Suspended');
      await row.getByRole('button', { name: `Resume ${partnerName}` }).click();
      await expect(row.getByTestId('partner-status')).toHaveText('Active');

      // Leave the shared server without a live partner that is about to disappear.
      const partners = await adminApi.call<{ items: { data: { id: string; nodeId: string } }[] }>(
        'GET',
        '/api/federation/partners',
      );
      const mine = partners.items.find((p) => p.data.nodeId === theirs.nodeId)!;
      await adminApi.call('POST', `/api/federation/partners/${mine.data.id}/suspend`);
    });
  });
});
