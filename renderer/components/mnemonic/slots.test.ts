import { describe, expect, it } from 'vitest';
import { entropyToMnemonic } from '../../../shared/mnemonic';
import { checkSlots, distribute, emptySlots, interpretInput, keyAction, nextToType, pasteAnnouncement, splitWords, statusText } from './slots';

const phrase = entropyToMnemonic(new Uint8Array(32).fill(7)).split(' ');
const key = (key: string, value: string, caret = value.length, shift = false) => ({ key, shift, caret, selectionEnd: caret, value });

describe('splitWords', () => {
  it('takes any spacing, line breaks and commas between words', () => {
    expect(splitWords('  Abandon\n\tability,able ;about  ')).toEqual(['abandon', 'ability', 'able', 'about']);
  });
  it('drops the numbering of a recovery card, whatever its style', () => {
    expect(splitWords('1. abandon 2) ability\n3: able 4 about #5 above 6.absent 12-absorb')).toEqual(['abandon', 'ability', 'able', 'about', 'above', 'absent', 'absorb']);
  });
  it('keeps a word that is not on the list, so the check can point at it', () => {
    expect(splitWords('1. abandn')).toEqual(['abandn']);
  });
});

describe('distribute', () => {
  it('puts a partial paste in the slot it was pasted into and on, focusing the slot after it', () => {
    const d = distribute(emptySlots(), 4, ['abandon', 'ability']);
    expect(d.slots.slice(3, 7)).toEqual(['', 'abandon', 'ability', '']);
    expect(d).toMatchObject({ start: 4, placed: 2, overflow: 0, focus: 6 });
  });
  it('starts a whole 24-word phrase at slot 1 wherever it was pasted, so no word is lost', () => {
    const d = distribute(emptySlots(), 10, phrase);
    expect(d.slots).toEqual(phrase);
    expect(d).toMatchObject({ start: 0, placed: 24, overflow: 0, focus: 23 });
  });
  it('counts the words that did not fit after slot 24, so the person can be told', () => {
    const d = distribute(emptySlots(), 20, ['abandon', 'ability', 'able', 'about', 'above', 'absent']);
    expect(d.slots.slice(20)).toEqual(['abandon', 'ability', 'able', 'about']);
    expect(d.overflow).toBe(2);
    expect(pasteAnnouncement(d)).toBe('4 words placed in slots 21 to 24. 2 words did not fit after word 24: check your card.');
  });
  it('leaves the other slots as they were', () => {
    const slots = emptySlots();
    slots[0] = 'zoo';
    expect(distribute(slots, 1, ['abandon', 'ability']).slots.slice(0, 3)).toEqual(['zoo', 'abandon', 'ability']);
  });
});

describe('interpretInput', () => {
  it('a plain edit stays in the slot', () => expect(interpretInput('aban')).toEqual({ kind: 'edit', value: 'aban' }));
  it('a word followed by a space is finished', () => expect(interpretInput('abandon ')).toEqual({ kind: 'finished', value: 'abandon' }));
  it('several words are a paste', () => expect(interpretInput('1. abandon 2. ability')).toEqual({ kind: 'paste', words: ['abandon', 'ability'] }));
  it('a lone space empties nothing and moves nowhere', () => expect(interpretInput(' ')).toEqual({ kind: 'edit', value: '' }));
});

describe('keyAction', () => {
  it('Tab takes the first completion and moves on', () => expect(keyAction(0, key('Tab', 'aban'))).toEqual({ kind: 'complete', word: 'abandon', focus: 1 }));
  it('Tab on a finished word is the ordinary Tab', () => expect(keyAction(0, key('Tab', 'act'))).toEqual({ kind: 'none' }));
  it('Shift+Tab never completes', () => expect(keyAction(3, key('Tab', 'aban', 4, true))).toEqual({ kind: 'none' }));
  it('Tab with the caret inside the word does not complete', () => expect(keyAction(0, key('Tab', 'aban', 2))).toEqual({ kind: 'none' }));
  it('Enter completes, or moves on after a finished word', () => {
    expect(keyAction(2, key('Enter', 'abil'))).toEqual({ kind: 'complete', word: 'ability', focus: 3 });
    expect(keyAction(2, key('Enter', 'ability'))).toEqual({ kind: 'focus', to: 3, caret: 'end' });
  });
  it('Space moves to the next slot, but not out of an empty one or past the last', () => {
    expect(keyAction(5, key(' ', 'zoo'))).toEqual({ kind: 'focus', to: 6, caret: 'end' });
    expect(keyAction(5, key(' ', ''))).toEqual({ kind: 'stay' });
    expect(keyAction(23, key(' ', 'zoo'))).toEqual({ kind: 'stay' });
  });
  it('Backspace in an empty slot goes back; in a filled one it deletes', () => {
    expect(keyAction(4, key('Backspace', ''))).toEqual({ kind: 'focus', to: 3, caret: 'end' });
    expect(keyAction(4, key('Backspace', 'zo'))).toEqual({ kind: 'none' });
    expect(keyAction(0, key('Backspace', ''))).toEqual({ kind: 'none' });
  });
  it('arrows at the edge of a slot move to its neighbour', () => {
    expect(keyAction(4, key('ArrowLeft', 'zoo', 0))).toEqual({ kind: 'focus', to: 3, caret: 'end' });
    expect(keyAction(4, key('ArrowLeft', 'zoo', 1))).toEqual({ kind: 'none' });
    expect(keyAction(4, key('ArrowRight', 'zoo'))).toEqual({ kind: 'focus', to: 5, caret: 'start' });
  });
});

describe('checkSlots', () => {
  const filled = (words: string[], from = 0) => distribute(emptySlots(), from, words).slots;
  it('does not judge the slot being typed', () => {
    const slots = filled(['army', 'del']);
    expect(checkSlots(slots, 1)).toEqual({ status: 'wrong-count', count: 2, expected: 24 });
    expect(checkSlots(slots, null)).toMatchObject({ status: 'unknown-words', unknown: [{ position: 2, word: 'del' }] });
  });
  it('names empty slots between words by their number', () => {
    const slots = filled(['army']);
    slots[3] = 'zoo';
    expect(checkSlots(slots)).toEqual({ status: 'gaps', count: 2, missing: [2, 3] });
    expect(statusText(checkSlots(slots), false).text).toBe('2 of 24 words. Words 2, 3 are still empty.');
  });
  it('accepts the 24 words of a real phrase and rejects a swap by checksum', () => {
    expect(checkSlots(phrase).status).toBe('valid');
    const swapped = [...phrase];
    [swapped[0], swapped[1]] = [phrase[1]!, phrase[0]!];
    if (swapped.join() !== phrase.join()) expect(checkSlots(swapped).status).toBe('checksum-mismatch');
  });
  it('never prints a hidden typo', () => {
    const check = checkSlots(filled(['army', 'dlever']));
    expect(statusText(check, false).text).toBe('Word 2 is not a passphrase word.');
    expect(statusText(check, true).text).toBe('Word 2 ("dlever") is not a passphrase word.');
  });
});

describe('nextToType', () => {
  const slots = phrase.map((w, i) => ([2, 9].includes(i) ? '' : w));
  it('goes on to the next empty slot, past words already there', () => expect(nextToType(slots, 2, 3)).toBe(9));
  it('goes back to an earlier empty slot when none is left after', () => expect(nextToType(slots, 9, 10)).toBe(2));
  it('a slot typed in so far does not count as empty for itself', () => expect(nextToType(phrase.map((w, i) => (i === 4 ? 'ab' : w)), 4, 5)).toBe(5));
});
