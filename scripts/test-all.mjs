// `npm test`: every check CI runs, in order, with one summary line at the end:
//   typecheck (node, web, e2e) -> lint -> unit + integration (vitest) -> build + e2e (Playwright).
// Each typecheck and lint counts as one check; test runners contribute their own counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '..');
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${title}: ${res.status === 0 ? 'ok' : `exit ${res.status ?? res.signal}`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return res.status === 0;
}

function check(title, cmd, args) {
  const ok = step(title, cmd, args);
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(title);
  }
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json']);
check('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json']);
check('typecheck (e2e)', bin('tsc'), ['-p', 'tsconfig.e2e.json']);
check('lint', bin('eslint'), ['.', '--max-warnings', '0']);

const vitestJson = join(tmp, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestOk = step('unit + integration tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + v.numTodoTests;
  if (v.numFailedTests > 0) failures.push(`vitest: ${v.numFailedTests} failed`);
}
if (!vitestOk && (!v || v.numFailedTests === 0)) {
  totals.failed += 1;
  failures.push('vitest run failed (see above)');
}

if (check('build the renderer', process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'])) {
  const pwJson = join(tmp, 'playwright.json');
  rmSync(pwJson, { force: true });
  const pwOk = step('end-to-end tests (Playwright)', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  const p = readJson(pwJson);
  if (p?.stats) {
    totals.passed += p.stats.expected + p.stats.flaky;
    totals.failed += p.stats.unexpected;
    totals.skipped += p.stats.skipped;
    if (p.stats.unexpected > 0) failures.push(`playwright: ${p.stats.unexpected} failed`);
  }
  if (!pwOk && (!p?.stats || p.stats.unexpected === 0)) {
    totals.failed += 1;
    failures.push('playwright run failed (see above)');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
if (!existsSync('/usr/bin/chromium')) console.log('Note: /usr/bin/chromium is missing; install Debian\'s chromium (see .ci/run).');
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
