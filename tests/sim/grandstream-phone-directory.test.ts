import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { envelope, isRecord, startLoggedIn, type TestPhone } from './grandstream-phone.helpers';

let phone: TestPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

async function contacts(p: TestPhone, filter: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  const r = await p.client.get('api-get_contacts', filter);
  const j = r.json();
  if (!isRecord(j) || j.res !== 'success' || !Array.isArray(j.msg)) throw new Error(`bad contacts: ${r.text}`);
  return j.msg.filter(isRecord);
}

async function groups(p: TestPhone, id?: string): Promise<Record<string, unknown>[]> {
  const r = await p.client.get('api-get_groups', id === undefined ? {} : { id });
  const j = r.json();
  if (!isRecord(j) || j.res !== 'success' || !Array.isArray(j.msg)) throw new Error(`bad groups: ${r.text}`);
  return j.msg.filter(isRecord);
}

const SEED = {
  groups: [{ id: 2, name: 'Suppliers' }],
  contacts: [
    { firstName: 'xxx', work: '8819' },
    { firstName: 'grandstream', work: '3587' },
    { firstName: 'Anna', lastName: 'Rossi', groupId: 2, work: '201', mobile: '+39 333 1234567', email: 'anna@example.com' },
  ],
};

describe('grandstream phone sim: contacts', () => {
  it('api-get_contacts returns the seed shape {"res","msg"} with string ids starting at 0', async () => {
    phone = await startLoggedIn(SEED);
    const all = await contacts(phone);
    expect(all.slice(0, 2)).toEqual([
      { contactID: '0', contactName: 'xxx', groupID: '0', work: '8819', home: '', mobile: '', fax: '', email: '' },
      { contactID: '1', contactName: 'grandstream', groupID: '0', work: '3587', home: '', mobile: '', fax: '', email: '' },
    ]);
    expect(all[2]).toEqual({ contactID: '2', contactName: 'Anna Rossi', groupID: '2', work: '201', home: '', mobile: '+39 333 1234567', fax: '', email: 'anna@example.com' });
  });

  it('filters by contactid, contactname (case-insensitive substring) and groupid; unknown → empty list', async () => {
    phone = await startLoggedIn(SEED);
    expect((await contacts(phone, { contactid: '1' })).map((c) => c.contactName)).toEqual(['grandstream']);
    expect((await contacts(phone, { contactid: '0' })).map((c) => c.contactName)).toEqual(['xxx']);
    expect((await contacts(phone, { contactname: 'ROSS' })).map((c) => c.contactID)).toEqual(['2']);
    expect((await contacts(phone, { groupid: '2' })).map((c) => c.contactID)).toEqual(['2']);
    expect((await contacts(phone, { groupid: '0' })).map((c) => c.contactID)).toEqual(['0', '1']);
    expect(await contacts(phone, { contactid: '99' })).toEqual([]);
    expect(await contacts(phone, { contactid: 'abc' })).toEqual([]);
    expect(await contacts(phone, { contactname: 'nobody' })).toEqual([]);
    expect((await contacts(phone, { contactid: '', contactname: '' })).length).toBe(3);
  });

  it('save_edit_contact inserts (seed example), returns an empty body, and the new contact gets the next id', async () => {
    phone = await startLoggedIn(SEED);
    const r = await phone.client.get('api-save_edit_contact', { firstname: 'Jack', lastname: 'Brown', newphone1: '123456' });
    expect(r.json()).toEqual({ response: 'success', body: '' });
    const [jack] = await contacts(phone, { contactname: 'Jack' });
    expect(jack).toEqual({ contactID: '3', contactName: 'Jack Brown', groupID: '0', work: '123456', home: '', mobile: '', fax: '', email: '' });
  });

  it('save_edit_contact with all fields, also as a POST form', async () => {
    phone = await startLoggedIn(SEED);
    const r = await phone.client.get(
      'api-save_edit_contact',
      { firstname: 'Zoë', lastname: "O'Hara & Sons", group: '2', newphone1: '1', newphone2: '2', newphone3: '3', newphone4: '4', email: 'z@x.it' },
      { method: 'POST' },
    );
    expect(envelope(r).response).toBe('success');
    const [z] = await contacts(phone, { contactname: 'zoë' });
    expect(z).toEqual({ contactID: '3', contactName: "Zoë O'Hara & Sons", groupID: '2', work: '1', home: '2', mobile: '3', fax: '4', email: 'z@x.it' });
  });

  it('editing an existing id changes only the given fields; id 0 is a real id', async () => {
    phone = await startLoggedIn(SEED);
    expect(envelope(await phone.client.get('api-save_edit_contact', { id: '0', newphone3: '555' })).response).toBe('success');
    expect((await contacts(phone, { contactid: '0' }))[0]).toMatchObject({ contactName: 'xxx', work: '8819', mobile: '555' });
    expect(envelope(await phone.client.get('api-save_edit_contact', { id: '2', lastname: '', newphone1: '' })).response).toBe('success');
    expect((await contacts(phone, { contactid: '2' }))[0]).toMatchObject({ contactName: 'Anna', work: '', mobile: '+39 333 1234567' });
    expect(await contacts(phone)).toHaveLength(3);
  });

  it('rejects unknown ids, unknown groups and a missing name', async () => {
    phone = await startLoggedIn(SEED);
    expect(envelope(await phone.client.get('api-save_edit_contact', { id: '42', firstname: 'A' }))).toEqual({ response: 'error', body: 'contact not found' });
    expect(envelope(await phone.client.get('api-save_edit_contact', { firstname: 'A', group: '7' }))).toEqual({ response: 'error', body: 'group not found' });
    expect(envelope(await phone.client.get('api-save_edit_contact', { newphone1: '1' }))).toEqual({ response: 'error', body: 'missing firstname or lastname' });
    expect(envelope(await phone.client.get('api-save_edit_contact', { id: '0', firstname: '' })).body).toBe('missing firstname or lastname');
    expect(await contacts(phone)).toHaveLength(3);
  });

  it('delete_contact (seed example id=1), unknown and missing ids, delete_all_contact', async () => {
    phone = await startLoggedIn(SEED);
    expect((await phone.client.get('api-delete_contact', { id: '1' })).json()).toEqual({ response: 'success', body: '' });
    expect((await contacts(phone)).map((c) => c.contactID)).toEqual(['0', '2']);
    expect(envelope(await phone.client.get('api-delete_contact', { id: '1' }))).toEqual({ response: 'error', body: 'contact not found' });
    expect(envelope(await phone.client.get('api-delete_contact'))).toEqual({ response: 'error', body: 'missing id' });
    expect((await phone.client.get('api-delete_all_contact')).json()).toEqual({ response: 'success', body: '' });
    expect(await contacts(phone)).toEqual([]);
    await phone.client.get('api-save_edit_contact', { firstname: 'New' });
    expect((await contacts(phone)).map((c) => c.contactID)).toEqual(['0']);
  });
});

