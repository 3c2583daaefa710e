import type { boxCalls } from '../../shared/contract/box';
import type { Handlers } from '../../shared/contract/dispatch';
import type { ServiceDeps } from '../deps';
import type { DemoBox } from './demo';
import { servicePackageHandlers } from './package-handlers';
import { createPaceRecord, type Pace } from './pace-record';
import { normalizeBoxUrl } from './url';
import { boxStatus } from './status';
import { progressReporter } from './waiting';

export type BoxHandlers = Pick<Handlers, keyof typeof boxCalls>;

/** The box handlers: status of any box, and the demo box inside the app. */
export function boxHandlers(deps: ServiceDeps, demo: DemoBox): BoxHandlers {
  deps.onDispose(async () => {
    await demo.stop();
  });
  const paces = createPaceRecord(deps.dataDir);
  return {
    ...servicePackageHandlers(),
    'box.status': (req, ctx) => boxStatus(req.url, { demoUrl: demo.url(), signal: ctx.signal, onWaiting: progressReporter(ctx).waiting }),
    'box.pace': async (req) => {
      const pace = await paces.get(normalizeBoxUrl(req.url));
      const out = (p: Pace | undefined) => (p ? { bytes: p.bytes, seconds: p.seconds } : null);
      return { download: out(pace.download), upload: out(pace.upload), archive: out(pace.archive) };
    },
    'demo.start': () => demo.start(),
    'demo.stop': async () => ({ stopped: await demo.stop() }),
    'demo.status': () => ({ running: demo.url() !== null, url: demo.url() }),
  };
}
