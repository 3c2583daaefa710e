import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_SERVICE, type ReplyMessage } from '../../shared/box-protocol';
import { boxEndpoint } from './endpoint';

/**
 * A box reached at two IP addresses (Wi-Fi and cable, IPv4 and IPv6) is still one box. When its
 * backup-service's `about` names an instance (`instanceId`, optional), every program that learns it
 * notes it in the lock folder against the address it used (`endpoint-<hash>.instance`), and from
 * then on takes that instance's lock as well as the address's: two addresses of one box then take
 * turns. Before any program learned it, a box reached at two addresses may take two locks.
 */
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
const notePath = async (boxUrl: string, dir: string) => join(dir, `endpoint-${hash(await boxEndpoint(boxUrl))}.instance`);

/** The lock file of the box's instance, when some program has learned it; else null. */
export async function instanceLockPath(boxUrl: string, dir: string): Promise<string | null> {
  const text = await readFile(await notePath(boxUrl, dir), 'utf8').catch(() => '');
  return /^[0-9a-f]{32}$/.test(text.trim()) ? join(dir, `instance-${text.trim()}.lock`) : null;
}

/**
 * Notes the instance a reply to the backup-service's `about` names (never throws: a lost note costs
 * only this). True when the reply named one (its lock is then to be taken too).
 */
export async function learnInstance(boxUrl: string, dir: string, servicePath: string, reply: ReplyMessage): Promise<boolean> {
  if (servicePath !== BACKUP_SERVICE || reply.method !== 'about-response') return false;
  const id = (reply.params?.[0] as { instanceId?: unknown } | undefined)?.instanceId;
  if (typeof id !== 'string' || !id || id.length > 200) return false;
  try {
    const path = await notePath(boxUrl, dir);
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o666);
    try {
      if ((await handle.stat()).uid === process.getuid?.()) await handle.chmod(0o666);
      await handle.truncate(0);
      await handle.write(hash(`instance:${id}`), 0);
    } finally {
      await handle.close();
    }
  } catch {
    /* the address lock still serves */
  }
  return true;
}