describe('grandstream phone sim: groups', () => {
  it('built-in groups match the seed example; add_group gives the next free id', async () => {
    phone = await startLoggedIn();
    expect(await groups(phone)).toEqual([
      { groupID: '0', groupName: 'default' },
      { groupID: '100', groupName: 'blacklist' },
    ]);
    expect((await phone.client.get('api-add_group', { name: 'newGroup' })).json()).toEqual({ response: 'success', body: '' });
    expect(await groups(phone, '1')).toEqual([{ groupID: '1', groupName: 'newGroup' }]);
    expect(await groups(phone, '55')).toEqual([]);
    expect(envelope(await phone.client.get('api-add_group', { name: '  ' }))).toEqual({ response: 'error', body: 'missing name' });
    expect(envelope(await phone.client.get('api-add_group'))).toEqual({ response: 'error', body: 'missing name' });
  });

  it('edit_delete_group renames, deletes with a blank name (seed example), moves members to default', async () => {
    phone = await startLoggedIn(SEED);
    expect(envelope(await phone.client.get('api-edit_delete_group', { id: '2', name: 'Vendors' })).response).toBe('success');
    expect(await groups(phone, '2')).toEqual([{ groupID: '2', groupName: 'Vendors' }]);
    expect((await phone.client.get('api-edit_delete_group', { id: '2', name: '' })).json()).toEqual({ response: 'success', body: '' });
    expect(await groups(phone, '2')).toEqual([]);
    expect((await contacts(phone, { contactid: '2' }))[0]?.groupID).toBe('0');
  });

  it('edit_delete_group rejects unknown, missing and built-in ids', async () => {
    phone = await startLoggedIn(SEED);
    expect(envelope(await phone.client.get('api-edit_delete_group', { id: '1', name: '' }))).toEqual({ response: 'error', body: 'group not found' });
    expect(envelope(await phone.client.get('api-edit_delete_group', { name: 'x' }))).toEqual({ response: 'error', body: 'missing id' });
    expect(envelope(await phone.client.get('api-edit_delete_group', { id: '0', name: '' }))).toEqual({ response: 'error', body: 'built-in group' });
    expect(envelope(await phone.client.get('api-edit_delete_group', { id: '100', name: 'x' })).body).toBe('built-in group');
    expect(await groups(phone)).toHaveLength(3);
  });
});

