import { AppError } from '../../shared/errors';
import { redactId } from '../../shared/redact';
import { createBoxClient, sha256Hex } from '../box/client';
import { settleBox } from '../box/transport';
import { createLogger } from '../log';

const log = createLogger('restore');

export interface PutBackOptions {
  boxUrl: string;
  backupId: string;
  version: number;
  signal?: AbortSignal;
  onProgress?: (stage: 'downloading' | 'uploading' | 'verifying', done: number, total: number | null) => void;
  onWaiting?: () => void;
}

/**
 * Puts a copy the box kept back in place: the kept version is downloaded (every file checked),
 * uploaded as the current copy (the box keeps the one it replaces in turn, so nothing is lost),
 * then read back and compared file by file.
 */
export async function putVersionBack(options: PutBackOptions): Promise<{ files: number; boxUrl: string }> {
  const progress = options.onProgress ?? (() => {});
  const client = createBoxClient(options.boxUrl, {}, { onWaiting: options.onWaiting });
  try {
    await client.checkRendezvous(options.signal);
    const kept = await client.exportBackup(options.backupId, { version: options.version, signal: options.signal, onProgress: (d, t) => progress('downloading', d, t) });
    await client.importBackup(options.backupId, kept.contents, { replace: true, signal: options.signal, onProgress: (d, t) => progress('uploading', d, t) });
    const back = await client.exportBackup(options.backupId, { signal: options.signal, onProgress: (d, t) => progress('verifying', d, t) });
    const want = new Map([...kept.contents].map(([p, d]) => [p, sha256Hex(d)]));
    if (back.files.length !== want.size || back.files.some((f) => want.get(f.path) !== f.sha256)) {
      throw new AppError('verify-failed', 'The box did not give back exactly what was put back. Try again; if it keeps failing, the box storage may be failing.');
    }
    log.info(`put version ${options.version} of ${redactId(options.backupId)} back on ${client.url}`);
    return { files: back.files.length, boxUrl: client.url };
  } catch (err) {
    if (options.signal?.aborted) {
      await settleBox(options.boxUrl);
      throw new AppError('cancelled', 'Cancelled. If the upload had not finished, the box was left as it was; otherwise it holds the copy you chose and keeps the one it replaced.');
    }
    throw err;
  }
}
