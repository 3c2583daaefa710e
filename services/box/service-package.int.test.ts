import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findServicePackage, saveServicePackage } from './service-package';

const dir = mkdtempSync(join(tmpdir(), 'idbox-svcpkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the box service package the box check offers', () => {
  it('is the version in box/backup-service/package.json, and "Save…" copies it byte for byte', async () => {
    const found = await findServicePackage();
    const wanted = JSON.parse(readFileSync(new URL('../../box/backup-service/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(found.version).toBe(wanted.version);
    expect(found.fileName).toBe(`identity-box-companion-backup-service-${wanted.version}.tgz`);
    const to = join(dir, found.fileName);
    await saveServicePackage(to);
    expect(readFileSync(to).equals(readFileSync(found.path))).toBe(true);
    expect(readFileSync(to).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  }, 120_000);
});
