/**
 * The closed list of error codes that may cross a boundary (IPC, browser host, CLI).
 * The renderer turns each code into a sentence and a next step (renderer/errors.ts);
 * the CLI prints the message and maps the code to an exit status.
 * Add a code here only together with its sentence in renderer/errors.ts.
 */
export const ERROR_CODES = [
  // generic
  'invalid-request', // a payload failed its schema
  'internal', // a bug: something we did not expect
  'cancelled', // the user (or a caller) cancelled
  'unsupported', // not available on this platform or host
  'not-found', // a file or folder that does not exist
  'path-invalid', // a typed path that cannot be used as it is (not a full path, not a place on a disk)
  'permission-denied', // the OS refused access
  // the box
  'box-url-invalid',
  'box-unreachable',
  'box-not-rendezvous',
  'box-timeout',
  'service-missing', // identity-box.backup-service not registered on the box
  'service-not-answering', // registered but stopped: the box answered, the service did not
  'backup-not-found',
  'backup-exists-different',
  'box-error', // the box answered with an error message
  'box-reply-invalid',
  'box-connection-lost',
  'box-busy', // another program on this computer kept the box busy for too long
  'lock-unusable', // this computer's box lock (file or folder) cannot be used: never the box's fault
  'file-not-carried', // a file of the box's backup has a name that is not one safe path component
  // archives
  'archive-invalid', // not an .idbox archive, or a malformed one
  'archive-corrupt', // a checksum does not match
  'archive-incomplete', // intact, but the backup inside lacks files it needs to bring the identities back
  'archive-unreadable', // the archive file stopped being readable while in use (its stick pulled out, a failing disk)
  // destinations and disks
  'destination-missing',
  'destination-read-only',
  'destination-full',
  'destination-removed',
  'write-failed',
  'not-recorded', // a verified archive is there, but the app's list of archives could not take it (yet)
  'verify-failed',
  'eject-failed',
  // the mnemonic
  'mnemonic-invalid',
  'mnemonic-mismatch',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  /** A plain sentence a non-engineer understands. Never contains a secret or a full backup id. */
  message: string;
  /** Optional machine-readable detail (never secrets). */
  detail?: Record<string, string | number | boolean | null>;
}

/** The one error type our services throw; everything else is wrapped as 'internal'. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: AppErrorData['detail'];
  constructor(code: ErrorCode, message: string, detail?: AppErrorData['detail'], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }
  toData(): AppErrorData {
    return this.detail ? { code: this.code, message: this.message, detail: this.detail } : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turn anything thrown into error data that is safe to send across a boundary. */
export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  if (isAbortError(err)) return { code: 'cancelled', message: 'The operation was cancelled.' };
  return { code: 'internal', message: 'Something unexpected went wrong inside the app. Nothing was changed; please try again.' };
}

export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'name' in err && (err as { name: unknown }).name === 'AbortError';
}

/** For impossible states in exhaustive switches. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${String(value)}`);
}

export function strictAssert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}
