import type { Callgroup, CdrDirection, CdrStatus, Contact, KalliopeCdrSeed, KalliopeSimOptions } from './model';

/**
 * A default call history for a fresh simulated PBX: a dozen calls of the last ~36 hours mixing
 * inbound, outbound and internal calls with every status of the seed, built deterministically
 * from the extensions and the phonebook. The oldest one predates the 3.9.5 upgrade (no unique_id).
 */

const PLAN: readonly { direction: CdrDirection; status: CdrStatus; talk: number }[] = [
  { direction: 1, status: 8, talk: 95 },
  { direction: 2, status: 8, talk: 240 },
  { direction: 1, status: 4, talk: 0 },
  { direction: 4, status: 8, talk: 35 },
  { direction: 2, status: 2, talk: 0 },
  { direction: 1, status: 8, talk: 410 },
  { direction: 2, status: 1, talk: 0 },
  { direction: 4, status: 4, talk: 0 },
  { direction: 1, status: 3, talk: 0 },
  { direction: 2, status: 8, talk: 62 },
  { direction: 1, status: 4, talk: 0 },
  { direction: 1, status: 8, talk: 18 },
];

const FALLBACK_EXTERNAL = ['+39 02 8725 4411', '+39 333 912 4470', '+39 06 4471 2208', '+41 44 268 1900', '+39 347 220 1175'];

export function generateCdr(opts: KalliopeSimOptions, groups: Callgroup[], contacts: Contact[]): KalliopeCdrSeed[] {
  const now = Date.now();
  const exts = opts.extensions.map((e) => ({ exten: e.extension, name: e.firstName || e.lastName ? `${e.firstName ?? ''} ${e.lastName ?? ''}`.trim() : e.name.trim() }));
  const reception = exts.find((e) => e.exten === opts.receptionExtension) ?? exts[0];
  const externals = contacts.filter((c) => c.phone && c.owner === null).map((c) => ({ num: c.phone, name: [c.firstName, c.lastName].filter(Boolean).join(' ') }));
  const outside = externals.length > 0 ? externals : FALLBACK_EXTERNAL.map((num) => ({ num, name: '' }));
  const incoming = groups[0]?.name ?? '';
  const out: KalliopeCdrSeed[] = [];
  PLAN.forEach((p, i) => {
    const start = new Date(now - (PLAN.length - i) * 3 * 3600_000 + (i % 4) * 60_000);
    const ring = 8 + (i % 5) * 3;
    const answered = p.status === 8;
    const answer = answered ? new Date(start.getTime() + ring * 1000) : null;
    const end = new Date(start.getTime() + ring * 1000 + p.talk * 1000 + (answered ? 0 : 12_000));
    const ext = exts[i % exts.length] ?? reception;
    const other = exts[(i + 1) % exts.length] ?? reception;
    const ext2 = outside[i % outside.length] ?? { num: '+39 02 0000 000', name: '' };
    if (!ext || !other) return;
    const seed: KalliopeCdrSeed =
      p.direction === 1
        ? { direction: 1, callerNum: ext2.num, callerName: ext2.name, calledNum: reception?.exten ?? ext.exten, calledName: reception?.name ?? '', calledCallgroup: incoming, gatewayId: '1', gatewayName: 'Trunk SIP', status: p.status, start, answer, end }
        : p.direction === 2
          ? { direction: 2, callerNum: ext.exten, callerName: ext.name, calledNum: ext2.num, calledName: ext2.name, gatewayId: '1', gatewayName: 'Trunk SIP', status: p.status, start, answer, end }
          : { direction: 4, callerNum: ext.exten, callerName: ext.name, calledNum: other.exten, calledName: other.name, status: p.status, start, answer, end };
    if (i === 0) seed.uniqueId = '';
    out.push(seed);
  });
  return out;
}
