/**
 * Which section is shown. Any feature may switch sections: `useNavigation.getState().go('calls')`.
 * The "/" shortcut focuses the shown section's search box: mark it with `{...searchBoxProps}`
 * (the `data-search` attribute); the first visible one in the content area wins.
 */
import { create } from 'zustand';
import { SECTIONS, type SectionId } from './sections';

export interface NavigationStore {
  section: SectionId;
  go(section: SectionId): void;
}

export const useNavigation = create<NavigationStore>((set) => ({
  section: 'calls',
  go: (section) => set({ section }),
}));

export const isSectionId = (s: string): s is SectionId => SECTIONS.some((x) => x.id === s);

/** Spread on a section's search input so the global "/" shortcut finds it. */
export const searchBoxProps = { 'data-search': '' } as const;

/** Focus (and select) the first visible search box of the content area; false when the section has none. */
export function focusSectionSearch(root: ParentNode = document): boolean {
  const boxes = root.querySelectorAll<HTMLElement>('.content [data-search]');
  for (const box of boxes) {
    if (box.offsetParent === null && box.getClientRects().length === 0) continue;
    box.focus();
    if (box instanceof HTMLInputElement) box.select();
    return true;
  }
  return false;
}
