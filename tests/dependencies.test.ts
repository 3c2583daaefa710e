import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Dependency hygiene (issue #10): a production dependency is something the app, the CLI or the
// demo box loads at run time, and the README says why it is there.
const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function runtimeSources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'backup-service') continue; // the backup-service ships its own bundle
    if (statSync(full).isDirectory()) runtimeSources(full, out);
    else if (/\.(ts|tsx|mjs)$/.test(name) && !/\.test\.ts$/.test(name) && !name.includes('fixtures')) out.push(readFileSync(full, 'utf8'));
  }
  return out;
}

// Native helpers that another dependency loads by itself when present (never imported by our code).
const LOADED_BY: Record<string, string> = { bufferutil: 'ws' };

describe('production dependencies', () => {
  // bin/idbox.mjs builds the CLI on first run with scripts/node-build.mjs (esbuild).
  const sources = [...['services', 'host', 'electron', 'cli', 'shared', 'box', 'bin'].flatMap((d) => runtimeSources(join(root, d))), readFileSync(join(root, 'scripts', 'node-build.mjs'), 'utf8')].join('\n');

  it.each(Object.keys(LOADED_BY))('%s is loaded by a dependency we have, and the README says so', (name) => {
    expect(pkg.dependencies).toHaveProperty(LOADED_BY[name]!);
    expect(readme).toMatch(new RegExp(`\\| \`${name}\` \\|[^\\n]*loaded by \`${LOADED_BY[name]}\``));
  });

  it.each(Object.keys(pkg.dependencies).filter((n) => !(n in LOADED_BY)))('%s is imported by run-time code and explained in the README', (name) => {
    expect(sources, `${name} is not imported by run-time code: make it a dev dependency`).toMatch(new RegExp(`(from |import\\()['"]${name.replace('/', '\\/')}(/[^'"]*)?['"]`));
    expect(readme, `${name} is missing from the README's Dependencies table`).toContain(`| \`${name}\` |`);
  });
});
