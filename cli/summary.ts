import { terminalValue } from '../shared/terminal';

/** A closing summary, as restic prints one: a heading, then aligned "Name   value" lines. */
export function summary(heading: string, rows: [string, string][]): string {
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return [heading, ...rows.map(([name, value]) => `  ${`${name}:`.padEnd(width)}${terminalValue(value)}`)].join('\n');
}
