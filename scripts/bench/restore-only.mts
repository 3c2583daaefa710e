import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from './measure';
import { benchRestore } from './restore';
// One restore row against the `idbox` given (another tree's bin/idbox.mjs: the code before a change).
const [bin, mb = '50', rounds = '3'] = process.argv.slice(2);
const root = mkdtempSync(join(tmpdir(), 'idbox-bench-restore-'));
try {
  printTable(await benchRestore(root, bin!, Number(mb), Number(rounds)));
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.exit(0);
