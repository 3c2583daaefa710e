import { checkMnemonic, completeWord, isWord, suggestWords, WORD_COUNT, type MnemonicCheck, type UnknownWord } from '../../../shared/mnemonic';

/**
 * The 24 numbered word slots as pure data: how a paste is split, where it lands, where the focus
 * goes next, and what the person should be told. No DOM here, so every rule has a unit test.
 */
export type Slots = readonly string[];

export const emptySlots = (): string[] => Array.from({ length: WORD_COUNT }, () => '');

/**
 * The words of a paste, in order: any spaces, line breaks, commas or tabs between them, and
 * recovery-card numbering ("1.", "2)", "12:", "#3") dropped. "1. abandon 2. ability" -> [abandon, ability].
 */
export function splitWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .split(/[\s,;]+/u)
    .map((token) => token.replace(/^#?\d+[.):-]*/u, '').replace(/[.):-]+$/u, ''))
    .filter((token) => token !== '');
}

export interface Distributed {
  slots: string[];
  /** The slot to focus next: the one after the last word placed (or the last slot). */
  focus: number;
  /** Where the first word went (a whole phrase always starts at slot 1). */
  start: number;
  placed: number;
  /** Words that did not fit after slot 24. */
  overflow: number;
}

/**
 * Puts pasted words into the slots from `from` on. A paste that holds a whole phrase (24 words or
 * more) is the person's full recovery card: it starts at slot 1 wherever it was pasted.
 */
export function distribute(slots: Slots, from: number, words: readonly string[]): Distributed {
  const start = words.length >= WORD_COUNT ? 0 : Math.max(0, Math.min(from, WORD_COUNT - 1));
  const next = [...slots];
  const fit = words.slice(0, WORD_COUNT - start);
  fit.forEach((word, i) => (next[start + i] = word));
  return {
    slots: next,
    focus: Math.min(start + fit.length, WORD_COUNT - 1),
    start,
    placed: fit.length,
    overflow: words.length - fit.length,
  };
}

/** What a change of one slot's text means: a plain edit, a finished word (move on), or a paste. */
export type SlotEdit = { kind: 'edit'; value: string } | { kind: 'finished'; value: string } | { kind: 'paste'; words: string[] };

export function interpretInput(value: string): SlotEdit {
  if (!/[\s,;]/u.test(value)) return { kind: 'edit', value };
  const words = splitWords(value);
  if (words.length > 1) return { kind: 'paste', words };
  // A word followed by a space (a phone keyboard that sends no key events): the word is done.
  return /[\s,;]$/u.test(value) && words.length === 1 ? { kind: 'finished', value: words[0]! } : { kind: 'edit', value: words[0] ?? '' };
}

/**
 * Where the focus goes once a word is taken (a completion or a suggestion): the next slot still
 * empty after it, else the first one still empty before it, else `fallback` (nothing left to type).
 */
export function nextToType(slots: readonly string[], index: number, fallback: number): number {
  const empty = (w: string | undefined, i: number) => i !== index && !w?.trim();
  const after = slots.findIndex((w, i) => i > index && empty(w, i));
  if (after >= 0) return after;
  const before = slots.findIndex((w, i) => empty(w, i));
  return before >= 0 ? before : fallback;
}

/** The keys that move between slots; anything else is left to the field. */
export type SlotKey = { key: string; shift: boolean; caret: number; selectionEnd: number; value: string };
export type KeyAction = { kind: 'none' } | { kind: 'complete'; word: string; focus: number } | { kind: 'focus'; to: number; caret: 'start' | 'end' } | { kind: 'stay' };

/** Words that complete the one typed so far in a slot (2 letters or more), the typed word itself excluded. */
export function completionsFor(value: string, limit = 5): string[] {
  const word = value.trim().toLowerCase();
  if (word.length < 2 || isWord(word)) return [];
  return completeWord(word, limit);
}

/**
 * Space and Enter finish a word and move to the next slot; Tab and Enter take the first
 * completion; Backspace in an empty slot and the arrow keys at a field's edge move back and forth.
 * `stay` means swallow the key (a space typed into an empty slot, Enter on the last slot).
 */
export function keyAction(index: number, k: SlotKey): KeyAction {
  const last = WORD_COUNT - 1;
  const nextIndex = Math.min(index + 1, last);
  const options = k.shift ? [] : completionsFor(k.value);
  const atEnd = k.caret === k.value.length && k.selectionEnd === k.caret;
  switch (k.key) {
    case 'Tab':
      return options.length > 0 && atEnd ? { kind: 'complete', word: options[0]!, focus: nextIndex } : { kind: 'none' };
    case 'Enter':
      if (options.length > 0 && atEnd) return { kind: 'complete', word: options[0]!, focus: nextIndex };
      return k.value.trim() && index < last ? { kind: 'focus', to: nextIndex, caret: 'end' } : { kind: 'stay' };
    case ' ':
      return k.value.trim() && index < last ? { kind: 'focus', to: nextIndex, caret: 'end' } : { kind: 'stay' };
    case 'Backspace':
      return k.value === '' && index > 0 ? { kind: 'focus', to: index - 1, caret: 'end' } : { kind: 'none' };
    case 'ArrowLeft':
      return k.caret === 0 && k.selectionEnd === 0 && index > 0 ? { kind: 'focus', to: index - 1, caret: 'end' } : { kind: 'none' };
    case 'ArrowRight':
      return atEnd && index < last ? { kind: 'focus', to: nextIndex, caret: 'start' } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

export type SlotsCheck = MnemonicCheck | { status: 'gaps'; count: number; missing: number[] };

/**
 * The check as the person should hear it. The slot being typed (`typing`, 0-based, or null) is
 * not judged yet; a word is judged once it is finished (Space, Tab, Enter, or the slot is left).
 * Unknown words first (with suggestions), then empty slots, then the checksum.
 */
export function checkSlots(slots: Slots, typing: number | null = null): SlotsCheck {
  const words = slots.map((s) => s.normalize('NFKD').trim().toLowerCase());
  const filled = words.filter(Boolean).length;
  if (filled === 0) return { status: 'empty' };
  const unknown: UnknownWord[] = [];
  words.forEach((word, i) => {
    if (word && i !== typing && !isWord(word)) unknown.push({ position: i + 1, word, suggestions: suggestWords(word) });
  });
  if (unknown.length) return { status: 'unknown-words', count: filled, unknown };
  if (filled < WORD_COUNT) {
    const lastFilled = words.reduce((at, w, i) => (w ? i : at), -1);
    const missing = words.flatMap((w, i) => (!w && i < lastFilled ? [i + 1] : []));
    return missing.length ? { status: 'gaps', count: filled, missing } : { status: 'wrong-count', count: filled, expected: WORD_COUNT };
  }
  return checkMnemonic(words.join(' '));
}

export type Tone = 'neutral' | 'ok' | 'bad';

/** One sentence for the check; hidden words stay hidden, so a typo is named by its position only. */
export function statusText(check: SlotsCheck, visible: boolean): { text: string; tone: Tone } {
  switch (check.status) {
    case 'empty':
      return { text: 'No words yet.', tone: 'neutral' };
    case 'unknown-words': {
      const first = check.unknown[0]!;
      if (check.unknown.length > 1) return { text: `Words ${check.unknown.map((u) => u.position).join(', ')} are not passphrase words.`, tone: 'bad' };
      return { text: visible ? `Word ${first.position} ("${first.word}") is not a passphrase word.` : `Word ${first.position} is not a passphrase word.`, tone: 'bad' };
    }
    case 'gaps':
      return {
        text: `${check.count} of 24 words. ${check.missing.length === 1 ? `Word ${check.missing[0]} is` : `Words ${check.missing.join(', ')} are`} still empty.`,
        tone: 'neutral',
      };
    case 'wrong-count':
      return { text: `${check.count} of ${check.expected} words.`, tone: 'neutral' };
    case 'checksum-mismatch':
      return { text: 'All 24 words are real passphrase words, but they do not add up (checksum): one word is probably wrong or two are swapped.', tone: 'bad' };
    case 'valid':
      return { text: 'All 24 words are valid.', tone: 'ok' };
  }
}

/** What a screen reader hears after a paste: where the words went, and what did not fit. */
export function pasteAnnouncement(d: Distributed): string {
  const where = d.placed === 1 ? `1 word placed in slot ${d.start + 1}` : `${d.placed} words placed in slots ${d.start + 1} to ${d.start + d.placed}`;
  return d.overflow > 0 ? `${where}. ${d.overflow === 1 ? '1 word' : `${d.overflow} words`} did not fit after word 24: check your card.` : `${where}.`;
}
