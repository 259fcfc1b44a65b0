export const SECTIONS = [
  { id: 'calls', label: 'Calls' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'cameras', label: 'Cameras' },
  { id: 'voicemail', label: 'Voicemail' },
  { id: 'presence', label: 'Presence' },
  { id: 'devices', label: 'Devices' },
  { id: 'settings', label: 'Settings' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];
