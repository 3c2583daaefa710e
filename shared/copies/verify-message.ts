/** What "Verify all copies now" found, in one or two sentences: checked, failed, deleted, and what it could not reach and why. */
export function verifyAllMessage(r: { checked: number; failed: number; skipped: number; notRestorable?: number; gone: number; unreachable: { count: number; reason: string }[] }): string {
  const copies = (n: number) => `${n} ${n === 1 ? 'copy' : 'copies'}`;
  const parts: string[] = [];
  if (r.checked === 0) parts.push('No copy could be checked.');
  else parts.push(`Checked ${copies(r.checked)}: ${r.failed === 0 ? 'all read back intact' : `${r.failed} failed`}.`);
  const partial = r.notRestorable ?? 0;
  if (partial) parts.push(`${partial} ${partial === 1 ? 'is' : 'are'} incomplete or damaged: ${partial === 1 ? 'it cannot' : 'they cannot'} bring all your identities back.`);
  if (r.skipped) parts.push(`${copies(r.skipped)} went away while being checked.`);
  if (r.gone) parts.push(`${copies(r.gone)} ${r.gone === 1 ? 'was' : 'were'} deleted from a stick or folder that is here, so ${r.gone === 1 ? 'it no longer counts' : 'they no longer count'}.`);
  const away = r.unreachable.reduce((n, u) => n + u.count, 0);
  if (away) parts.push(`Could not reach ${copies(away)}. ${r.unreachable.map((u) => u.reason).join(' ')} Connect ${away === 1 ? 'it' : 'them'}, then check again.`);
  else if (r.checked === 0 && !r.gone) parts.push('Plug in your sticks, then try again.');
  return parts.join(' ');
}
