/** The four verdicts on a backup (services/inspect/verdict.ts), from best to worst, and their words for people. */
export const STATUSES = ['ok', 'incomplete', 'corrupt', 'invalid'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_TEXT: Record<Status, string> = {
  ok: 'Complete and intact',
  incomplete: 'Incomplete: files are missing',
  corrupt: 'Damaged: some content does not match',
  invalid: 'Not a readable Identity Box backup',
};
