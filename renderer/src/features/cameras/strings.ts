/** UI strings of this feature, English and Italian (namespace "cameras"). Every string the feature shows lives here. */
export const en = {} as const;
export const it: Record<keyof typeof en, string> = {};
