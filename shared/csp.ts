/** The renderer's Content-Security-Policy, the same in Electron and the browser host. */
export function contentSecurityPolicy(connectOrigin: string | null): string {
  const connect = connectOrigin ? `'self' ${connectOrigin.replace(/^http/, 'ws')}` : `'self'`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
