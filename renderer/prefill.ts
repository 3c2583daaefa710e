import type { CompanionApi } from '../shared/contract';
import { routeParam } from './router';

/**
 * The box address a screen starts with: the demo box running now when the person came from the
 * demo screen; otherwise the last real box used; otherwise a running demo box. Never an old demo
 * address (it changes on every start).
 */
export async function prefillBoxUrl(api: CompanionApi, options: { lastRealBox: boolean }): Promise<string | null> {
  const demo = async () => {
    const res = await api.invoke('demo.status', {});
    return res.ok ? res.value.url : null;
  };
  if (routeParam('box') === 'demo') return demo();
  if (options.lastRealBox) {
    const last = await api.invoke('archive.remembered', { boxUrl: '' });
    if (last.ok && last.value.lastBoxUrl) return last.value.lastBoxUrl;
  }
  return demo();
}
