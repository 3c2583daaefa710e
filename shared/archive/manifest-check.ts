import { BACKUP_LIMITS } from '../backup-limits';
import { isBackupPath } from '../backup-path';
import { ARCHIVE_FORMAT, BACKUP_ID_RE, FINGERPRINT_RE, isKeyFile, SEALING, sealedSize, type Manifest, type ManifestFile, type ManifestV1, type ManifestV2, type SealedFileEntry } from './manifest-core';

/**
 * The manifest check every archive reader makes, in one pass and without a schema library: the
 * same rules as the contract's zod schema (./manifest.ts), and the same result — the manifest with
 * only the known fields, in the schema's order, or null when the schema would refuse it
 * (manifest-check.test.ts compares the two on valid, mutated and hostile manifests). Bounded: at
 * most BACKUP_LIMITS.files entries are looked at, and each string is tested once.
 */

/** zod's `z.iso.datetime()` (no offset, any precision): a calendar date, then hh:mm:ss[.f+]Z. */
const DATETIME_RE =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z))$/;
const SHA256_RE = /^[0-9a-f]{64}$/;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max = Infinity): v is string => typeof v === 'string' && v.length <= max;
const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= BACKUP_LIMITS.fileBytes;
const isSha256 = (v: unknown): v is string => typeof v === 'string' && SHA256_RE.test(v);

const V2_KEYS = new Set(['format', 'createdAt', 'app', 'source', 'formatVersion', 'backupFingerprint', 'sealing', 'files']);

function common(m: Obj): Omit<ManifestV1, 'formatVersion' | 'backupId' | 'files'> | null {
  if (m.format !== ARCHIVE_FORMAT || !isString(m.createdAt) || !DATETIME_RE.test(m.createdAt)) return null;
  const { app, source } = m;
  if (!isObject(app) || !isString(app.name, 200) || !isString(app.version, 50)) return null;
  if (!isObject(source) || !(source.box === null || isString(source.box, 500))) return null;
  return { format: ARCHIVE_FORMAT, createdAt: m.createdAt, app: { name: app.name, version: app.version }, source: { box: source.box } };
}

function fileEntry(f: unknown): ManifestFile | null {
  if (!isObject(f) || !isString(f.path) || !isBackupPath(f.path) || !isSize(f.size) || !isSha256(f.sha256)) return null;
  return { path: f.path, size: f.size, sha256: f.sha256 };
}

function fileList<T>(files: unknown, entry: (f: unknown) => T | null): T[] | null {
  if (!Array.isArray(files) || files.length < 1 || files.length > BACKUP_LIMITS.files) return null;
  const out: T[] = [];
  for (let i = 0; i < files.length; i++) {
    const e = entry(files[i]);
    if (!e) return null;
    out.push(e);
  }
  return out;
}

function sealedEntry(f: unknown): SealedFileEntry | null {
  const base = fileEntry(f);
  if (!base) return null;
  const sealed = (f as Obj).sealed;
  if (sealed === undefined) return base;
  if (!isObject(sealed) || !isSize(sealed.size) || !isSha256(sealed.sha256)) return null;
  return { ...base, sealed: { size: sealed.size, sha256: sealed.sha256 } };
}

function v1(m: Obj): ManifestV1 | null {
  const head = common(m);
  if (!head || m.formatVersion !== 1 || !isString(m.backupId) || !BACKUP_ID_RE.test(m.backupId)) return null;
  const files = fileList(m.files, fileEntry);
  return files && { ...head, formatVersion: 1, backupId: m.backupId, files };
}

function v2(m: Obj): ManifestV2 | null {
  for (const key of Object.keys(m)) if (!V2_KEYS.has(key)) return null; // strict: no unknown field
  const head = common(m);
  if (!head || m.formatVersion !== 2 || !isString(m.backupFingerprint) || !FINGERPRINT_RE.test(m.backupFingerprint)) return null;
  const { sealing } = m;
  if (!isObject(sealing) || sealing.scheme !== SEALING.scheme || sealing.keyDerivation !== SEALING.keyDerivation) return null;
  const files = fileList(m.files, sealedEntry);
  if (!files) return null;
  // Every key file, and only key files, is sealed; a sealed size matches its file.
  for (const f of files) if (isKeyFile(f.path) !== (f.sealed !== undefined) || (f.sealed && f.sealed.size !== sealedSize(f.size))) return null;
  return { ...head, formatVersion: 2, backupFingerprint: m.backupFingerprint, sealing: { scheme: SEALING.scheme, keyDerivation: SEALING.keyDerivation }, files };
}

/** The manifest as the schema would return it, or null when the schema refuses it. */
export function checkManifest(json: unknown): Manifest | null {
  if (!isObject(json)) return null;
  return v1(json) ?? v2(json);
}
