/**
 * Contacts and groups endpoints (seed 000/001 "Get Contact" .. "Edit/delete Contact Group").
 * Note the seed's two envelopes: the queries answer {"res":"success","msg":[...]} while the
 * changes answer {"response":"success","body":""}.
 */
import type { PhoneCore } from './core';
import type { DirResult } from './directory';
import { fail, ok, param, type PhoneRequest, type Reply, type Route } from './reply';

function result(r: DirResult): Reply {
  return r.ok ? ok('') : fail(r.error);
}

function getContacts(core: PhoneCore, req: PhoneRequest): Reply {
  const p = req.params;
  const list = core.directory.listContacts({
    contactid: param(p, 'contactid'),
    contactname: param(p, 'contactname'),
    groupid: param(p, 'groupid'),
  });
  const msg = list.map((c) => ({
    contactID: String(c.id),
    contactName: core.directory.nameOf(c),
    groupID: String(c.groupId),
    work: c.work,
    home: c.home,
    mobile: c.mobile,
    fax: c.fax,
    email: c.email,
  }));
  return { status: 200, kind: 'json', body: { res: 'success', msg } };
}

function saveEditContact(core: PhoneCore, req: PhoneRequest): Reply {
  const p = req.params;
  return result(
    core.directory.saveContact({
      id: param(p, 'id'),
      firstname: param(p, 'firstname'),
      lastname: param(p, 'lastname'),
      group: param(p, 'group'),
      newphone1: param(p, 'newphone1'),
      newphone2: param(p, 'newphone2'),
      newphone3: param(p, 'newphone3'),
      newphone4: param(p, 'newphone4'),
      email: param(p, 'email'),
    }),
  );
}

function deleteContact(core: PhoneCore, req: PhoneRequest): Reply {
  return result(core.directory.deleteContact(param(req.params, 'id')));
}

function deleteAllContacts(core: PhoneCore): Reply {
  core.directory.deleteAllContacts();
  return ok('');
}

function addGroup(core: PhoneCore, req: PhoneRequest): Reply {
  return result(core.directory.addGroup(param(req.params, 'name')));
}

function getGroups(core: PhoneCore, req: PhoneRequest): Reply {
  const msg = core.directory.listGroups(param(req.params, 'id', 'Id')).map((g) => ({ groupID: String(g.id), groupName: g.name }));
  return { status: 200, kind: 'json', body: { res: 'success', msg } };
}

function editDeleteGroup(core: PhoneCore, req: PhoneRequest): Reply {
  return result(core.directory.editDeleteGroup(param(req.params, 'id', 'Id'), param(req.params, 'name')));
}

export function directoryRoutes(): [string, Route][] {
  return [
    ['api-get_contacts', { access: 'session', handle: getContacts }],
    ['api-save_edit_contact', { access: 'session', handle: saveEditContact }],
    ['api-delete_contact', { access: 'session', handle: deleteContact }],
    ['api-delete_all_contact', { access: 'session', handle: deleteAllContacts }],
    ['api-add_group', { access: 'session', handle: addGroup }],
    ['api-get_groups', { access: 'session', handle: getGroups }],
    ['api-edit_delete_group', { access: 'session', handle: editDeleteGroup }],
  ];
}
