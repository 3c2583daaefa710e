import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPaceRecord } from './pace-record';

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'idbox-pace-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the record of how fast each box was', () => {
  it('keeps the last transfer of each kind per box, for the next estimate', async () => {
    const paces = createPaceRecord(dataDir());
    await paces.note('http://127.0.0.1:3100', 'download', { bytes: 300_000, seconds: 7.5 });
    await paces.note('http://127.0.0.1:3100', 'upload', { bytes: 281_000, seconds: 34 });
    const got = await paces.get('http://127.0.0.1:3100');
    expect(got.download).toMatchObject({ bytes: 300_000, seconds: 7.5 });
    expect(got.upload).toMatchObject({ bytes: 281_000, seconds: 34 });
    expect(await paces.get('http://127.0.0.1:9')).toEqual({});
  });

  it('ignores a transfer that moved nothing, and keeps at most 50 boxes, the most recently measured', async () => {
    const paces = createPaceRecord(dataDir());
    await paces.note('http://127.0.0.1:1', 'download', { bytes: 0, seconds: 2 });
    await paces.note('http://127.0.0.1:1', 'download', null);
    expect(await paces.get('http://127.0.0.1:1')).toEqual({});
    for (let i = 0; i < 55; i++) await paces.note(`http://127.0.0.1:${2000 + i}`, 'archive', { bytes: 1000, seconds: 1 });
    expect(await paces.get('http://127.0.0.1:2054')).not.toEqual({});
    const kept = await Promise.all(Array.from({ length: 55 }, (_, i) => paces.get(`http://127.0.0.1:${2000 + i}`)));
    expect(kept.filter((k) => k.archive).length).toBe(50);
  });
});
