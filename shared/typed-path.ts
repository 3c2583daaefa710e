/**
 * The one rule for a path a person types, in every path field of every screen (archive folder,
 * inspect, restore, report saving): `~` means their home folder, a path must be absolute (a
 * relative one would land wherever the app happens to run), surrounding quotes and spaces from a
 * copied path are dropped. Pure: the home folder and the platform come from the caller.
 */

export type TypedPath = { ok: true; path: string } | { ok: false; sentence: string };

export interface PathPlatform {
  home: string;
  /** process.platform of the machine the path is on. */
  platform: string;
}

const isWindows = (p: PathPlatform) => p.platform === 'win32';

function isAbsoluteOn(path: string, p: PathPlatform): boolean {
  return isWindows(p) ? /^[A-Za-z]:[\\/]/u.test(path) || /^\\\\[^\\]+\\[^\\]+/u.test(path) : path.startsWith('/');
}

/** An example of a full path on that platform, for the sentence that asks for one. */
export function examplePath(p: PathPlatform, name: string): string {
  return isWindows(p) ? `C:\\Users\\you\\${name}` : `/home/you/${name}`;
}

/** `example`: the last part of the example path in the sentence (a folder's or a file's name). */
export function typedPath(text: string, p: PathPlatform, example = 'Backups'): TypedPath {
  let t = text.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) t = t.slice(1, -1).trim();
  if (!t) return { ok: false, sentence: `Type the full path of the ${example.includes('.') ? 'file' : 'folder'} first.` };
  const sep = isWindows(p) ? '\\' : '/';
  if (t === '~') t = p.home;
  else if (t.startsWith('~/') || (isWindows(p) && t.startsWith('~\\'))) t = p.home.replace(/[\\/]+$/u, '') + sep + t.slice(2);
  else if (t.startsWith('~')) {
    return { ok: false, sentence: `"${t}" names another person's home folder; type the full path instead, starting with ${isWindows(p) ? 'a drive such as C:\\' : '/'}.` };
  }
  if (!isAbsoluteOn(t, p)) {
    return {
      ok: false,
      sentence: `"${t}" is not a full path. Type it from the start, beginning with ${isWindows(p) ? 'a drive such as C:\\' : '/ or ~'} (for example ${examplePath(p, example)}).`,
    };
  }
  return { ok: true, path: t };
}
