// Finding a checklist item's checkbox in the page, for keyboard focus.

export function checkboxSelector(itemId: string): string {
  return `[data-item-checkbox][data-item-id="${CSS.escape(itemId)}"]`;
}

/** Moves keyboard focus to an item's checkbox (after a dialog closes, or from "first open item" links). */
export function focusItem(itemId: string): boolean {
  const box = document.querySelector<HTMLElement>(checkboxSelector(itemId));
  box?.focus();
  return box !== null;
}
