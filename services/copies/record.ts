import { stat } from 'node:fs/promises';
import type { Catalog } from '../archive/catalog';
import type { VerifyLine } from '../inspect/verify';

/**
 * `idbox verify --record`: writes each outcome into the catalog, for archives the catalog already
 * knows (a support stick's thousands of archives are not adopted). A file that is gone is not
 * recorded as a failure: a removed stick is not a failing one. Returns how many were recorded.
 */
export async function recordOutcomes(catalog: Catalog, outcomes: Pick<VerifyLine, 'path' | 'ok' | 'reason' | 'intact' | 'status' | 'counts'>[], now = () => new Date()): Promise<number> {
  const known = new Set((await catalog.list()).map((e) => e.path));
  let recorded = 0;
  for (const o of outcomes) {
    if (!known.has(o.path)) continue;
    if (!o.intact && !(await stat(o.path).then((s) => s.isFile(), () => false))) continue;
    // Intact but incomplete is the backup's state, not a failing stick: the verdict is recorded, not a failure.
    const content = { status: o.status, ...o.counts };
    await catalog.recordCheck(o.path, { at: now().toISOString(), failure: o.intact ? null : `It did not read back intact (${o.reason ?? 'unreadable'}).`, content });
    recorded += 1;
  }
  return recorded;
}
