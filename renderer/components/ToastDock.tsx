import { useLayoutEffect, useState, type Ref, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { AutomationNotice } from './AutomationNotice';
import { Notifications } from './Notifications';

/** The notices of every screen (the last automatic archive, and notifications), in one dock at the bottom of the window. */
export function ToastDock({ ref }: { ref: Ref<HTMLDivElement> }) {
  return (
    <div className="toast-dock" ref={ref}>
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
 * `shown`: whether the app's page is on screen (not replaced by the not-connected screen).
 */
export function useReservedDock(page: RefObject<HTMLElement | null>, dock: RefObject<HTMLElement | null>, shown: boolean): boolean {
  const [docked, setDocked] = useState(false);
  useLayoutEffect(() => {
    const [el, strip] = [page.current, dock.current];
    if (!el || !strip) return;
    let split = false;
    // Where the page was scrolled while split: when the last notice goes, the split ends at once
    // (styles.css) and the page's own scroll position is gone by the time the observer says so.
    let pageScrolled = 0;
    const onScroll = () => {
      if (split && el.scrollHeight > el.clientHeight) pageScrolled = el.scrollTop;
    };
    const observer = new ResizeObserver(() => {
      const next = strip.getBoundingClientRect().height > 0;
      if (next !== split) {
        const scrolled = next ? window.scrollY : pageScrolled;
        pageScrolled = scrolled;
        split = next;
        // Called before the frame is painted: the new layout shows at once, scrolled where it was.
        flushSync(() => setDocked(next));
        if (next) el.scrollTo(0, scrolled);
        else window.scrollTo(0, scrolled);
      }
      const focused = document.activeElement;
      if (next && focused instanceof HTMLElement && el.contains(focused) && focused !== el) {
        const [f, area] = [focused.getBoundingClientRect(), el.getBoundingClientRect()];
        if (f.height < area.height && (f.bottom > area.bottom || f.top < area.top)) focused.scrollIntoView({ block: 'nearest' });
      }
    });
    observer.observe(strip);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, [page, dock, shown]);
  return docked;
}
