import type { inspectCalls } from '../../../shared/contract/inspect';
import type { Handlers } from '../../../shared/contract/dispatch';
import type { ServiceDeps } from '../deps';

export type InspectHandlers = Pick<Handlers, keyof typeof inspectCalls>;

/** The inspect handlers, bound to their services. */
export function inspectHandlers(deps: ServiceDeps): InspectHandlers {
  void deps;
  return {};
}
