import { useLayoutEffect, useRef } from 'react';
import { AutomationNotice } from './AutomationNotice';
import { Notifications } from './Notifications';

/**
 * The notices that float over every screen (the last automatic archive, and notifications), in
 * one dock at the bottom. It reports its height so the page can leave that much room below its
 * last control: a notice must never sit on top of "Archive now" at 720 px with no way past it.
 */
export function ToastDock({ onHeight }: { onHeight(px: number): void }) {
  const dock = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = dock.current;
    if (!el) return;
    const report = () => onHeight(Math.ceil(el.getBoundingClientRect().height));
    const observer = new ResizeObserver(report);
    observer.observe(el);
    report();
    return () => observer.disconnect();
  }, [onHeight]);
  return (
    <div className="toast-dock" ref={dock}>
      <AutomationNotice />
      <Notifications />
    </div>
  );
}
