/** "1 file", "4 files", "1 older archive", "0 identities": a count with the right form of its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
