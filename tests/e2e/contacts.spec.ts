/**
 * Contacts, driven through the UI in Chromium against `start:web --demo` and checked against the
 * simulator's own state (issue 8, "Done when" 2 and 4):
 *   2. search "ros" → click a number → an outgoing call on the desk phone (phone-reception);
 *      the same with the keyboard: "/" focuses the search, arrows move, Enter dials, Esc clears.
 *   4. add a contact to the reception phone's phonebook, edit it, delete it: the phone's contacts
 *      match at each step; validation, a refused write that keeps what was typed, and the
 *      confirmation before deleting.
 *   import / export: a Grandstream XML phonebook imported with a per-row summary, and an export
 *      handed over as a download that parses back.
 * Screenshots (light and dark) go to test-results/screens/.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from 'playwright/test';
import type { ControlEndpoint } from '../../sim/lib/control-client';
import { control, controlEndpoint, startHarness, type RunningHarness } from './harness';

interface SimLine {
  line: number;
  state: string;
  remoteNumber: string;
  direction: string | null;
}
interface SimContact {
  id: number;
  firstName: string;
  lastName: string;
  work: string;
  home: string;
  mobile: string;
  fax: string;
  email: string;
}

let harness: RunningHarness;
let ep: ControlEndpoint;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });

test.beforeAll(async () => {
  harness = await startHarness(['--demo']);
  ep = controlEndpoint(harness.info);
});
test.afterAll(async () => {
  await harness?.stop();
});

const PHONE = 'phone-reception';
const digits = (s: string): string => s.replace(/[^0-9+*#]/g, '');

async function phoneState(): Promise<{ lines: SimLine[]; contacts: SimContact[] }> {
  const st = (await control(ep, 'GET', `/devices/${PHONE}/state`)) as { state: { lines: SimLine[]; contacts: SimContact[] } };
  return st.state;
}
async function busyLines(): Promise<SimLine[]> {
  return (await phoneState()).lines.filter((l) => l.state !== 'idle');
}
async function simContact(first: string, last: string): Promise<SimContact | undefined> {
  return (await phoneState()).contacts.find((c) => c.firstName === first && c.lastName === last);
}
/** Ends every call on the desk phone from the far side, so each test starts idle. */
async function hangUpAll(): Promise<void> {
  for (const l of await busyLines()) await control(ep, 'POST', `/phones/${PHONE}/remote-hangup`, { line: l.line });
  await expect.poll(async () => (await busyLines()).length).toBe(0);
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png`, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * The number the desk phone was asked to dial, as the UI reports it (main normalises it: "+49 89…"
 * goes out as "004989…"); it must be the clicked number in some form.
 */
async function dialledNumber(page: Page, clicked: string): Promise<string> {
  const notice = page.getByRole('status').filter({ hasText: /^Calling .* from / });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  const m = / on (\S+) from /.exec((await notice.textContent()) ?? '');
  const dialled = m?.[1] ?? '';
  const tail = digits(clicked).replace(/^\+\d{2}|^0/, '');
  expect(digits(dialled).endsWith(tail), `dialled ${dialled} for ${clicked}`).toBe(true);
  return dialled;
}

async function openContacts(page: Page): Promise<void> {
  await page.goto(harness.info.url);
  await expect(page.getByTestId('status-summary')).toHaveText(/^All \d+ devices online$/, { timeout: 30_000 });
  await page.getByRole('navigation').getByRole('button', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
  // The browse panel lists the sources with their counts once the index answered.
  await expect(page.getByText(/^\d+ contacts in all$/)).toBeVisible();
}

test('2. search "ros", click a number: the desk phone places the call', async ({ page }) => {
  await hangUpAll();
  await openContacts(page);
  const search = page.getByRole('searchbox', { name: 'Search contacts' });
  await expect(search).toHaveAttribute('data-search');
  await search.fill('ros');
  const list = page.getByRole('listbox', { name: /Contacts found/ });
  await expect(list.getByRole('option').first()).toBeVisible();
  const first = list.getByRole('option').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(first).toContainText(/ros/i);
  await first.click();
  const details = page.getByRole('complementary', { name: 'Contact details' });
  const name = (await details.getByRole('heading', { level: 2 }).textContent()) ?? '';
  const call = details.getByRole('button', { name: /^Call / }).first();
  const number = ((await call.textContent()) ?? '').replace('☎', '').trim();
  expect(number).not.toBe('');
  await shoot(page, 'contacts-search-ros');
  await call.click();
  await expect(page.getByRole('status').filter({ hasText: `Calling ${name} on` })).toContainText('from Reception — Giulia Colombo');
  const dialled = await dialledNumber(page, number);
  await expect.poll(async () => (await busyLines()).map((l) => [l.direction, digits(l.remoteNumber)]), { timeout: 15_000 }).toContainEqual(['out', digits(dialled)]);
  await shoot(page, 'contacts-dialled');
  await hangUpAll();
});

test('2b. keyboard: "/" focuses search, arrows move, Enter dials the first number, Esc clears', async ({ page }) => {
  await hangUpAll();
  await openContacts(page);
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).click();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search contacts' });
  await expect(search).toBeFocused();
  await page.keyboard.type('ros');
  const options = page.getByRole('listbox', { name: /Contacts found/ }).getByRole('option');
  await expect(options.nth(2)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(search).toHaveAttribute('aria-activedescendant', (await options.nth(2).getAttribute('id')) ?? 'missing');
  const details = page.getByRole('complementary', { name: 'Contact details' });
  const number = ((await details.getByRole('button', { name: /^Call / }).first().textContent()) ?? '').replace('☎', '').trim();
  await page.keyboard.press('Enter');
  const dialled = await dialledNumber(page, number);
  await expect.poll(async () => (await busyLines()).map((l) => digits(l.remoteNumber)), { timeout: 15_000 }).toContain(digits(dialled));
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page.getByRole('navigation', { name: 'Browse by first letter' })).toBeVisible();
  await hangUpAll();
});

test('4. add, edit and delete a contact on the reception phone; the phone matches at each step', async ({ page }) => {
  await openContacts(page);
  expect(await simContact('Ernesto', 'Zanella')).toBeUndefined();

  // Add: validation first, nothing reaches the phone.
  await page.getByRole('button', { name: 'Add contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add contact' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Enter a first name, a last name or both.')).toBeVisible();
  await expect(dialog.getByText('Enter at least one phone number.')).toBeVisible();
  await dialog.getByLabel('Number 1', { exact: true }).fill('call me');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText(/“call me” is not a phone number/)).toBeVisible();
  await expect(dialog.getByLabel('Number 1', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await shoot(page, 'contacts-add-invalid');

  await dialog.getByLabel('Save to').selectOption({ label: 'Reception — Giulia Colombo' });
  await dialog.getByLabel('First name').fill('Ernesto');
  await dialog.getByLabel('Last name').fill('Zanella');
  await dialog.getByLabel('Number 1', { exact: true }).fill('0471 998877');
  await dialog.getByRole('button', { name: '+ Add number' }).click();
  await dialog.getByLabel('Type of number 2').selectOption({ label: 'Mobile' });
  await dialog.getByLabel('Number 2', { exact: true }).fill('333 4455667');
  await dialog.getByLabel('E-mail').fill('ernesto@zanella.example');

  // A refused write keeps what was typed and names the device.
  await control(ep, 'POST', `/devices/${PHONE}/fault`, { kind: 'error500' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Not saved on Reception — Giulia Colombo.', { timeout: 20_000 });
  await expect(dialog.getByLabel('First name')).toHaveValue('Ernesto');
  await expect(dialog.getByLabel('Number 2', { exact: true })).toHaveValue('333 4455667');
  await shoot(page, 'contacts-add-refused');
  await control(ep, 'DELETE', `/devices/${PHONE}/fault`);

  await expect(async () => {
    await dialog.getByRole('button', { name: 'Save' }).click({ timeout: 10_000 });
    await expect(dialog).toBeHidden({ timeout: 10_000 });
  }).toPass({ timeout: 40_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Saved “Ernesto Zanella” on Reception — Giulia Colombo.' })).toBeVisible();
  const added = await simContact('Ernesto', 'Zanella');
  expect(added).toMatchObject({ work: '0471 998877', mobile: '333 4455667', email: 'ernesto@zanella.example' });
  const details = page.getByRole('complementary', { name: 'Contact details' });
  await expect(details.getByRole('heading', { name: 'Ernesto Zanella' })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Call 333 4455667 (Mobile)' })).toBeVisible();
  await expect(details).toContainText('Reception — Giulia Colombo');
  await shoot(page, 'contacts-added');

  // Edit: change the mobile number and the first name; the phone keeps no company, and says so.
  await details.getByRole('button', { name: 'Edit Ernesto Zanella' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit contact on Reception — Giulia Colombo' });
  await expect(edit.getByLabel('First name')).toHaveValue('Ernesto');
  await edit.getByLabel('First name').fill('Ernestino');
  await edit.getByLabel('Number 2', { exact: true }).fill('333 1112223');
  await edit.getByLabel('Company').fill('Zanella Srl');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden({ timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Saved “Ernestino Zanella”' })).toContainText('The device did not keep: Company.');
  await expect.poll(async () => simContact('Ernestino', 'Zanella')).toMatchObject({ id: added?.id, work: '0471 998877', mobile: '333 1112223' });
  expect(await simContact('Ernesto', 'Zanella')).toBeUndefined();
  await expect(details.getByRole('button', { name: 'Call 333 1112223 (Mobile)' })).toBeVisible();
  await shoot(page, 'contacts-edited');

  // Delete: asks first; Cancel keeps it, Delete removes it from the phone.
  await details.getByRole('button', { name: 'Delete Ernestino Zanella' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete contact?' });
  await expect(confirm).toContainText('Delete “Ernestino Zanella” from Reception — Giulia Colombo?');
  await shoot(page, 'contacts-delete-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(await simContact('Ernestino', 'Zanella')).toBeDefined();
  await details.getByRole('button', { name: 'Delete Ernestino Zanella' }).click();
  await page.getByRole('dialog', { name: 'Delete contact?' }).getByRole('button', { name: 'Delete contact' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted “Ernestino Zanella” from Reception — Giulia Colombo.' })).toBeVisible();
  await expect.poll(async () => simContact('Ernestino', 'Zanella')).toBeUndefined();
  // The index catches up: searching finds it no more.
  const search = page.getByRole('searchbox', { name: 'Search contacts' });
  await search.fill('Ernestino');
  await expect(page.getByText('No contact matches “Ernestino”.', { exact: false })).toBeVisible({ timeout: 15_000 });
});

test('import a Grandstream XML phonebook with a damaged row, then export it as XML', async ({ page }) => {
  await openContacts(page);
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<AddressBook>',
    '<Contact><FirstName>Import</FirstName><LastName>Uno</LastName><Phone type="Work"><phonenumber>0471 100001</phonenumber></Phone></Contact>',
    '<Contact><FirstName>Import</FirstName><LastName>Rotto</LastName><Phone type="Work"><phonenumber>0471 100002</Contact>',
    '<Contact><FirstName>Import</FirstName><LastName>Due</LastName><Phone type="Cell"><phonenumber>333 100003</phonenumber></Phone></Contact>',
    '<Contact><FirstName>Senza</FirstName><LastName>Numero</LastName></Contact>',
    '</AddressBook>',
  ].join('\n');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts' });
  await dialog.getByLabel('Import into').selectOption({ label: 'Reception — Giulia Colombo' });
  await dialog.getByLabel('File').setInputFiles({ name: 'rubrica.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
  await expect(dialog.getByText('rubrica.xml: 2 contacts ready to import into Reception — Giulia Colombo, 2 will be skipped.')).toBeVisible();
  await expect(dialog).toContainText('Row 2, line 4 (Import Rotto): damaged XML: </phonenumber> expected but </contact> found (line 4).');
  await expect(dialog).toContainText('Row 4, line 6 (Senza Numero): Enter at least one phone number.');
  await shoot(page, 'contacts-import-preview');
  await dialog.getByRole('button', { name: 'Import 2 contacts' }).click();
  await expect(dialog.getByText('Imported 2 into Reception — Giulia Colombo; skipped 2.')).toBeVisible({ timeout: 30_000 });
  await shoot(page, 'contacts-import-summary');
  expect(await simContact('Import', 'Uno')).toMatchObject({ work: '0471 100001' });
  expect(await simContact('Import', 'Due')).toMatchObject({ mobile: '333 100003' });
  expect(await simContact('Import', 'Rotto')).toBeUndefined();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Export the reception phone's phonebook once the index has both new contacts.
  const total = (await phoneState()).contacts.length;
  await expect(async () => {
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('import');
    await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Export…' }).click();
  const ex = page.getByRole('dialog', { name: 'Export contacts' });
  await ex.getByLabel('Contacts').selectOption({ label: `Reception — Giulia Colombo (${total})` });
  await ex.getByLabel('Format').selectOption('xml');
  const downloading = page.waitForEvent('download');
  await ex.getByRole('button', { name: 'Export' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^Reception — Giulia Colombo \d{4}-\d{2}-\d{2}\.xml$/);
  await expect(ex.getByRole('status')).toContainText(`Exported ${total} contacts`);
  const text = readFileSync((await file.path()) as string, 'utf8');
  expect(text).toContain('<AddressBook>');
  expect((text.match(/<Contact>/g) ?? []).length).toBe(total);
  expect(text).toContain('<FirstName>Import</FirstName>');
  await shoot(page, 'contacts-export');
});
