/**
 * `npm run bench`: every row of issue #11's target table (and #22's list-once pull), measured side by side in one run.
 *   npm run bench                      everything (verify at 2,000 and 20,000 archives, a 50 MB backup)
 *   npm run bench -- --count 2000 --megabytes 20 --skip start     verify at 2,000 only
 * Keys for --skip: startup seal listonce large words restore restore60 start verify
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { printTable, type Row } from './measure';
import { benchStart } from './start';
import { benchListOnce } from './list-once';
import { benchLargePull, benchStartupAndPull } from './transfer';
import { benchVerify } from './verify';
import { benchSealing } from './seal';
import { benchWordsCheck } from './words';
import { benchRestore } from './restore';

const { values } = parseArgs({
  options: {
    /** Verify at this many archives only (default: the two rows of the target table, 2,000 and 20,000). */
    count: { type: 'string' },
    /** `idbox verify --jobs` (threads; default: its own, one per core). */
    jobs: { type: 'string' },
    megabytes: { type: 'string', default: '50' },
    skip: { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean' },
  },
});
const root = mkdtempSync(join(tmpdir(), 'idbox-bench-'));
const bin = join(new URL('../..', import.meta.url).pathname, 'bin', 'idbox.mjs');
const skip = new Set(values.skip);
const rows: Row[] = [];
const loadAtStart = loadavg().map((x) => x.toFixed(2)).join(' ');
try {
  if (!skip.has('startup')) rows.push(...(await benchStartupAndPull(root, bin)));
  if (!skip.has('seal')) rows.push(...(await benchSealing(root, bin)));
  if (!skip.has('listonce')) rows.push(...(await benchListOnce(root)));
  if (!skip.has('large')) rows.push(...(await benchLargePull(root, bin, Number(values.megabytes))));
  if (!skip.has('words')) rows.push(...(await benchWordsCheck(root, bin)));
  if (!skip.has('restore')) rows.push(...(await benchRestore(root, bin, Number(values.megabytes))));
  if (!skip.has('restore') && !skip.has('restore60')) rows.push(...(await benchRestore(root, bin, 60)));
  if (!skip.has('start')) rows.push(...(await benchStart(root)));
  if (!skip.has('verify')) {
    // The targets of issue #27: 0.6x sha256sum's throughput at 2,000 archives, 1.0x at 20,000.
    const counts = values.count ? [{ count: Number(values.count), target: Number(values.count) >= 20_000 ? 1 : 0.6 }] : [{ count: 2000, target: 0.6 }, { count: 20_000, target: 1 }];
    rows.push(...(await benchVerify(root, bin, counts, values.jobs ? Number(values.jobs) : undefined)));
  }
  printTable(rows);
  console.log(`\nload average: ${loadAtStart} at the start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`);
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}
process.exit(0);
