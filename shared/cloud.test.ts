import { describe, expect, it } from 'vitest';
import { cloudSyncedBy } from './cloud';

describe('cloudSyncedBy', () => {
  it('recognises the common sync folders on each OS', () => {
    expect(cloudSyncedBy('/home/ann/Dropbox/backups')).toBe('Dropbox');
    expect(cloudSyncedBy('/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/x')).toBe('iCloud Drive');
    expect(cloudSyncedBy('/Users/ann/Library/CloudStorage/GoogleDrive-ann@example.com/My Drive')).toBe('Google Drive');
    expect(cloudSyncedBy('C:\\Users\\Ann\\OneDrive - Contoso\\Backups')).toBe('OneDrive');
    expect(cloudSyncedBy('/media/ann/USBSTICK')).toBeNull();
    expect(cloudSyncedBy('/home/ann/Documents/dropboxes')).toBeNull();
  });
});
