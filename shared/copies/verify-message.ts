/** What "Verify all copies now" found, in one or two sentences: checked, failed, deleted, and what it could not reach and why. */
export function verifyAllMessage(r: {
  checked: number;
  /** Places (sticks, disks) the checked files are in: a place is one copy, however many archive files it holds. */
  places?: number;
  failed: number;
  skipped: number;
  notRestorable?: number;
  gone: number;
  unreachable: { count: number; reason: string }[];
}): string {
  const copies = (n: number) => `${n} ${n === 1 ? 'copy' : 'copies'}`;
  const files = (n: number) => `${n} archive ${n === 1 ? 'file' : 'files'}`;
  const parts: string[] = [];
  const places = r.places ?? r.checked;
  if (r.checked === 0) parts.push('No copy could be checked.');
  else if (places >= r.checked) parts.push(`Checked ${copies(r.checked)}: ${r.failed === 0 ? 'all read back intact' : `${r.failed} failed`}.`);
  else {
    // Files are checked, places are counted: "11 files" next to "1 up-to-date copy" says why they differ.
    parts.push(`Checked ${files(r.checked)} in ${places} ${places === 1 ? 'place' : 'places'}: ${r.failed === 0 ? 'all read back intact' : `${r.failed} failed`}.`);
    parts.push('Each stick or folder counts as one copy, however many archive files it holds; the list below says which places are up to date.');
  }
  const partial = r.notRestorable ?? 0;
  if (partial) parts.push(`${partial} ${partial === 1 ? 'is' : 'are'} incomplete or damaged: ${partial === 1 ? 'it cannot' : 'they cannot'} bring all your identities back.`);
  if (r.skipped) parts.push(`${copies(r.skipped)} went away while being checked.`);
  if (r.gone) parts.push(`${copies(r.gone)} ${r.gone === 1 ? 'was' : 'were'} deleted from a stick or folder that is here, so ${r.gone === 1 ? 'it no longer counts' : 'they no longer count'}.`);
  const away = r.unreachable.reduce((n, u) => n + u.count, 0);
  if (away) parts.push(`Could not reach ${copies(away)}. ${r.unreachable.map((u) => u.reason).join(' ')} Connect ${away === 1 ? 'it' : 'them'}, then check again.`);
  else if (r.checked === 0 && !r.gone) parts.push('Plug in your sticks, then try again.');
  return parts.join(' ');
}
