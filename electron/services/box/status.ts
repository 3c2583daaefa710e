import type { BoxStatus } from '../../../shared/contract/box';
import { AppError, toErrorData } from '../../../shared/errors';
import { createBoxClient } from './client';

/**
 * Everything the screens show about a box, in order: the address, the rendezvous, the
 * identity-service, our backup-service. Problems come back as data (the first one found).
 */
export async function boxStatus(input: string, options: { demoUrl?: string | null; signal?: AbortSignal } = {}): Promise<BoxStatus> {
  const status: BoxStatus = {
    url: input,
    demo: false,
    reachable: false,
    rendezvousVersion: null,
    identityService: null,
    backupService: null,
    problem: null,
  };
  try {
    const client = createBoxClient(input, { replyMs: 15_000 });
    status.url = client.url;
    status.demo = options.demoUrl === client.url;
    status.rendezvousVersion = await client.checkRendezvous(options.signal);
    status.reachable = true;
    status.identityService = { version: (await client.identityAbout(options.signal)).version };
    try {
      const about = await client.backupServiceAbout(options.signal);
      const counts = await client.backupStatus(options.signal);
      status.backupService = { installed: true, version: about.version, formatVersion: about.formatVersion, ...counts };
    } catch (err) {
      if (err instanceof AppError && err.code === 'service-missing') {
        status.backupService = { installed: false, version: null, formatVersion: null, count: null, newest: null };
      }
      throw err;
    }
  } catch (err) {
    if (err instanceof AppError && err.code === 'cancelled') throw err;
    status.problem = toErrorData(err);
  }
  return status;
}
