import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSettings } from './settings';

const root = mkdtempSync(join(tmpdir(), 'idbox-settings-demo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const plain = { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
const DEMO = 'D'.repeat(86);
const MINE = 'M'.repeat(86);

describe('remembered boxes', () => {
  it('remember the demo box once, at its address now: its old addresses (one per start) do not pile up', async () => {
    const settings = createSettings(root, plain);
    await settings.remember('http://127.0.0.1:41001', DEMO, true);
    await settings.remember('http://192.168.1.28:3100', MINE, false);
    await settings.remember('http://127.0.0.1:41002', DEMO, true);
    await settings.remember('http://127.0.0.1:41003', DEMO, true);
    const s = await settings.load();
    expect(Object.keys(s.remembered).sort()).toEqual(['http://127.0.0.1:41003', 'http://192.168.1.28:3100']);
    expect(await settings.rememberedBackupId('http://127.0.0.1:41003')).toBe(DEMO);
  });

  it('a real box at two addresses keeps both (the person may use either)', async () => {
    const settings = createSettings(join(root, 'real'), plain);
    await settings.remember('http://192.168.1.28:3100', MINE, false);
    await settings.remember('http://idbox.local:3100', MINE, false);
    expect(Object.keys((await settings.load()).remembered)).toHaveLength(2);
  });
});
