import { useEffect, useState } from 'react';
import type { BoxPaces } from '../shared/pace';
import { useApi } from './api';

export { paceSeeds, type BoxPaces } from '../shared/pace';

/** This box's last measured speeds (box.pace), asked again when `refresh` changes (after an archive or restore). */
export function useBoxPace(boxUrl: string | null, refresh = 0): BoxPaces | null {
  const api = useApi();
  const [pace, setPace] = useState<{ url: string; pace: BoxPaces } | null>(null);
  useEffect(() => {
    if (!boxUrl) return;
    let alive = true;
    void api.invoke('box.pace', { url: boxUrl }).then((res) => alive && res.ok && setPace({ url: boxUrl, pace: res.value }));
    return () => {
      alive = false;
    };
  }, [api, boxUrl, refresh]);
  return boxUrl && pace?.url === boxUrl ? pace.pace : null;
}
