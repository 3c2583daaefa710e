import type { foldersCalls } from '../../shared/contract/folders';
import type { Handlers } from '../../shared/contract/dispatch';
import { checkFolder, createFolder } from './check';
import { listFolder } from './list';

export type FoldersHandlers = Pick<Handlers, keyof typeof foldersCalls>;

/** The path rule and the browser host's folder browser. */
export function foldersHandlers(): FoldersHandlers {
  return {
    'folders.check': (req) => checkFolder(req.path),
    'folders.create': (req) => createFolder(req.path),
    'folders.list': (req) => listFolder(req.directory),
  };
}
