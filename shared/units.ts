/**
 * Human units for amounts, rates and durations: one formatter for the app, the CLI and reports.
 * Decimal units (1 KB = 1000 bytes), as file managers and balenaEtcher show them, so "1.2 MB" here
 * matches what a person sees next to the file.
 */

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** 0 → "0 bytes", 1 → "1 byte", 999 → "999 bytes", 1234 → "1.2 KB", 312_000 → "312 KB", 1_250_000 → "1.3 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  if (bytes < 1000) {
    const n = Math.round(bytes);
    return n === 1 ? '1 byte' : `${n} bytes`;
  }
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // Three significant figures at most: "1.3 MB", "31.2 MB", "312 KB".
  const text = value < 100 ? value.toFixed(1) : Math.round(value).toString();
  return `${text.replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** A transfer rate: 40_960 → "41 KB/s". */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '?';
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** A duration in seconds, rounded for a person: 0.4 → "less than a second", 42 → "42 s", 125 → "2 min 5 s", 3700 → "1 h 2 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 1) return 'less than a second';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    const rest = s % 60;
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes === 0 ? `${hours} h` : `${hours} h ${restMinutes} min`;
}

/** "312 KB of 1.2 MB"; when the total is not known yet, just the amount so far. */
export function formatAmount(done: number, total: number | null): string {
  return total === null ? formatBytes(done) : `${formatBytes(done)} of ${formatBytes(total)}`;
}
