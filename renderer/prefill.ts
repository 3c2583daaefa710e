import type { CompanionApi } from '../shared/contract';
import { routeParam } from './router';

/**
 * The box address a screen starts with: the box a link named (`?box=URL`, or `?box=demo` for the
 * demo box running now); otherwise the last real box used; otherwise a running demo box. Never an old demo
 * address (it changes on every start).
 */
export async function prefillBoxUrl(api: CompanionApi, options: { lastRealBox: boolean }): Promise<string | null> {
  const demo = async () => {
    const res = await api.invoke('demo.status', {});
    return res.ok ? res.value.url : null;
  };
  const asked = routeParam('box');
  if (asked === 'demo') return demo();
  // A notice's "Check box" names the box to check.
  if (asked && /^https?:\/\//.test(asked)) return asked;
  if (options.lastRealBox) {
    const last = await api.invoke('archive.remembered', { boxUrl: '' });
    if (last.ok && last.value.lastBoxUrl) return last.value.lastBoxUrl;
  }
  return demo();
}

/**
 * The box a restore of this archive starts with: the box a link named; for a demo archive the demo
 * box running now; otherwise the box the archive came from, else the last real box used. Never
 * the demo box for a real archive (a real backup "restored" into the demo is not on the person's box).
 */
export async function restorePrefill(api: CompanionApi, archive: { demo: boolean; sourceBox: string | null }): Promise<string | null> {
  const asked = routeParam('box');
  if (asked) return prefillBoxUrl(api, { lastRealBox: false });
  if (archive.demo) {
    const res = await api.invoke('demo.status', {});
    return res.ok ? res.value.url : null;
  }
  if (archive.sourceBox) return archive.sourceBox;
  const last = await api.invoke('archive.remembered', { boxUrl: '' });
  return last.ok && last.value.lastBoxUrl ? last.value.lastBoxUrl : null;
}
