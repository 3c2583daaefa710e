import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Handlers } from '../../shared/contract/dispatch';
import type { boxCalls } from '../../shared/contract/box';
import { findServicePackage, saveServicePackage } from './service-package';

type PackageHandlers = Pick<Handlers, Extract<keyof typeof boxCalls, 'box.servicePackage' | 'box.saveServicePackage'>>;

/** The box service package: described (and its bytes, for a browser download), or saved where the owner chose. */
export function servicePackageHandlers(): PackageHandlers {
  return {
    'box.servicePackage': async () => {
      const found = await findServicePackage();
      return { ...found, contentBase64: (await readFile(found.path)).toString('base64') };
    },
    'box.saveServicePackage': async (req) => ({ saved: await saveServicePackage(resolve(req.path)) }),
  };
}
