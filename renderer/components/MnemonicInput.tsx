import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { checkMnemonic, completeWord, type MnemonicCheck } from '../../shared/mnemonic';
import './MnemonicInput.css';

export interface MnemonicState {
  valid: boolean;
  /** The canonical words when valid; stays in the renderer's memory only. */
  canonical: string | null;
  entropy: Uint8Array | null;
  check: MnemonicCheck;
}

interface Props {
  label?: string;
  onChange(state: MnemonicState): void;
}

/**
 * The check as the person should hear it: a word still being typed (the caret at its end, in the
 * field) is not judged yet; only finished words (followed by a space, Tab, Enter, or left) are.
 */
export function judgeFinished(check: MnemonicCheck, text: string, caret: number, focused: boolean): MnemonicCheck {
  if (check.status !== 'unknown-words' || !focused) return check;
  const before = text.slice(0, caret);
  if (/\s$/.test(before) || before.trim() === '' || /\S/.test(text[caret] ?? '')) return check;
  const typingPosition = before.trim().split(/\s+/).length;
  const unknown = check.unknown.filter((u) => u.position !== typingPosition);
  if (unknown.length === check.unknown.length) return check;
  if (unknown.length > 0) return { ...check, unknown };
  const count = text.trim().split(/\s+/).length;
  return { status: 'wrong-count', count, expected: 24 } as MnemonicCheck;
}

function statusText(check: MnemonicCheck, visible: boolean): { text: string; tone: 'neutral' | 'ok' | 'bad' } {
  switch (check.status) {
    case 'empty':
      return { text: 'Type or paste your 24 words, in order. Any spacing or line breaks are fine. Tab completes a word.', tone: 'neutral' };
    case 'unknown-words': {
      const first = check.unknown[0]!;
      return {
        text:
          check.unknown.length === 1
            ? // Hidden words stay hidden: the typo is named by its position only.
              visible
              ? `Word ${first.position} ("${first.word}") is not a passphrase word.`
              : `Word ${first.position} is not a passphrase word.`
            : `Words ${check.unknown.map((u) => u.position).join(', ')} are not passphrase words.`,
        tone: 'bad',
      };
    }
    case 'wrong-count':
      return { text: `${check.count} of ${check.expected} words. Tab completes a word.`, tone: check.count > check.expected ? 'bad' : 'neutral' };
    case 'checksum-mismatch':
      return { text: 'All 24 words are real passphrase words, but they do not add up (checksum): one word is probably wrong or two are swapped.', tone: 'bad' };
    case 'valid':
      return { text: 'All 24 words are valid.', tone: 'ok' };
  }
}

/** The word being typed at the caret, for autocomplete. */
function currentWord(text: string, caret: number): { start: number; end: number; word: string } {
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  let end = caret;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  return { start, end, word: text.slice(start, end).toLowerCase() };
}

/** Words that complete the one being typed, while the caret ends it (next character a space or the end). */
function completionsAt(text: string, caret: number): string[] {
  const at = currentWord(text, caret);
  if (at.word.length < 2 || !/\s/.test(text[caret] ?? ' ')) return [];
  return completeWord(at.word, 5).filter((w) => w !== at.word);
}

/**
 * The 24-word entry: one box that takes any layout and pastes, checked as the person types
 * (unknown word k with suggestions, count, checksum), autocomplete from the word list, hidden by
 * default. The words never leave this component except as onChange's state; unmounting clears them.
 */
export function MnemonicInput({ label = 'Your 24 words', onChange }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [visible, setVisible] = useState(false);
  const [caret, setCaret] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const [focused, setFocused] = useState(false);
  const fullCheck = useMemo(() => checkMnemonic(text), [text]);
  const check = judgeFinished(fullCheck, text, caret, focused);
  const status = statusText(check, visible);
  const typing = currentWord(text, caret);
  const completions = completionsAt(text, caret);

  // Put the caret after a completed word as soon as the new text is in the field.
  useLayoutEffect(() => {
    if (pendingCaret.current !== null && area.current) {
      area.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [text]);

  useEffect(() => {
    onChange({
      valid: fullCheck.status === 'valid',
      canonical: fullCheck.status === 'valid' ? fullCheck.canonical : null,
      entropy: fullCheck.status === 'valid' ? fullCheck.entropy : null,
      check: fullCheck,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullCheck]);

  // Clear on leaving the screen.
  useEffect(() => () => setText(''), []);

  function complete(value: string, start: number, end: number, word: string) {
    const rest = value.slice(end).replace(/^\s*/, '');
    setText(`${value.slice(0, start)}${word} ${rest}`);
    const pos = start + word.length + 1;
    pendingCaret.current = pos;
    setCaret(pos);
    area.current?.focus();
  }

  function replaceWordAt(position: number, word: string) {
    const parts = text.trim().split(/\s+/);
    parts[position - 1] = word;
    setText(parts.join(' '));
  }

  return (
    <div className="mnemonic-input">
      <div className="mnemonic-label-row">
        <label htmlFor={id}>{label}</label>
        <button type="button" className="link-button" aria-pressed={visible} onClick={() => setVisible((v) => !v)}>
          {visible ? 'Hide words' : 'Show words'}
        </button>
      </div>
      <textarea
        id={id}
        ref={area}
        className={visible ? 'mnemonic-text' : 'mnemonic-text masked'}
        value={text}
        rows={4}
        spellCheck={false}
        autoCorrect="off"
        autoCapitalize="off"
        autoComplete="off"
        data-gramm="false"
        aria-describedby={`${id}-status ${id}-privacy`}
        aria-invalid={status.tone === 'bad'}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          if ((e.key !== 'Tab' && e.key !== 'Enter') || e.shiftKey) return;
          // Read the field itself: the suggestion must match what is on screen right now.
          const { value, selectionStart } = e.currentTarget;
          const options = completionsAt(value, selectionStart);
          if (options.length === 0) return;
          e.preventDefault();
          const at = currentWord(value, selectionStart);
          complete(value, at.start, at.end, options[0]!);
        }}
      />
      {completions.length > 0 && (
        <div className="completions" role="group" aria-label="Word suggestions (Tab takes the first)">
          {completions.map((w) => (
            <button type="button" key={w} onClick={() => complete(text, typing.start, typing.end, w)}>
              {w}
            </button>
          ))}
        </div>
      )}
      <p id={`${id}-status`} className={`mnemonic-status tone-${status.tone}`} role="status" aria-live="polite">
        {status.text}
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
                    <button type="button" key={s} className="suggestion" onClick={() => replaceWordAt(u.position, s)}>
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
