import { describe, expect, it } from 'vitest';
import { typedPath } from './typed-path';

const linux = { home: '/home/ana', platform: 'linux' };
const windows = { home: 'C:\\Users\\ana', platform: 'win32' };

describe('the one rule for a typed path', () => {
  it('reads ~ as the home folder, as a person who types ~/Backups means', () => {
    expect(typedPath('~/Backups', linux)).toEqual({ ok: true, path: '/home/ana/Backups' });
    expect(typedPath('  ~  ', linux)).toEqual({ ok: true, path: '/home/ana' });
    expect(typedPath('~\\Backups', windows)).toEqual({ ok: true, path: 'C:\\Users\\ana\\Backups' });
  });

  it('refuses a relative path with a sentence, since it would land wherever the app runs', () => {
    const r = typedPath('Backups', linux);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.sentence).toBe('"Backups" is not a full path. Type it from the start, beginning with / or ~ (for example /home/you/Backups).');
    expect(typedPath('./x', linux).ok).toBe(false);
    expect(typedPath('Backups', windows).ok).toBe(false);
    expect(typedPath('~bob/x', linux).ok).toBe(false);
  });

  it('keeps an absolute path, dropping the quotes and spaces a copied path brings', () => {
    expect(typedPath(' "/media/ana/STICK" ', linux)).toEqual({ ok: true, path: '/media/ana/STICK' });
    expect(typedPath('D:\\Backups', windows)).toEqual({ ok: true, path: 'D:\\Backups' });
    expect(typedPath('', linux).ok).toBe(false);
  });
});
