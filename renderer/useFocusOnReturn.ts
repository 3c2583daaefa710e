import { useEffect, useRef } from 'react';

/**
 * A form kept behind a progress, error or confirmation screen: when that screen goes away (its
 * button unmounted with it), the focus goes to the form's heading instead of being lost to the
 * page, so a keyboard user carries on from the top of the form.
 */
export function useFocusOnReturn<T extends HTMLElement>(frontShown: boolean) {
  const heading = useRef<T>(null);
  const wasShown = useRef(false);
  useEffect(() => {
    if (wasShown.current && !frontShown) heading.current?.focus();
    wasShown.current = frontShown;
  }, [frontShown]);
  return heading;
}
