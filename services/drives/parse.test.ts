import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLsblk, parseWindowsLogicalDisks } from './parse';
import { parseDiskutilInfo } from './parse-diskutil';

// lsblk-build-vm.json was recorded on this project's build machine (a VM: one virtio system
// disk). The other fixtures are written to the documented output formats of lsblk, diskutil and
// PowerShell; they were not recorded on a Mac or a Windows PC here.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('Linux (lsblk)', () => {
  it('offers nothing on a machine with only a system disk', () => {
    expect(parseLsblk(fixture('lsblk-build-vm.json'))).toEqual([]);
  });

  it('offers USB sticks and SD cards, never the system or internal disks', () => {
    const volumes = parseLsblk(fixture('lsblk-laptop-usb-sd.json'));
    expect(volumes.map((v) => v.label)).toEqual(['BACKUPSTICK', 'LOCKEDCARD', 'SDCARD']);
    expect(volumes[0]).toMatchObject({ mountPoint: '/media/ann/BACKUPSTICK', filesystem: 'exfat', writable: true, bus: 'usb', free: 30146461696, id: '64F2-9A7B' });
    expect(volumes[1]).toMatchObject({ writable: false });
    expect(volumes[2]).toMatchObject({ bus: 'sd' });
  });

  it('reads the older "0"/"1" flag format', () => {
    const old = fixture('lsblk-laptop-usb-sd.json').replace(/"rm":true/g, '"rm":"1"').replace(/"rm":false/g, '"rm":"0"');
    expect(parseLsblk(old)).toHaveLength(3);
  });
});

describe('macOS (diskutil)', () => {
  it('offers a USB stick, an SD card (read-only) and an external SSD', () => {
    expect(parseDiskutilInfo(fixture('diskutil-info-usb-stick.plist'))).toMatchObject({ label: 'BACKUPSTICK', mountPoint: '/Volumes/BACKUPSTICK', writable: true, filesystem: 'MS-DOS FAT32', bus: 'USB' });
    expect(parseDiskutilInfo(fixture('diskutil-info-sd-card-locked.plist'))).toMatchObject({ label: 'CAMERA', writable: false });
    expect(parseDiskutilInfo(fixture('diskutil-info-usb-apfs-ssd.plist'))).toMatchObject({ label: 'T7', free: 900000000000 });
  });

  it('never offers the system volume or the APFS data volume', () => {
    expect(parseDiskutilInfo(fixture('diskutil-info-internal-system.plist'))).toBeNull();
    expect(parseDiskutilInfo(fixture('diskutil-info-apfs-data.plist'))).toBeNull();
  });
});

describe('Windows (CIM)', () => {
  it('offers removable drives with a filesystem, never C: or network shares', () => {
    const volumes = parseWindowsLogicalDisks(fixture('win-logicaldisk.json'));
    expect(volumes.map((v) => v.mountPoint)).toEqual(['D:\\', 'E:\\']);
    expect(volumes[1]).toMatchObject({ writable: false, label: 'LOCKEDCARD' });
  });

  it('accepts the single-object form ConvertTo-Json prints for one disk', () => {
    expect(parseWindowsLogicalDisks(JSON.stringify({ DeviceID: 'D:', VolumeName: 'X', DriveType: 2, FileSystem: 'FAT32', Size: 1, FreeSpace: 1 }))).toHaveLength(1);
  });
});
