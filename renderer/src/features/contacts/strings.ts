/** UI strings of this feature, English and Italian (namespace "contacts"). Every string the feature shows lives here. */
export const en = {} as const;
export const it: Record<keyof typeof en, string> = {};
