/** Names the cloud service that syncs a folder, judged from its path; null when none is recognised. */
const SERVICES: [RegExp, string][] = [
  [/[\\/]Dropbox( \([^)]*\))?([\\/]|$)/i, 'Dropbox'],
  [/[\\/](iCloud Drive|iCloudDrive|Mobile Documents)([\\/]|$)/i, 'iCloud Drive'],
  [/[\\/](Google Drive|GoogleDrive|My Drive)([\\/]|$)|[\\/]CloudStorage[\\/]GoogleDrive/i, 'Google Drive'],
  [/[\\/]OneDrive( - [^\\/]*)?([\\/]|$)|[\\/]CloudStorage[\\/]OneDrive/i, 'OneDrive'],
  [/[\\/](pCloud Drive|Nextcloud|ownCloud|MEGA|Box Sync|Sync)([\\/]|$)/i, 'a cloud sync service'],
];

export function cloudSyncedBy(path: string): string | null {
  for (const [re, name] of SERVICES) if (re.test(path)) return name;
  return null;
}
