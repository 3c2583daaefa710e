import { describe, expect, it } from 'vitest';
import { describeError, errorLines } from './errors';

describe('errorLines', () => {
  it('an unreachable box is told once: heading, the sentence with the address, then only the new next step', () => {
    const lines = errorLines(
      describeError({ code: 'box-unreachable', message: 'Your box did not answer at 127.0.0.1:1. Is it switched on and on the same network?' }),
    );
    expect(lines.title).toBe('Your box did not answer');
    expect(lines.message).toBe('Your box did not answer at 127.0.0.1:1. Is it switched on and on the same network?');
    expect(lines.next).toBe('Check the address and try again.');
    expect(`${lines.message} ${lines.next}`.match(/switched on/g)).toHaveLength(1);
  });

  it('keeps a next step that says something new', () => {
    const lines = errorLines(describeError({ code: 'destination-full', message: 'The stick has 2 MB free; the archive needs 3 MB.' }));
    expect(lines.next).toBe(describeError({ code: 'destination-full', message: '' }).next);
  });

  it('drops a message that only repeats the heading', () => {
    expect(errorLines({ title: 'Cancelled', message: 'Cancelled.', next: 'Start again.' }).message).toBe('');
  });
});
