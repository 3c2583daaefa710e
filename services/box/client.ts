import type { z } from 'zod';
import {
  BACKUP_SERVICE,
  BackupStatus,
  HasBackup,
  IDENTITY_SERVICE,
  IdentityAbout,
  RENDEZVOUS_BANNER,
  VersionsReply,
  type BackupServiceAbout,
  type BackupVersion,
  type FileEntry,
} from '../../shared/box-protocol';
import { BackupDigestReply } from '../../shared/backup-digest';
import { AppError } from '../../shared/errors';
import { fetchBanner } from './banner';
import { oldService, runExport, type ExportOptions, type ExportSink } from './client-export';
import { importBackup, type ImportOptions } from './client-import';
import type { UploadSource } from './import-plan';
import { ExportAssembler } from './export-assembly';
import { DEFAULT_TIMEOUTS, type Timeouts } from './session';
import { createTransport } from './transport';
import { normalizeBoxUrl, schemeMismatch } from './url';

export { COMMIT_UNCONFIRMED, sha256Hex } from './client-import';
export type { ExportOptions, ExportSink } from './client-export';

/**
 * The box client: one object per box address, over the transport (./transport.ts: one request at
 * a time per box, in this process and across programs). Downloads: ./client-export.ts; uploads:
 * ./client-import.ts.
 */
export interface BoxFiles {
  files: FileEntry[];
  contents: Map<string, Buffer>;
}

export type BoxDigest = BackupDigestReply | 'unknown';

export interface BoxClient {
  readonly url: string;
  /** GET / must answer "@identity-box/rendezvous@<version>"; returns the version. */
  checkRendezvous(signal?: AbortSignal): Promise<string>;
  identityAbout(signal?: AbortSignal): Promise<z.infer<typeof IdentityAbout>>;
  hasBackup(signal?: AbortSignal): Promise<boolean>;
  /** Throws service-missing when the backup-service is not installed on the box. */
  backupServiceAbout(signal?: AbortSignal): Promise<z.infer<typeof BackupServiceAbout>>;
  backupStatus(signal?: AbortSignal): Promise<z.infer<typeof BackupStatus>>;
  /** The digest of one backup's file list (shared/backup-digest.ts); 'unknown' from a service older than the method. */
  backupDigest(backupId: string, signal?: AbortSignal): Promise<BoxDigest>;
  /** The replaced copies the box keeps of one backup, oldest first (backup-service 1.2; older ones keep none). */
  backupVersions(backupId: string, signal?: AbortSignal): Promise<BackupVersion[]>;
  /** Resolves once every request this process sent to the box has been answered (or timed out). */
  settled(): Promise<void>;
  /** Downloads a whole backup folder; every file is checked against its size and sha256. */
  /** Progress is in file bytes; total is null until the box's first reply lists the files. */
  exportBackup(backupId: string, options?: ExportOptions): Promise<BoxFiles>;
  /**
   * The same download, handing each piece to `sink` as it arrives instead of keeping the backup in
   * memory; every file is checked against its size and sha256 before this resolves.
   */
  exportBackupInto(backupId: string, sink: ExportSink, options?: ExportOptions): Promise<FileEntry[]>;
  /** Uploads a backup folder; the box commits it atomically on the final call. */
  importBackup(
    backupId: string,
    /** The backup's files in memory, or a source that reads each slice when it is sent (a restore from an archive file). */
    files: Map<string, Buffer> | UploadSource,
    options?: ImportOptions,
  ): Promise<{ written: number; unchanged: boolean }>;
}

export interface BoxClientOptions {
  /** Called when another program on this computer is using the box and this request waits. */
  onWaiting?: () => void;
  /** Longest wait for another program, per request (default: a few minutes). */
  maxLockWaitMs?: number;
}

export function createBoxClient(input: string, timeouts: Partial<Timeouts> = {}, options: BoxClientOptions = {}): BoxClient {
  const url = normalizeBoxUrl(input);
  const t: Timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
  const box = createTransport(url, t, options);
  const { host } = box;

  async function checkRendezvous(signal?: AbortSignal): Promise<string> {
    const banner = await fetchBanner(url, { deadlineMs: t.connectMs, signal });
    if (banner.kind === 'cancelled') throw new AppError('cancelled', 'The operation was cancelled.');
    if (banner.kind === 'timeout') throw new AppError('box-timeout', `Your box at ${host} did not answer in time. Is it switched on and on the same network?`);
    if (banner.kind === 'unreachable') throw new AppError('box-unreachable', `Your box did not answer at ${host}. Is it switched on and on the same network?`);
    if (banner.kind === 'not-tls') throw await schemeMismatch(url, RENDEZVOUS_BANNER, { deadlineMs: t.connectMs, signal });
    const text = banner.text.slice(0, 200);
    if (!text.startsWith(RENDEZVOUS_BANNER)) {
      throw new AppError('box-not-rendezvous', `Something answered at ${host}, but it is not an Identity Box.`);
    }
    return text.slice(RENDEZVOUS_BANNER.length).trim();
  }

  async function exportBackup(backupId: string, options: ExportOptions = {}): Promise<BoxFiles> {
    const assembly = new ExportAssembler();
    await box.held(() => runExport(box, backupId, assembly, null, options));
    return { files: assembly.files!, contents: assembly.contents() };
  }

  async function exportBackupInto(backupId: string, sink: ExportSink, options: ExportOptions = {}): Promise<FileEntry[]> {
    const assembly = new ExportAssembler({ keep: false });
    await box.held(() => runExport(box, backupId, assembly, sink, options));
    return assembly.files!;
  }

  /** An older backup-service answers `unknown-method`: the digest is then unknown, not an error. */
  async function backupDigest(backupId: string, signal?: AbortSignal): Promise<BoxDigest> {
    const reply = await box.call(BACKUP_SERVICE, 'backup-digest', [{ backupId }], { signal });
    if (reply.method === 'unknown-method') return 'unknown';
    return box.unwrap(BACKUP_SERVICE, 'backup-digest', reply, BackupDigestReply);
  }

  async function backupVersions(backupId: string, signal?: AbortSignal): Promise<BackupVersion[]> {
    const about = await box.backupServiceAbout(signal);
    if (about.formatVersion < 2) throw oldService(about.version);
    return (await box.expect(BACKUP_SERVICE, 'backup-versions', [{ backupId }], VersionsReply, { signal })).versions;
  }

  return {
    url,
    checkRendezvous,
    identityAbout: (signal) => box.expect(IDENTITY_SERVICE, 'about', undefined, IdentityAbout, { signal, replyMs: t.aboutMs }),
    hasBackup: async (signal) => (await box.expect(IDENTITY_SERVICE, 'has-backup', undefined, HasBackup, { signal })).hasBackup,
    backupServiceAbout: (signal) => box.backupServiceAbout(signal),
    backupStatus: (signal) => box.expect(BACKUP_SERVICE, 'backup-status', undefined, BackupStatus, { signal }),
    exportBackup,
    exportBackupInto,
    importBackup: (backupId, contents, options) => box.held(() => importBackup(box, backupId, contents, options)),
    backupDigest,
    backupVersions,
    settled: () => box.settled(),
  };
}
