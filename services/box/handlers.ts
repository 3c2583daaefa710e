import type { boxCalls } from '../../shared/contract/box';
import type { Handlers } from '../../shared/contract/dispatch';
import type { ServiceDeps } from '../deps';
import type { DemoBox } from './demo';
import { servicePackageHandlers } from './package-handlers';
import { boxStatus } from './status';
import { progressReporter } from './waiting';

export type BoxHandlers = Pick<Handlers, keyof typeof boxCalls>;

/** The box handlers: status of any box, and the demo box inside the app. */
export function boxHandlers(deps: ServiceDeps, demo: DemoBox): BoxHandlers {
  deps.onDispose(async () => {
    await demo.stop();
  });
  return {
    ...servicePackageHandlers(),
    'box.status': (req, ctx) => boxStatus(req.url, { demoUrl: demo.url(), signal: ctx.signal, onWaiting: progressReporter(ctx).waiting }),
    'demo.start': () => demo.start(),
    'demo.stop': async () => ({ stopped: await demo.stop() }),
    'demo.status': () => ({ running: demo.url() !== null, url: demo.url() }),
  };
}
