/**
 * Words the shell shows outside the windows (tray, notifications, hotkey and link messages), in the
 * languages of Settings → Language. Plain functions so plurals and names stay readable.
 */
export type ShellLanguage = 'en' | 'it';

export interface ShellStrings {
  appName: string;
  // tray
  open: string;
  accept: string;
  reject: string;
  recentCalls: string;
  noRecentCalls: string;
  doNotDisturb: string;
  quit: string;
  allIdle: string;
  ringing: (who: string) => string;
  inCall: (n: number) => string;
  missed: (n: number) => string;
  voicemail: (n: number) => string;
  problem: (names: string[]) => string;
  dndOn: string;
  callIn: string;
  callOut: string;
  callMissed: string;
  // notifications
  incomingTitle: (who: string) => string;
  missedTitle: string;
  voicemailTitle: string;
  voicemailBody: (mailbox: string, device: string, count: number) => string;
  offlineTitle: (device: string) => string;
  offlineBody: string;
  authTitle: (device: string) => string;
  authBody: string;
  motionTitle: (camera: string) => string;
  motionBody: (time: string) => string;
  onDevice: (device: string) => string;
  unknownCaller: string;
  // hotkeys
  hotkeyOff: string;
  hotkeyInvalid: (accel: string) => string;
  hotkeyTaken: (accel: string) => string;
  hotkeyDuplicate: (other: string) => string;
  hotkeyWayland: string;
  hotkeyName: Record<'dial' | 'answer' | 'hangup', string>;
  noRinging: string;
  noActive: string;
  // links
  linkNotCall: string;
  linkDamaged: string;
  linkEmpty: string;
  linkNotNumber: (user: string) => string;
  linkTooLong: string;
}

const en: ShellStrings = {
  appName: 'Frontdesk',
  open: 'Open Frontdesk',
  accept: 'Accept',
  reject: 'Reject',
  recentCalls: 'Recent calls',
  noRecentCalls: 'No recent calls',
  doNotDisturb: 'Do not disturb',
  quit: 'Quit Frontdesk',
  allIdle: 'All quiet',
  ringing: (who) => `Ringing: ${who}`,
  inCall: (n) => (n === 1 ? 'In a call' : `${n} calls in progress`),
  missed: (n) => (n === 1 ? '1 missed call' : `${n} missed calls`),
  voicemail: (n) => (n === 1 ? '1 new voicemail' : `${n} new voicemails`),
  problem: (names) => `Needs attention: ${names.join(', ')}`,
  dndOn: 'Do not disturb is on',
  callIn: 'In',
  callOut: 'Out',
  callMissed: 'Missed',
  incomingTitle: (who) => `Incoming call: ${who}`,
  missedTitle: 'Missed call',
  voicemailTitle: 'New voicemail',
  voicemailBody: (mailbox, device, count) => `Mailbox ${mailbox} on ${device}: ${count} new`,
  offlineTitle: (device) => `${device} is offline`,
  offlineBody: 'Frontdesk cannot reach it and keeps trying.',
  authTitle: (device) => `${device} refused the sign-in`,
  authBody: 'Check its user name and password in Devices.',
  motionTitle: (camera) => `Motion: ${camera}`,
  motionBody: (time) => `Seen at ${time}`,
  onDevice: (device) => `on ${device}`,
  unknownCaller: 'Unknown caller',
  hotkeyOff: 'Off',
  hotkeyInvalid: (accel) => `"${accel}" is not a key combination Frontdesk understands (e.g. CommandOrControl+Alt+D).`,
  hotkeyTaken: (accel) => `${accel} is already used by another application or the system: choose other keys.`,
  hotkeyDuplicate: (other) => `The same keys are set for ${other}: choose different keys.`,
  hotkeyWayland: 'Registered; on Wayland the desktop may ask you to allow it.',
  hotkeyName: { dial: 'Dial', answer: 'Answer', hangup: 'Hang up' },
  noRinging: 'No call is ringing.',
  noActive: 'No call is in progress.',
  linkNotCall: 'This link is not a phone call (tel:, callto: or sip:).',
  linkDamaged: 'This call link is damaged (a bad % escape).',
  linkEmpty: 'This call link has no number.',
  linkNotNumber: (user) => `"${user}" is not a phone number, so Frontdesk cannot call it.`,
  linkTooLong: 'This call link is too long to be a phone number.',
};

const it: ShellStrings = {
  appName: 'Frontdesk',
  open: 'Apri Frontdesk',
  accept: 'Rispondi',
  reject: 'Rifiuta',
  recentCalls: 'Chiamate recenti',
  noRecentCalls: 'Nessuna chiamata recente',
  doNotDisturb: 'Non disturbare',
  quit: 'Esci da Frontdesk',
  allIdle: 'Tutto tranquillo',
  ringing: (who) => `Squilla: ${who}`,
  inCall: (n) => (n === 1 ? 'In chiamata' : `${n} chiamate in corso`),
  missed: (n) => (n === 1 ? '1 chiamata persa' : `${n} chiamate perse`),
  voicemail: (n) => (n === 1 ? '1 nuovo messaggio vocale' : `${n} nuovi messaggi vocali`),
  problem: (names) => `Da controllare: ${names.join(', ')}`,
  dndOn: 'Non disturbare è attivo',
  callIn: 'Entrata',
  callOut: 'Uscita',
  callMissed: 'Persa',
  incomingTitle: (who) => `Chiamata in arrivo: ${who}`,
  missedTitle: 'Chiamata persa',
  voicemailTitle: 'Nuovo messaggio vocale',
  voicemailBody: (mailbox, device, count) => `Casella ${mailbox} su ${device}: ${count} nuovi`,
  offlineTitle: (device) => `${device} non è raggiungibile`,
  offlineBody: 'Frontdesk continua a riprovare.',
  authTitle: (device) => `${device} ha rifiutato l'accesso`,
  authBody: 'Controlla nome utente e password in Dispositivi.',
  motionTitle: (camera) => `Movimento: ${camera}`,
  motionBody: (time) => `Rilevato alle ${time}`,
  onDevice: (device) => `su ${device}`,
  unknownCaller: 'Chiamante sconosciuto',
  hotkeyOff: 'Disattivato',
  hotkeyInvalid: (accel) => `"${accel}" non è una combinazione di tasti valida (es. CommandOrControl+Alt+D).`,
  hotkeyTaken: (accel) => `${accel} è già usata da un'altra applicazione o dal sistema: scegli altri tasti.`,
  hotkeyDuplicate: (other) => `Gli stessi tasti sono già assegnati a ${other}: scegline altri.`,
  hotkeyWayland: 'Registrata; su Wayland il desktop potrebbe chiedere di consentirla.',
  hotkeyName: { dial: 'Componi', answer: 'Rispondi', hangup: 'Riaggancia' },
  noRinging: 'Nessuna chiamata in arrivo.',
  noActive: 'Nessuna chiamata in corso.',
  linkNotCall: 'Questo link non è una chiamata (tel:, callto: o sip:).',
  linkDamaged: 'Questo link di chiamata è danneggiato (codifica % non valida).',
  linkEmpty: 'Questo link di chiamata non contiene un numero.',
  linkNotNumber: (user) => `"${user}" non è un numero di telefono: Frontdesk non può chiamarlo.`,
  linkTooLong: 'Questo link è troppo lungo per essere un numero di telefono.',
};

export function shellStrings(lang: ShellLanguage | undefined): ShellStrings {
  return lang === 'it' ? it : en;
}
