import { useCallback, useRef } from 'react';

/**
 * Gives focus back to the control that opened a dialog once the dialog is gone. A dialog mounted
 * only while open cannot do it itself: focus would fall to the page's body, and a keyboard user
 * would start again from the top. If the control went away meanwhile (the action changed what
 * may be done), nothing is focused.
 */
export function useFocusReturn() {
  const opener = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  const restore = useCallback(() => {
    const el = opener.current;
    opener.current = null;
    // After the dialog has unmounted and released its focus trap.
    if (el) setTimeout(() => el.isConnected && el.focus(), 0);
  }, []);
  return { remember, restore };
}
