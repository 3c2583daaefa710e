import type { drivesCalls } from '../../../shared/contract/drives';
import type { Handlers } from '../../../shared/contract/dispatch';
import type { ServiceDeps } from '../deps';

export type DrivesHandlers = Pick<Handlers, keyof typeof drivesCalls>;

/** The drives handlers, bound to their services. */
export function drivesHandlers(deps: ServiceDeps): DrivesHandlers {
  void deps;
  return {};
}
