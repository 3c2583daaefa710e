import type { boxCalls } from '../../../shared/contract/box';
import type { Handlers } from '../../../shared/contract/dispatch';
import type { ServiceDeps } from '../deps';

export type BoxHandlers = Pick<Handlers, keyof typeof boxCalls>;

/** The box handlers, bound to their services. */
export function boxHandlers(deps: ServiceDeps): BoxHandlers {
  void deps;
  return {};
}
