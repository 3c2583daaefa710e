import { describe, expect, it } from 'vitest';
import { verifyAllMessage } from './verify-message';

describe('Verify all says what it found', () => {
  it('says how many it could not reach and why', () => {
    expect(verifyAllMessage({ checked: 1, failed: 0, skipped: 0, gone: 0, unreachable: [{ count: 2, reason: '2 copies on SANDISK: it is not plugged in.' }] })).toBe(
      'Checked 1 copy: all read back intact. Could not reach 2 copies. 2 copies on SANDISK: it is not plugged in. Connect them, then check again.',
    );
  });
  it('says a deleted copy no longer counts', () => {
    expect(verifyAllMessage({ checked: 0, failed: 0, skipped: 0, gone: 1, unreachable: [] })).toBe(
      'No copy could be checked. 1 copy was deleted from a stick or folder that is here, so it no longer counts.',
    );
  });
  it('never checks 0 copies in silence', () => {
    expect(verifyAllMessage({ checked: 0, failed: 0, skipped: 0, gone: 0, unreachable: [] })).toBe('No copy could be checked. Plug in your sticks, then try again.');
  });
  it('tells archive files from places, so "11 files" next to "1 up-to-date copy" makes sense', () => {
    expect(verifyAllMessage({ checked: 11, places: 3, failed: 0, skipped: 0, gone: 0, unreachable: [] })).toBe(
      'Checked 11 archive files in 3 places: all read back intact. Each stick or folder counts as one copy, however many archive files it holds; the list below says which places are up to date.',
    );
  });
});
