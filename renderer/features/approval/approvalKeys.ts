// Keyboard shortcuts for approval cards (pure): which key triggers which decision, and the hints the buttons show.

/** A decision an approval card can take from the keyboard; `allow_always` first opens the rule preview. */
export type ApprovalAction = 'allow_once' | 'allow_session' | 'allow_always' | 'deny';

/**
 * The documented shortcut set: `1`/`a` allow once, `2`/`s` allow for this session, `3`/`A` (Shift+A) always
 * allow, `4`/`d` deny. `hint` is what the button shows; `aria` is its aria-keyshortcuts value.
 */
export const APPROVAL_SHORTCUTS: Record<ApprovalAction, { hint: string; aria: string; keys: readonly string[] }> = {
  allow_once: { hint: '1', aria: '1 A', keys: ['1', 'a'] },
  allow_session: { hint: '2', aria: '2 S', keys: ['2', 's'] },
  allow_always: { hint: '3', aria: '3 Shift+A', keys: ['3', 'A'] },
  deny: { hint: '4', aria: '4 D', keys: ['4', 'd'] },
};

/** The subset of a KeyboardEvent the mapping needs. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Maps a key press to an approval action; null for other keys or when Ctrl, Meta or Alt is held. */
export function approvalActionForKey(e: KeyLike): ApprovalAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  for (const [action, def] of Object.entries(APPROVAL_SHORTCUTS) as [
    ApprovalAction,
    (typeof APPROVAL_SHORTCUTS)[ApprovalAction],
  ][]) {
    if (def.keys.includes(e.key)) return action;
  }
  return null;
}

/** True when key presses in `target` are typing (inputs, textareas, selects, contenteditable) and must not trigger shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || !(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable="true"], [contenteditable=""]')) return true;
  return false;
}
