import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linuxDisk, type LinuxCtx } from './identity';

// A made-up sysfs shaped as the kernel lays it out: an NVMe SSD with two partitions, the second
// one under LUKS (device-mapper), and a USB disk without a WWID.
const sys = mkdtempSync(join(tmpdir(), 'idbox-sysfs-'));
afterAll(() => rmSync(sys, { recursive: true, force: true }));
const dev = (rel: string, files: Record<string, string> = {}) => {
  const dir = join(sys, 'devices', rel);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(join(sys, 'class', 'block'), { recursive: true });
  symlinkSync(dir, join(sys, 'class', 'block', rel.split('/').at(-1)!));
  return dir;
};
dev('pci0000:00/nvme/nvme0/nvme0n1', { wwid: 'eui.002538b711b3c4d5\n', 'device/model': 'Samsung SSD 980 PRO 1TB     \n' });
dev('pci0000:00/nvme/nvme0/nvme0n1/nvme0n1p2', { partition: '2\n' });
dev('pci0000:00/nvme/nvme0/nvme0n1/nvme0n1p3', { partition: '3\n' });
dev('virtual/block/dm-0', { 'slaves/nvme0n1p3': '' });
dev('pci0000:00/usb2/2-1/host6/target6:0:0/6:0:0:0/block/sdb', { 'device/model': 'Elements 25A3   \n' });
dev('pci0000:00/usb2/2-1/host6/target6:0:0/6:0:0:0/block/sdb/sdb1', { partition: '1\n' });
const ctx = (): LinuxCtx => ({ sys, mounts: [], fs: new Map(), disks: new Map() });

describe('the physical disk under a filesystem (Linux sysfs)', () => {
  it('puts two partitions of one SSD, and a LUKS volume on it, on the same disk', async () => {
    const ssd = { id: 'disk:eui.002538b711b3c4d5', label: 'Samsung SSD 980 PRO 1TB' };
    expect(await linuxDisk('nvme0n1p2', ctx())).toEqual(ssd);
    expect(await linuxDisk('nvme0n1p3', ctx())).toEqual(ssd);
    expect(await linuxDisk('dm-0', ctx())).toEqual(ssd);
  });
  it('names a disk without a WWID by its kernel name, and its model', async () => {
    expect(await linuxDisk('sdb1', ctx())).toEqual({ id: 'disk:sdb', label: 'Elements 25A3' });
  });
});
