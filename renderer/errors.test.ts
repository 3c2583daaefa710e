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

  it('a stick pulled before the archive was opened says "plug it in again" once (the service sentence and the next step said it twice)', () => {
    // The sentence services/archive/write.ts sends for a destination that is not there.
    const lines = errorLines(describeError({ code: 'destination-missing', message: 'The folder "/media/KINGSTON" does not exist. If it was on a stick, plug the stick in again; otherwise choose another folder.' }));
    expect(lines.message).toContain('/media/KINGSTON');
    expect(lines.next).toBe('');
    expect(`${lines.message} ${lines.next}`.match(/plug the stick in/gi)).toHaveLength(1);
  });

  it('keeps an example address whole: "http://192.168.1.28:3100" is not three sentences', () => {
    const lines = errorLines(describeError({ code: 'box-url-invalid', message: 'A box address starts with http:// or https://.' }));
    expect(lines.next).toContain('http://192.168.1.28:3100');
    expect(lines.next).not.toMatch(/192\. 168/);
  });

  it('drops a message that only repeats the heading', () => {
    expect(errorLines({ title: 'Cancelled', message: 'Cancelled.', next: 'Start again.' }).message).toBe('');
  });
});

describe('an error panel says nothing twice', () => {
  it('drops a first sentence that only repeats the heading ("Cancelled", then "Cancelled. Nothing was written…")', () => {
    const lines = errorLines({ title: 'Cancelled', message: 'Cancelled. Nothing was written to the stick.', next: 'You can start again whenever you like.' });
    expect(lines.message).toBe('Nothing was written to the stick.');
  });
  it('keeps a message that says more than the heading in its first sentence', () => {
    expect(errorLines({ title: 'Cancelled', message: 'Cancelled after the box saved it.', next: '' }).message).toBe('Cancelled after the box saved it.');
  });
});
