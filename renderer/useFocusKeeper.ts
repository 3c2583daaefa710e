import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

const HISTORY = 30;

const usable = (el: Element | null): el is HTMLElement =>
  el instanceof HTMLElement && el.isConnected && !el.matches(':disabled') && el.getClientRects().length > 0;

/**
 * No focus lost to the page: when the control a person was on goes away under them (a notice
 * dismissed, a button replaced by its result, a button disabled while it works), the focus moves
 * to a sensible place instead of the page's body, where a keyboard or screen-reader user would
 * have to start again from the top of the window:
 * - from a notice: the next notice, else the control the person was on before the notices;
 * - otherwise: the control of the screen the person was on before, if it is still there (the
 *   "Browse…" that opened a folder browser just closed), else the screen's heading (focusable
 *   with tabIndex -1).
 * A focus the person moved away on purpose (a click on the page) is left where they put it.
 */
export function useFocusKeeper(root: RefObject<HTMLElement | null>, dockSelector: string) {
  useEffect(() => {
    // The control that has (or last had) the focus, whether it was a notice's, and the last one outside the notices.
    let last: HTMLElement | null = null;
    let lastInDock = false;
    let beforeDock: HTMLElement | null = null;
    // The controls focused before, newest last (bounded).
    const history: HTMLElement[] = [];
    const onFocusIn = (e: FocusEvent) => {
      if (!(e.target instanceof HTMLElement)) return;
      history.push(e.target);
      if (history.length > HISTORY) history.shift();
      last = e.target;
      lastInDock = e.target.closest(dockSelector) !== null;
      if (!lastInDock) beforeDock = e.target;
    };
    const fallback = (): HTMLElement | null => {
      if (lastInDock) {
        const next = [...(document.querySelector(dockSelector)?.querySelectorAll(FOCUSABLE) ?? [])].find(usable);
        if (next) return next;
        if (usable(beforeDock)) return beforeDock;
      }
      const app = root.current;
      if (!app?.isConnected) return null;
      const main = app.querySelector('main');
      const before = [...history].reverse().find((el) => el !== main && main?.contains(el) && usable(el));
      if (before) return before;
      const heading = app.querySelector<HTMLElement>('main h1');
      if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      return heading ?? app.querySelector<HTMLElement>('main');
    };
    const rescue = () => {
      const now = document.activeElement;
      // Still there and usable: the person put the focus elsewhere on purpose (or nothing was lost).
      if (!last || (now && now !== document.body) || usable(last)) return;
      // Without scrolling: a mouse user's page does not jump; a keyboard user's next Tab scrolls to where it goes.
      fallback()?.focus({ preventScroll: true });
    };
    const onFocusOut = (e: FocusEvent) => {
      if (!e.relatedTarget) setTimeout(rescue, 0);
    };
    // A control removed while focused may leave without a focusout: notice it from the DOM change.
    const observer = new MutationObserver(() => {
      if (last && !last.isConnected) rescue();
    });
    // On the document, not the app's element: the app's tree is replaced while the window is not connected.
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
      observer.disconnect();
    };
  }, [root, dockSelector]);
}
