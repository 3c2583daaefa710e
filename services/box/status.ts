import type { BoxStatus } from '../../shared/contract/box';
import { AppError, toErrorData } from '../../shared/errors';
import { createBoxClient } from './client';
import type { Timeouts } from './session';

/**
 * Everything the screens show about a box: the address, the rendezvous, then each service on its
 * own. An archive needs only the backup-service, so it is asked first and its problem is the
 * status's `problem`; the identity-service (which the phone's restore step needs) is reported
 * apart, in `identityProblem`, and never hides a working backup-service.
 */
export async function boxStatus(
  input: string,
  options: { demoUrl?: string | null; signal?: AbortSignal; timeouts?: Partial<Timeouts>; onWaiting?: () => void } = {},
): Promise<BoxStatus> {
  const status: BoxStatus = {
    url: input,
    demo: false,
    reachable: false,
    rendezvousVersion: null,
    identityService: null,
    identityProblem: null,
    backupService: null,
    problem: null,
  };
  const rethrowCancel = (err: unknown) => {
    if (err instanceof AppError && err.code === 'cancelled') throw err;
  };
  let client;
  try {
    client = createBoxClient(input, { replyMs: 15_000, ...options.timeouts }, { onWaiting: options.onWaiting });
    status.url = client.url;
    status.demo = options.demoUrl === client.url;
    status.rendezvousVersion = await client.checkRendezvous(options.signal);
    status.reachable = true;
  } catch (err) {
    rethrowCancel(err);
    status.problem = toErrorData(err);
    return status;
  }
  try {
    const about = await client.backupServiceAbout(options.signal);
    const counts = await client.backupStatus(options.signal);
    status.backupService = { installed: true, version: about.version, formatVersion: about.formatVersion, ...counts };
  } catch (err) {
    rethrowCancel(err);
    if (err instanceof AppError && err.code === 'service-missing') {
      status.backupService = { installed: false, version: null, formatVersion: null, count: null, newest: null };
    }
    status.problem = toErrorData(err);
    // This computer's lock cannot be used: every service would fail the same way, and none of it
    // is the box's doing, so nothing is said about the box's services.
    if (err instanceof AppError && err.code === 'lock-unusable') return status;
  }
  try {
    status.identityService = { version: (await client.identityAbout(options.signal)).version };
  } catch (err) {
    rethrowCancel(err);
    status.identityProblem = toErrorData(err);
  }
  // Both services silent in the same way (each registered, neither answering): one stopped service
  // is rare, two at once point to what they share, the box's service manager or the box itself.
  if (status.problem?.code === 'service-not-answering' && status.identityProblem?.code === 'box-timeout') {
    status.problem = {
      code: 'box-timeout',
      message: `Your box at ${new URL(status.url).host} accepted the connection, but none of its services answered: the box's service manager (box-office) or the box itself is probably stuck. Restart the box, then try again.`,
    };
    status.identityProblem = null;
  }
  return status;
}
