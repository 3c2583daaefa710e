import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The project's import graph, every kind of import counted: static, type-only, re-exports and
 * dynamic import(). Lint's import-x/no-cycle skips type-only imports, so this graph is what proves
 * "no cycle between files anywhere" (tests/import-graph.test.ts).
 */
export type Sources = Map<string, string>; // repository-relative path -> text

const CODE = /\.(ts|tsx|mts)$/;
const SKIP = new Set(['node_modules', 'dist', 'dist-electron', 'dist-node', 'dist-box', 'release', 'test-results', 'playwright-report', '.tmp', '.git']);

/** Every TypeScript file of ours under `root` (bounded: at most 5,000 files, 12 folders deep). */
export function projectSources(root: string): Sources {
  const out: Sources = new Map();
  const walk = (dir: string, depth: number) => {
    if (depth > 12 || out.size >= 5000) return;
    for (const name of readdirSync(dir).sort()) {
      if (SKIP.has(name) || name.startsWith('.')) continue;
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full, depth + 1);
      else if (CODE.test(name) && !name.endsWith('.d.ts')) out.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(root, 0);
  return out;
}

/** The files of `sources` that `file` imports (relative specifiers resolved as TypeScript does). */
export function importsOf(file: string, sources: Sources): string[] {
  const info = ts.preProcessFile(sources.get(file) ?? '', true, true);
  const found = new Set<string>();
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = join(dirname(file), fileName).replace(/\.(m?js)$/, '');
    const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, join(base, 'index.ts'), join(base, 'index.tsx')];
    const hit = candidates.find((c) => sources.has(c));
    if (hit) found.add(hit);
  }
  return [...found];
}

/** Every cycle (strongly connected component of more than one file, or a file importing itself), each sorted. */
export function findCycles(sources: Sources): string[][] {
  const graph = new Map([...sources.keys()].map((f) => [f, importsOf(f, sources)] as const));
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.next < edges.length) {
        const to = edges[top.next++]!;
        if (!idx.has(to)) {
          idx.set(to, index);
          low.set(to, index++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, idx.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === idx.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        if (component.length > 1 || edges.includes(top.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
