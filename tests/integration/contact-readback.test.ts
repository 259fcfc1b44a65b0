/**
 * Contact writes are verified by reading them back (data safety): against the phone and
 * KalliopePBX simulators, a device that answers "saved" but dropped or changed the contact makes
 * the save fail with a ProtocolError that says so, never a silent success; a later honest save
 * succeeds without creating a duplicate.
 */
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../main/core/driver/errors';
import { createGrandstreamPhoneDriver, type GrandstreamPhoneDriver } from '../../main/drivers/grandstream-phone';
import { createKalliopeDriver, type KalliopeDriver } from '../../main/drivers/kalliope';
import { GrandstreamPhoneSim } from '../../sim/grandstream-phone';
import { KalliopeSim } from '../../sim/kalliope';
import type { SimDevice, SimRequestContext } from '../../sim/lib/types';
import { cleanupAfterEach, serveRig, type Rig } from './driver-rig';

const defer = cleanupAfterEach();

/** Let `hook` answer a request first (true = answered); everything else reaches the simulator. */
function intercept(sim: SimDevice, hook: (ctx: SimRequestContext) => boolean): void {
  const handle = sim.handle.bind(sim);
  sim.handle = (ctx) => (hook(ctx) ? undefined : handle(ctx));
}

function phone(): Promise<Rig<GrandstreamPhoneSim, GrandstreamPhoneDriver>> {
  const sim = new GrandstreamPhoneSim({ id: 'ph-rb', name: 'Read-back phone', password: 'Pa55word', extension: '201', answerDelayMs: null });
  return serveRig(defer, sim, { device: 'Read-back phone', kind: 'grandstream-phone', username: 'admin', password: 'Pa55word', timeoutMs: 3000 }, createGrandstreamPhoneDriver);
}

function pbx(): Promise<Rig<KalliopeSim, KalliopeDriver>> {
  const sim = new KalliopeSim({ id: 'k-rb', name: 'Read-back PBX', password: 'Adm1n!pw', receptionExtension: '200', extensions: [{ extension: '200', name: 'Reception' }], contacts: [{ firstName: 'Mario', lastName: 'Rossi', phone: '+39 02 1234 567' }] });
  return serveRig(defer, sim, { device: 'Read-back PBX', kind: 'kalliope', username: 'admin', password: 'Adm1n!pw', extension: '200', timeoutMs: 3000 }, createKalliopeDriver);
}

const OK_PHONE = '{"response":"success","body":"true"}';
const OK_PBX = '<?xml version="1.0"?><kpbx_response><contact><error><code>0</code><message>Success</message></error></contact></kpbx_response>';

describe('Grandstream phone: save verified by read-back', () => {
  it('a phone that answers success but keeps nothing: ProtocolError, and the retry saves exactly one contact', async () => {
    const r = await phone();
    let swallow = true;
    intercept(r.sim, (ctx) => {
      if (!swallow || !ctx.path.endsWith('/api-save_edit_contact')) return false;
      ctx.res.writeHead(200, { 'Content-Type': 'text/plain' }).end(OK_PHONE);
      return true;
    });
    const d = r.driver();
    const input = { firstName: 'Lost', lastName: 'Write', numbers: [{ type: 'work' as const, number: '0471 555 123' }] };
    const err = await d.saveContact!(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/accepted the contact "Lost Write" but it cannot be found afterwards/);
    swallow = false;
    const saved = await d.saveContact!(input);
    expect(saved).toMatchObject({ name: 'Lost Write', numbers: [{ type: 'work', number: '0471 555 123' }] });
    expect((await d.contacts!()).filter((c) => c.name === 'Lost Write')).toHaveLength(1);
  });

  it('a phone that stores another number than the one sent, on add and on edit: ProtocolError, not a silent success', async () => {
    const r = await phone();
    let cut = false;
    intercept(r.sim, (ctx) => {
      // the driver sends the work number as newphone1 (contactParams)
      const sent = ctx.query.get('newphone1');
      if (cut && ctx.path.endsWith('/api-save_edit_contact') && sent) ctx.query.set('newphone1', sent.slice(0, 4));
      return false;
    });
    const d = r.driver();
    cut = true;
    const added = await d.saveContact!({ firstName: 'Cut', lastName: 'Number', numbers: [{ type: 'work', number: '0471555999' }] }).catch((e: unknown) => e);
    expect(added).toBeInstanceOf(ProtocolError);
    expect((added as Error).message).toMatch(/cannot be found afterwards/);
    cut = false;
    const saved = await d.saveContact!({ firstName: 'Edit', lastName: 'Me', numbers: [{ type: 'work', number: '0471000111' }] });
    // an edit: the phone knows the id, and the read-back by id must still show the new number
    cut = true;
    const edited = await d.saveContact!({ id: saved.id, firstName: 'Edit', lastName: 'Me', numbers: [{ type: 'work', number: '0471000222' }] }).catch((e: unknown) => e);
    expect(edited).toBeInstanceOf(ProtocolError);
    expect((edited as Error).message).toMatch(/accepted the contact "Edit Me" but it cannot be found afterwards/);
  });
});

describe('KalliopePBX: save verified by read-back', () => {
  it('an add the PBX answers but does not store: ProtocolError naming it', async () => {
    const r = await pbx();
    intercept(r.sim, (ctx) => {
      if (ctx.req.method !== 'POST' || ctx.path !== '/rest/phonebook/contacts') return false;
      ctx.res.writeHead(200, { 'Content-Type': 'application/xml' }).end(OK_PBX);
      return true;
    });
    const err = await r.driver().saveContact!({ firstName: 'Ghost', lastName: 'Entry', numbers: [{ type: 'work', number: '0211' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/accepted the new contact but it cannot be found afterwards/);
  });

  it('an edit the PBX answers but does not apply: ProtocolError; an applied edit returns the contact as read back', async () => {
    const r = await pbx();
    const d = r.driver();
    const mario = (await d.contacts!()).find((c) => c.lastName === 'Rossi');
    expect(mario).toBeDefined();
    let ignore = true;
    intercept(r.sim, (ctx) => {
      if (!ignore || ctx.req.method !== 'PUT' || ctx.path !== '/rest/phonebook/contacts') return false;
      ctx.res.writeHead(200, { 'Content-Type': 'application/xml' }).end(OK_PBX);
      return true;
    });
    const edit = { id: mario?.id ?? '', firstName: 'Mario', lastName: 'Rossini', numbers: [{ type: 'work' as const, number: '+39 02 1234 568' }] };
    const err = await d.saveContact!(edit).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(/accepted the change to contact .* but reading it back does not show it/);
    ignore = false;
    expect(await d.saveContact!(edit)).toMatchObject({ id: mario?.id, firstName: 'Mario', lastName: 'Rossini', numbers: [{ number: '+39 02 1234 568' }] });
  });
});
