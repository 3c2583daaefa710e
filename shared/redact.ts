/** Backup ids are capabilities: logs and reports show only their first 8 characters. */
export function redactId(backupId: string): string {
  return backupId.length <= 8 ? backupId : `${backupId.slice(0, 8)}…`;
}

/** A whole 86-character backup id inside text (a path, a message), bounded by non-id characters. */
const ID_IN_TEXT = /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{8})[A-Za-z0-9_-]{78}(?![A-Za-z0-9_-])/g;

/** Shortens every backup id that appears in a path or sentence to its first 8 characters + "…". */
export function shortenIds(text: string): string {
  return text.replace(ID_IN_TEXT, '$1…');
}
