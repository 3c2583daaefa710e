import type { archiveCalls } from '../../../shared/contract/archive';
import type { Handlers } from '../../../shared/contract/dispatch';
import type { ServiceDeps } from '../deps';

export type ArchiveHandlers = Pick<Handlers, keyof typeof archiveCalls>;

/** The archive handlers, bound to their services. */
export function archiveHandlers(deps: ServiceDeps): ArchiveHandlers {
  void deps;
  return {};
}
