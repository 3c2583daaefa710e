/** Backup ids are capabilities: logs and reports show only their first 8 characters. */
export function redactId(backupId: string): string {
  return backupId.length <= 8 ? backupId : `${backupId.slice(0, 8)}…`;
}
