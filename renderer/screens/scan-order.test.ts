import { describe, expect, it } from 'vitest';
import { orderScanRows } from './ScanResults';

const item = (name: string, status: 'ok' | 'corrupt' | 'invalid' = 'ok') => ({
  path: `/home/me/Fifty/${name}`,
  status,
  backupId: 'cpFczDrz',
  createdAt: '2026-12-07T12:33:49.586Z',
  size: 54784,
  problems: status === 'ok' ? 0 : 1,
  reason: status === 'ok' ? null : 'damaged',
});

describe('the rows of a folder scan', () => {
  it('list the same way whatever order the scan finished them in: problems first, then copies of one moment by file name', () => {
    const names = ['idbox-c-3.idbox', 'idbox-c-1.idbox', 'idbox-c-4.idbox', 'idbox-c-2.idbox'];
    const finished = [item(names[0]!), item('idbox-bad-2.idbox', 'corrupt'), item(names[1]!), item('idbox-bad-1.idbox', 'invalid'), item(names[2]!), item(names[3]!)];
    const expected = ['idbox-bad-1.idbox', 'idbox-bad-2.idbox', 'idbox-c-1.idbox', 'idbox-c-2.idbox', 'idbox-c-3.idbox', 'idbox-c-4.idbox'];
    expect(orderScanRows([...finished], 'status', false).map((i) => i.path.split('/').pop())).toEqual(expected);
    expect(orderScanRows([...finished].reverse(), 'status', false).map((i) => i.path.split('/').pop())).toEqual(expected);
  });
});
