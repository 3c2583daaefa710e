import type { AppErrorData } from './errors';

/** What every call returns across a boundary: nothing throws across IPC, HTTP or the CLI. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppErrorData): Result<never> => ({ ok: false, error });
