import type { Handlers } from '../../shared/contract/dispatch';
import { AppError } from '../../shared/errors';
import { createBoxClient } from '../box/client';
import { normalizeBoxUrl } from '../box/url';
import { progressReporter } from '../box/waiting';
import { putVersionBack } from '../restore/version';
import type { createSettings } from './settings';

/** The copies a box kept when its backup was replaced: list them, put one back (archiving one is archive.pull with `version`). */
export function versionHandlers(settings: ReturnType<typeof createSettings>): Pick<Handlers, 'archive.versions' | 'archive.restoreVersion'> {
  const remembered = async (input: string) => {
    const boxUrl = normalizeBoxUrl(input);
    const backupId = await settings.rememberedBackupId(boxUrl);
    if (!backupId) throw new AppError('invalid-request', 'No backup is remembered for this box: archive it once with your 24 words.');
    return { boxUrl, backupId };
  };
  return {
    'archive.versions': async (req, ctx) => {
      const { boxUrl, backupId } = await remembered(req.boxUrl);
      const client = createBoxClient(boxUrl);
      if ((await client.backupServiceAbout(ctx.signal)).formatVersion < 2) return { versions: [], keeps: false };
      const versions = await client.backupVersions(backupId, ctx.signal);
      return { versions: versions.map(({ version, replacedAt, files, bytes }) => ({ version, replacedAt, files, bytes })), keeps: true };
    },
    'archive.restoreVersion': async (req, ctx) => {
      const { boxUrl, backupId } = await remembered(req.boxUrl);
      const report = progressReporter(ctx);
      return putVersionBack({ boxUrl, backupId, version: req.version, signal: ctx.signal, onProgress: report.progress, onWaiting: report.waiting });
    },
  };
}
