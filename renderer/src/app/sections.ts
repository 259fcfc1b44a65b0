/** The navigation's sections, in order; their labels are `common:section.<id>`. */
export const SECTIONS = [{ id: 'calls' }, { id: 'contacts' }, { id: 'cameras' }, { id: 'voicemail' }, { id: 'presence' }, { id: 'devices' }, { id: 'settings' }] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];
