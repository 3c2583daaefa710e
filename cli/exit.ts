import type { ErrorCode } from '../shared/errors';

/**
 * Exit statuses, documented in the README. 0 ok; 1 "checked and not ok" (verify found a bad
 * archive); 2 usage; then one status per family of failure so scripts can tell them apart.
 */
export const EXIT = {
  ok: 0,
  notOk: 1,
  usage: 2,
  mnemonic: 3,
  archive: 4,
  box: 5,
  destination: 6,
  cancelled: 130,
  internal: 70,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'mnemonic-invalid':
    case 'mnemonic-mismatch':
      return EXIT.mnemonic;
    case 'archive-invalid':
    case 'archive-corrupt':
    case 'archive-incomplete':
    case 'archive-unreadable':
    case 'not-found':
    case 'permission-denied':
      return EXIT.archive;
    case 'box-url-invalid':
    case 'box-unreachable':
    case 'box-not-rendezvous':
    case 'box-timeout':
    case 'service-missing':
    case 'service-not-answering':
    case 'backup-not-found':
    case 'backup-exists-different':
    case 'box-error':
    case 'box-reply-invalid':
    case 'box-connection-lost':
    case 'box-busy':
    case 'lock-unusable':
    case 'file-not-carried':
      return EXIT.box;
    case 'destination-missing':
    case 'destination-read-only':
    case 'destination-full':
    case 'destination-removed':
    case 'write-failed':
    case 'not-recorded':
    case 'verify-failed':
    case 'eject-failed':
      return EXIT.destination;
    case 'path-invalid':
    case 'invalid-request':
      return EXIT.usage;
    case 'cancelled':
      return EXIT.cancelled;
    case 'unsupported':
    case 'internal':
      return EXIT.internal;
  }
}
