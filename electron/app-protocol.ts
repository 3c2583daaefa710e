import { stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../shared/csp';

/**
 * The app:// scheme the window loads the renderer through: only the built renderer's own files,
 * each with the renderer's Content-Security-Policy. The header is set here because Electron does
 * not run session.webRequest's header hooks for custom protocols (electron/electron#6021, #45865).
 */
export const SCHEME = 'app';
export const ORIGIN = `${SCHEME}://renderer`;

/** The renderer file a request names, or null for anything that is not plainly inside rendererDir. */
export function rendererFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(requestUrl);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== ORIGIN) return null;
  // A backslash separates folders on Windows and a NUL ends a path: neither belongs in a renderer path.
  if (path.includes('\\') || path.includes('\0')) return null;
  const file = join(rendererDir, normalize(path).replace(/^\/+/, '') || 'index.html');
  return file.startsWith(rendererDir + sep) ? file : null;
}

/** protocol.handle's handler for app://; `fetchFile` is Electron's net.fetch (it names the content type). */
export function appProtocolHandler(rendererDir: string, fetchFile: (url: string) => Promise<Response>) {
  const csp = contentSecurityPolicy(null);
  return async (request: Request): Promise<Response> => {
    const file = rendererFile(rendererDir, request.url);
    const isFile = file !== null && (await stat(file).then((s) => s.isFile(), () => false));
    if (!file || !isFile) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    const res = await fetchFile(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', csp);
    return new Response(res.body, { status: res.status, headers });
  };
}
