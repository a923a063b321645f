import type { Page } from '@playwright/test';
import { ApiSession, checkScreen, expect, signIn, test } from './fixtures.ts';

// Demo people (see lifecycle.spec.ts): three agencies on this node.
const ANNA = 'anna.weber@de-bka.example'; // investigator, DE-BKA: forwards
const INES = 'ines.dupont@fr-bec.example'; // central authority, FR-BEPI: originator of messages
const CLAIRE = 'claire.martin@fr-pj.example'; // investigator, FR-DCPJ: in the target thread only

interface Me {
  agency: { id: string };
}
interface ThreadRow {
  data: { id: string };
}
interface MessageRow {
  data: { id: string };
}

const GREEN_H0 = { tlp: 'GREEN', handlingCode: 'H0' };

/** Opens the message's Forward dialog and picks the target thread. */
async function openForward(page: Page, text: string, target: string) {
  const message = page.getByTestId('message').filter({ hasText: text });
  await message.getByRole('button', { name: /^Forward the message from/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Forward the message' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Thread to forward into' }).click();
  await page.getByRole('option', { name: new RegExp(target) }).click();
  return dialog;
}

test.describe('forwarding a message', () => {
  test('forwarded (201), permission requested from the originator (H2, 202), refused by TLP (403)', async ({
    page,
    baseURL,
  }) => {
    const stamp = Date.now();
    const anna = await ApiSession.signIn(baseURL!, ANNA);
    const ines = await ApiSession.signIn(baseURL!, INES);
    const claire = await ApiSession.signIn(baseURL!, CLAIRE);
    const inesAgency = (await ines.call<Me>('GET', '/api/me')).agency.id;
    const claireAgency = (await claire.call<Me>('GET', '/api/me')).agency.id;

    // Threads are bound to a case of the agency: one with FR-BEPI and three messages, a second with
    // FR-DCPJ.
    const cases = await anna.call<{ items: { data: { id: string } }[] }>('GET', '/api/cases');
    const caseId = cases.items[0]!.data.id;
    const source = await anna.call<ThreadRow>('POST', '/api/threads', {
      subject: `Forward source ${stamp}`,
      caseId,
      participants: [inesAgency],
      labels: GREEN_H0,
    });
    const post = (who: ApiSession, body: string, labels: Record<string, string>) =>
      who.call<MessageRow>('POST', `/api/threads/${source.data.id}/messages`, { kind: 'text', body, labels });
    await post(ines, `Plain note ${stamp}`, GREEN_H0);
    await post(ines, `Originator-only note ${stamp}`, { tlp: 'GREEN', handlingCode: 'H2' });
    await post(anna, `Amber note ${stamp}`, { tlp: 'AMBER', handlingCode: 'H0' });
    const targetSubject = `Forward target ${stamp}`;
    await anna.call<ThreadRow>('POST', '/api/threads', {
      subject: targetSubject,
      caseId,
      participants: [claireAgency],
      labels: GREEN_H0,
    });

    await signIn(page, ANNA);
    await expect(page.getByTestId('current-agency')).toBeVisible();
    await page.goto(`/messages/${source.data.id}`);
    await expect(page.getByTestId('message').filter({ hasText: `Plain note ${stamp}` })).toBeVisible();

    // 201: the copy is in the target thread.
    let dialog = await openForward(page, `Plain note ${stamp}`, targetSubject);
    await checkScreen(page, 'message-forward');
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect(dialog.getByTestId('forward-done')).toContainText(`forwarded into “${targetSubject}”`);
    await expect(dialog.getByTestId('forward-permission-requested')).toHaveCount(0);
    await checkScreen(page, 'message-forward-done');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(dialog).toBeHidden();

    // 202: H2 without the originator's permission: a permission request instead, nothing forwarded.
    dialog = await openForward(page, `Originator-only note ${stamp}`, targetSubject);
    await expect(dialog.getByTestId('forward-preview')).toContainText(
      'will be requested instead of forwarding',
    );
    await dialog.getByRole('textbox', { name: 'Reason (optional)' }).fill('Needed by the French police');
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    const asked = dialog.getByTestId('forward-permission-requested');
    await expect(asked).toContainText('Permission requested from the originator');
    await expect(asked).toContainText('it was not forwarded');
    await expect(dialog.getByTestId('forward-done')).toHaveCount(0);
    await checkScreen(page, 'message-forward-permission');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(dialog).toBeHidden();

    // 403: TLP:AMBER never goes beyond its named recipients; the refusal names the rule.
    dialog = await openForward(page, `Amber note ${stamp}`, targetSubject);
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    const refusal = dialog.getByTestId('dissemination-refusal');
    await expect(refusal).toHaveAttribute('data-rule', 'tlp-amber');
    await expect(refusal).toContainText('Refused by the handling labels');
    await expect(refusal).toContainText('TLP:AMBER');
    await checkScreen(page, 'message-forward-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The target thread holds exactly the one forwarded copy; the originator sees the request.
    await page.goto('/messages');
    await page.getByRole('link', { name: targetSubject }).click();
    const copy = page.getByTestId('message').filter({ hasText: `Plain note ${stamp}` });
    await expect(copy).toBeVisible();
    await expect(copy.getByText('Forwarded', { exact: true })).toBeVisible();
    await expect(
      page.getByTestId('message').filter({ hasText: `Originator-only note ${stamp}` }),
    ).toHaveCount(0);
    await expect(page.getByTestId('message').filter({ hasText: `Amber note ${stamp}` })).toHaveCount(0);
    const requests = await ines.call<{ items: { objectType: string; reason: string; status: string }[] }>(
      'GET',
      '/api/permission-requests',
    );
    expect(requests.items).toContainEqual(
      expect.objectContaining({
        objectType: 'message',
        reason: 'Needed by the French police',
        status: 'pending',
      }),
    );
  });
});
