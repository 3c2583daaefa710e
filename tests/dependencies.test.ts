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

describe('production dependencies', () => {
  const sources = ['services', 'host', 'electron', 'cli', 'shared', 'box', 'bin'].flatMap((d) => runtimeSources(join(root, d))).join('\n');

  it.each(Object.keys(pkg.dependencies))('%s is imported by run-time code and explained in the README', (name) => {
    expect(sources, `${name} is not imported by run-time code: make it a dev dependency`).toMatch(new RegExp(`(from |import\\()['"]${name.replace('/', '\\/')}(/[^'"]*)?['"]`));
    expect(readme, `${name} is missing from the README's Dependencies table`).toContain(`| \`${name}\` |`);
  });
});
