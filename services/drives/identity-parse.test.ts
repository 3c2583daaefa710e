import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as plist from 'plist';
import { describe, expect, it } from 'vitest';
import { diskutilIdentity, mountFor, parseBlkidExport, parseLsblkDevice, parseMountinfo, parseWindowsVolume, superblockIdentity } from './identity-parse';

// The mountinfo fixture is written to the kernel's documented format as a Fedora laptop shows it
// (btrfs subvolumes for / and /home, one stick mounted twice); the diskutil and PowerShell
// fixtures to those tools' documented output. None was recorded on a Mac or a Windows PC here.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('Linux mount table', () => {
  const mounts = parseMountinfo(fixture('mountinfo-fedora-btrfs.txt'));

  it('reads every well-formed line, unescaping paths, and skips a broken one', () => {
    expect(mounts).toHaveLength(8);
    expect(mounts.at(-1)).toEqual({ devno: '8:33', mountPoint: '/home/ann/My Backups', fstype: 'ext4', source: '/dev/sdc1' });
  });

  it('finds the mount holding a path: the longest mount point above it, never a sibling with a longer name', () => {
    expect(mountFor('/home/ann/Backups', mounts)?.source).toBe('/dev/nvme0n1p3');
    expect(mountFor('/home/ann/My Backups/idbox', mounts)?.source).toBe('/dev/sdc1');
    expect(mountFor('/run/media/ann/KINGSTON1/x.idbox', mounts)?.mountPoint).toBe('/run/media/ann/KINGSTON1');
    expect(mountFor('/run/media/ann/KINGSTON/x.idbox', mounts)?.mountPoint).toBe('/run/media/ann/KINGSTON');
    // The btrfs subvolumes for / and /home are one filesystem on one partition: same device.
    expect(mountFor('/etc', mounts)?.source).toBe(mountFor('/home/ann', mounts)?.source);
  });
});

describe('filesystem UUIDs without udev', () => {
  it('reads blkid and lsblk answers', () => {
    expect(parseBlkidExport('DEVNAME=/dev/sdb1\nLABEL=KINGSTON\nUUID=64F2-9A7B\nTYPE=exfat\n')).toEqual({ uuid: '64F2-9A7B', label: 'KINGSTON' });
    expect(parseBlkidExport('DEVNAME=/dev/loop0\nTYPE=squashfs\n')).toEqual({ uuid: null, label: null });
    expect(parseLsblkDevice('{"blockdevices":[{"path":"/dev/sdb1","uuid":null,"label":null,"pkname":"sdb"}]}')).toEqual({ uuid: null, label: null, parent: 'sdb' });
  });

  const ext4 = (() => {
    try {
      execFileSync('which', ['mkfs.ext4', 'blkid'], { stdio: 'pipe' });
      return null;
    } catch {
      return 'mkfs.ext4 or blkid is missing';
    }
  })();
  if (ext4) console.log(`superblock read of a real ext4 image skipped: ${ext4}`);
  it.skipIf(ext4 !== null)('reads an ext4 superblock as blkid does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idbox-sb-'));
    try {
      const image = join(dir, 'fs.img');
      execFileSync('truncate', ['-s', '4M', image]);
      execFileSync('mkfs.ext4', ['-q', '-F', '-L', 'KINGSTON', image], { stdio: 'pipe' });
      const blkid = parseBlkidExport(execFileSync('blkid', ['-o', 'export', image], { encoding: 'utf8' }));
      const head = readFileSync(image).subarray(0, 0x10200);
      expect(superblockIdentity(head)).toEqual({ uuid: blkid.uuid, label: 'KINGSTON', fstype: 'ext4' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads FAT32, exFAT and NTFS serials in blkid\'s spelling; anything else is null', () => {
    const boot = (fill: (b: Buffer) => void) => {
      const b = Buffer.alloc(0x10200);
      fill(b);
      b.writeUInt16LE(0xaa55, 510);
      return b;
    };
    const fat32 = boot((b) => {
      b.write('MSDOS5.0', 3, 'latin1');
      b.writeUInt32LE(0x64f29a7b, 0x43);
      b.write('KINGSTON   ', 0x47, 'latin1');
      b.write('FAT32   ', 0x52, 'latin1');
    });
    expect(superblockIdentity(fat32)).toEqual({ uuid: '64F2-9A7B', label: 'KINGSTON', fstype: 'vfat' });
    const exfat = boot((b) => {
      b.write('EXFAT   ', 3, 'latin1');
      b.writeUInt32LE(0x1a2b3c4d, 100);
    });
    expect(superblockIdentity(exfat)).toMatchObject({ uuid: '1A2B-3C4D', fstype: 'exfat' });
    const ntfs = boot((b) => {
      b.write('NTFS    ', 3, 'latin1');
      Buffer.from('0123456789abcdef', 'hex').copy(b, 0x48);
    });
    expect(superblockIdentity(ntfs)).toMatchObject({ uuid: 'EFCDAB8967452301', fstype: 'ntfs' });
    expect(superblockIdentity(Buffer.alloc(0x10200))).toBeNull();
    expect(superblockIdentity(Buffer.alloc(10))).toBeNull();
  });
});

describe('macOS (diskutil info -plist PATH)', () => {
  it('names a stick by its volume UUID and its whole disk', () => {
    expect(diskutilIdentity(plist.parse(fixture('diskutil-info-path-usb-stick.plist')))).toEqual({
      uuid: '0E5D3B40-3A2C-3F0E-9A50-6D1C0B6F1A21',
      label: 'KINGSTON',
      mountPoint: '/Volumes/KINGSTON',
      disk: 'disk4',
      diskLabel: 'Kingston DataTraveler 3.0',
    });
  });
  it('puts an APFS volume on its physical store, not on the synthesized container disk', () => {
    expect(diskutilIdentity(plist.parse(fixture('diskutil-info-path-apfs-data.plist')))).toMatchObject({ disk: 'disk0', label: 'Macintosh HD - Data' });
    expect(diskutilIdentity({ nothing: true })).toBeNull();
  });
});

describe('Windows (logical disk + partition)', () => {
  it('names a volume by its serial and its physical drive', () => {
    expect(parseWindowsVolume(fixture('win-volume-d.json'))).toEqual({ uuid: '64F29A7B', label: 'KINGSTON', mountPoint: 'D:\\', disk: 'PhysicalDrive1', diskLabel: 'Kingston DataTraveler 3.0' });
  });
  it('gives a network share (serial 00000000, no disk) no identity but its letter', () => {
    expect(parseWindowsVolume(fixture('win-volume-network.json'))).toEqual({ uuid: null, label: 'Share', mountPoint: 'Z:\\', disk: 'Z:', diskLabel: null });
  });
});
