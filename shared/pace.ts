/** One measured transfer of a box: `bytes` took `seconds` (the data folder's box-pace.json). */
export interface MeasuredPace {
  bytes: number;
  seconds: number;
}

/** A box's last measured transfers, each kind when known. */
export type BoxPaces = { download: MeasuredPace | null; upload: MeasuredPace | null; archive: MeasuredPace | null };

/** Bytes per second of one measured transfer, or none. */
const speed = (p: MeasuredPace | null | undefined) => (p && p.bytes > 0 && p.seconds > 0 ? p.bytes / p.seconds : undefined);

/**
 * The stages' known speeds for the rate meter (shared/rate.ts), for a time left that starts from
 * this box's real speed, on screen and in the CLI alike: a restore's upload from this box's last
 * upload (else its last download), its read-back from its last download (else upload); a pull's download.
 */
export function paceSeeds(pace: Partial<BoxPaces> | null): Record<string, number> {
  const up = speed(pace?.upload) ?? speed(pace?.download);
  const down = speed(pace?.download) ?? speed(pace?.upload);
  return Object.fromEntries(Object.entries({ uploading: up, verifying: down, downloading: down }).filter((e): e is [string, number] => e[1] !== undefined));
}
