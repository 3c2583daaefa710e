import { useEffect, useState } from 'react';
import type { MeasuredPace } from './estimate';
import { useApi } from './api';

export type BoxPaces = { download: MeasuredPace | null; upload: MeasuredPace | null; archive: MeasuredPace | null };

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

/** Bytes per second of one measured transfer, or none. */
const speed = (p: MeasuredPace | null | undefined) => (p && p.bytes > 0 && p.seconds > 0 ? p.bytes / p.seconds : undefined);

/**
 * The stages' known speeds for the rate meter: a restore's upload from this box's last upload (else
 * its last download), its read-back from its last download (else upload); an archive's download.
 */
export function paceSeeds(pace: BoxPaces | null): Record<string, number> {
  const up = speed(pace?.upload) ?? speed(pace?.download);
  const down = speed(pace?.download) ?? speed(pace?.upload);
  return Object.fromEntries(Object.entries({ uploading: up, verifying: down, downloading: down }).filter((e): e is [string, number] => e[1] !== undefined));
}