describe('grandstream phone sim: phonebook_download', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => ['Contact', 'Phone', 'pbgroup'].includes(name) });

  it('serves a Grandstream XML phonebook consistent with contacts and groups (escaped names, several phones)', async () => {
    phone = await startLoggedIn(SEED);
    await phone.client.get('api-save_edit_contact', { firstname: '<Bob>', lastname: 'Smith & "Co"', newphone1: '100', newphone2: '200', newphone3: '300', newphone4: '400', group: '2' });
    const r = await phone.client.get('phonebook_download');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/xml/);
    expect(r.text).toContain('&lt;Bob&gt;');
    expect(r.text).toContain('Smith &amp; &quot;Co&quot;');
    const doc = parser.parse(r.text) as { AddressBook: { pbgroup: { id: string; name: string }[]; Contact: Record<string, unknown>[] } };
    const book = doc.AddressBook;
    expect(book.pbgroup.map((g) => [g.id, g.name])).toEqual([
      ['2', 'Suppliers'],
      ['100', 'blacklist'],
    ]);
    const listed = await contacts(phone);
    expect(book.Contact).toHaveLength(listed.length);
    for (const c of listed) {
      const x = book.Contact.find((e) => e.id === c.contactID);
      expect(x, String(c.contactID)).toBeDefined();
      if (!x) continue;
      expect([x.FirstName, x.LastName].filter((s) => s !== '').join(' ')).toBe(c.contactName);
      expect(x.Group).toBe(c.groupID);
      const phones = (x.Phone as { '@_type': string; phonenumber: string; accountindex: string }[] | undefined) ?? [];
      const byType = Object.fromEntries(phones.map((p) => [p['@_type'], p.phonenumber]));
      const expected: Record<string, string> = {};
      if (c.work) expected.Work = String(c.work);
      if (c.home) expected.Home = String(c.home);
      if (c.mobile) expected.Cell = String(c.mobile);
      if (c.fax) expected.Fax = String(c.fax);
      expect(byType).toEqual(expected);
    }
    const bob = book.Contact.find((e) => e.FirstName === '<Bob>');
    expect(bob?.LastName).toBe('Smith & "Co"');
    expect((bob?.Phone as unknown[]).length).toBe(4);
    const anna = book.Contact.find((e) => e.FirstName === 'Anna');
    expect(anna?.Mail).toMatchObject({ '#text': 'anna@example.com' });
  });

  it('an empty phonebook is still a valid AddressBook', async () => {
    phone = await startLoggedIn();
    const r = await phone.client.get('phonebook_download');
    const doc = parser.parse(r.text) as Record<string, unknown>;
    expect(Object.keys(doc)).toContain('AddressBook');
    expect(r.text).not.toContain('<Contact>');
  });
});
