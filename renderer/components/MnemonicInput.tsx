import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { WordGrid } from './mnemonic/WordGrid';
import {
  checkSlots,
  completionsFor,
  distribute,
  emptySlots,
  interpretInput,
  keyAction,
  pasteAnnouncement,
  splitWords,
  statusText,
  type SlotsCheck,
  nextToType,
} from './mnemonic/slots';
import './MnemonicInput.css';

export interface MnemonicState {
  valid: boolean;
  /** The canonical words when valid; stays in the renderer's memory only. */
  canonical: string | null;
  entropy: Uint8Array | null;
  check: SlotsCheck;
}

interface Props {
  label?: string;
  onChange(state: MnemonicState): void;
}

type PendingFocus = { index: number; caret: 'start' | 'end' };

/**
 * The 24-word entry: 24 numbered slots that match the recovery card, each checked once its word
 * is finished (unknown word k with suggestions, empty slots, checksum), completed from the word
 * list with Tab or Enter, hidden by default. A paste of several words (any spacing, card
 * numbering) fills the slots from where it lands; a whole phrase always fills from slot 1. The
 * words never leave this component except as onChange's state, and die with it when the screen
 * is left.
 */
export function MnemonicInput({ label = 'Your 24 words', onChange }: Props) {
  const id = useId();
  const [slots, setSlots] = useState<string[]>(emptySlots);
  const [visible, setVisible] = useState(false);
  const [focused, setFocused] = useState<number | null>(null);
  // The focused slot has been typed in since it got focus: its word is not finished yet.
  const [editing, setEditing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const pendingFocus = useRef<PendingFocus | null>(null);
  const [focusTick, setFocusTick] = useState(0);

  const fullCheck = useMemo(() => checkSlots(slots), [slots]);
  const check = useMemo(() => checkSlots(slots, editing ? focused : null), [slots, editing, focused]);
  const status = statusText(check, visible);
  const invalid = useMemo(() => new Set(check.status === 'unknown-words' ? check.unknown.map((u) => u.position) : []), [check]);
  const completions = focused !== null && editing ? completionsFor(slots[focused] ?? '') : [];

  useEffect(() => {
    onChange({
      valid: fullCheck.status === 'valid',
      canonical: fullCheck.status === 'valid' ? fullCheck.canonical : null,
      entropy: fullCheck.status === 'valid' ? fullCheck.entropy : null,
      check: fullCheck,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullCheck]);

  // Move the focus once the new words are in the fields, caret where the person expects it.
  useLayoutEffect(() => {
    const target = pendingFocus.current;
    const field = target ? inputs.current[target.index] : null;
    if (!target || !field) return;
    pendingFocus.current = null;
    field.focus();
    const at = target.caret === 'end' ? field.value.length : 0;
    field.setSelectionRange(at, at);
  }, [slots, focusTick]);

  function focusSlot(index: number, caret: 'start' | 'end' = 'end') {
    pendingFocus.current = { index, caret };
    setFocusTick((t) => t + 1);
  }

  function setSlot(index: number, value: string) {
    setSlots((current) => current.map((w, i) => (i === index ? value : w)));
  }

  function paste(index: number, words: string[]) {
    const d = distribute(slots, index, words);
    setSlots(d.slots);
    setAnnouncement(pasteAnnouncement(d));
    focusSlot(d.focus);
  }

  function complete(index: number, word: string, next: number) {
    setSlot(index, word);
    setAnnouncement(visible ? `Word ${index + 1} completed: ${word}.` : `Word ${index + 1} completed.`);
    // On to the next word still to type, not into a word already there.
    focusSlot(nextToType(slots, index, next));
  }

  function onInput(index: number, value: string) {
    const edit = interpretInput(value);
    if (edit.kind === 'paste') return paste(index, edit.words);
    setSlot(index, edit.value);
    if (edit.kind === 'finished' && index < slots.length - 1) focusSlot(index + 1);
    else setEditing(true);
  }

  function onKeyDown(index: number, e: KeyboardEvent<HTMLInputElement>) {
    const field = e.currentTarget;
    const action = keyAction(index, { key: e.key, shift: e.shiftKey, caret: field.selectionStart ?? 0, selectionEnd: field.selectionEnd ?? 0, value: field.value });
    if (action.kind === 'none') return;
    e.preventDefault();
    if (action.kind === 'complete') complete(index, action.word, action.focus);
    else if (action.kind === 'focus') focusSlot(action.to, action.caret);
  }

  function onPaste(index: number, e: ClipboardEvent<HTMLInputElement>) {
    const words = splitWords(e.clipboardData.getData('text'));
    if (words.length < 2) return;
    e.preventDefault();
    paste(index, words);
  }

  function replaceWord(position: number, word: string) {
    setSlot(position - 1, word);
    setAnnouncement(visible ? `Word ${position} is now ${word}.` : `Word ${position} replaced.`);
    // On to the next word still to type (after this one, else from the start); the same slot when none is left.
    focusSlot(nextToType(slots, position - 1, position - 1));
  }

  function clearAll() {
    setSlots(emptySlots());
    setAnnouncement('All words cleared.');
    focusSlot(0);
  }

  const anyWord = slots.some(Boolean);
  return (
    <div className="mnemonic-input" role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-privacy`}>
      <div className="mnemonic-label-row">
        <span id={`${id}-label`} className="mnemonic-label">
          {label}
        </span>
        <span className="mnemonic-tools">
          <button type="button" className="link-button" aria-pressed={visible} onClick={() => setVisible((v) => !v)}>
            {visible ? 'Hide words' : 'Show words'}
          </button>
          {anyWord && (
            <button type="button" className="link-button" onClick={clearAll}>
              Clear all
            </button>
          )}
        </span>
      </div>
      <p className="hint" id={`${id}-how`}>
        Paste all 24 words into word 1, or type them one by one. Tab completes a word; Space or Enter goes to the next one.
      </p>
      <WordGrid
        idPrefix={id}
        slots={slots}
        visible={visible}
        invalid={invalid}
        describedBy={`${id}-status`}
        slotRef={(i) => (el) => {
          inputs.current[i] = el;
        }}
        onInput={onInput}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onFocus={(i) => {
          setFocused(i);
          setEditing(false);
        }}
        onBlur={(i) => setFocused((f) => (f === i ? null : f))}
      />
      {completions.length > 0 && focused !== null && (
        <div className="completions" role="group" aria-label={`Word suggestions for word ${focused + 1} (Tab takes the first)`}>
          <span className="completions-label" aria-hidden="true">
            Word {focused + 1}, Tab takes the first:
          </span>
          {completions.map((w) => (
            // Keep the focus in the slot: a click takes the word like Tab does.
            <button type="button" key={w} onMouseDown={(e) => e.preventDefault()} onClick={() => complete(focused, w, Math.min(focused + 1, slots.length - 1))}>
              {w}
            </button>
          ))}
        </div>
      )}
      <p id={`${id}-status`} className={`mnemonic-status tone-${status.tone}`} role="status">
        {status.text}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {check.status === 'unknown-words' && (
        <ul className="unknown-words">
          {check.unknown.slice(0, 5).map((u) => (
            <li key={u.position}>
              Word {u.position}:{' '}
              {u.suggestions.length ? (
                <>
                  did you mean{' '}
                  {u.suggestions.map((s) => (
                    <button type="button" key={s} className="suggestion" aria-label={`${s} for word ${u.position}`} onClick={() => replaceWord(u.position, s)}>
                      {s}
                    </button>
                  ))}
                  ?
                </>
              ) : (
                'check it against your written copy.'
              )}
            </li>
          ))}
        </ul>
      )}
      <p id={`${id}-privacy`} className="hint">
        Your words stay in this window: we never store them, log them or send them anywhere. Only a fingerprint of them (the
        backup id) is used to find your backup.
      </p>
    </div>
  );
}
