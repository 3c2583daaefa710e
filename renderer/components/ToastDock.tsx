import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { AutomationNotice } from './AutomationNotice';
import { Notifications } from './Notifications';

/**
 * The notices of every screen (the last automatic archive, and notifications), in one dock at the
 * bottom of the window. It reports its height whenever it changes (0: no notice showing).
 */
export function ToastDock({ onHeight }: { onHeight(px: number): void }) {
  const dock = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = dock.current;
    if (!el) return;
    const observer = new ResizeObserver(() => onHeight(Math.ceil(el.getBoundingClientRect().height)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [onHeight]);
  return (
    <div className="toast-dock" ref={dock}>
      <AutomationNotice />
      <Notifications />
    </div>
  );
}

/**
 * Room for the dock: while a notice shows, the window is split in two, the page (`page`, which then
 * scrolls by itself) above and the dock below, so a notice never sits on top of the page. Without
 * notices the page scrolls with the window as usual. The switch keeps what the person sees where it
 * was, and the field being typed in stays in view when the page's part of the window shrinks.
 */
export function useReservedDock(page: RefObject<HTMLElement | null>): { docked: boolean; report(px: number): void } {
  const [docked, setDocked] = useState(false);
  const current = useRef(false);
  const report = useCallback(
    (px: number) => {
      const el = page.current;
      if (!el) return;
      const next = px > 0;
      if (next !== current.current) {
        const scrolled = next ? window.scrollY : el.scrollTop;
        current.current = next;
        // Called from a ResizeObserver, before the frame is painted: the new layout shows at once.
        flushSync(() => setDocked(next));
        if (next) el.scrollTo(0, scrolled);
        else window.scrollTo(0, scrolled);
      }
      const focused = document.activeElement;
      if (next && focused instanceof HTMLElement && el.contains(focused) && focused !== el) {
        const [f, area] = [focused.getBoundingClientRect(), el.getBoundingClientRect()];
        if (f.height < area.height && (f.bottom > area.bottom || f.top < area.top)) focused.scrollIntoView({ block: 'nearest' });
      }
    },
    [page],
  );
  return { docked, report };
}
