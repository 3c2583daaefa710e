import type { restoreCalls } from '../../../shared/contract/restore';
import type { Handlers } from '../../../shared/contract/dispatch';
import type { ServiceDeps } from '../deps';

export type RestoreHandlers = Pick<Handlers, keyof typeof restoreCalls>;

/** The restore handlers, bound to their services. */
export function restoreHandlers(deps: ServiceDeps): RestoreHandlers {
  void deps;
  return {};
}
