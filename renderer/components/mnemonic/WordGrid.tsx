import type { ClipboardEvent, KeyboardEvent, Ref } from 'react';
import { WORD_COUNT } from '../../../shared/mnemonic';

interface Props {
  idPrefix: string;
  slots: readonly string[];
  visible: boolean;
  /** 1-based positions judged not to be passphrase words. */
  invalid: ReadonlySet<number>;
  describedBy: string;
  slotRef(index: number): Ref<HTMLInputElement>;
  onInput(index: number, value: string): void;
  onKeyDown(index: number, e: KeyboardEvent<HTMLInputElement>): void;
  onPaste(index: number, e: ClipboardEvent<HTMLInputElement>): void;
  onFocus(index: number): void;
  onBlur(index: number): void;
}

/**
 * 24 numbered fields, in the order of the recovery card: each has its own name ("Word 7 of 24")
 * and refuses every helper that could keep or send what is typed (spellcheck, autocomplete,
 * autocorrect, autocapitalize, grammar add-ons).
 */
export function WordGrid({ idPrefix, slots, visible, invalid, describedBy, slotRef, onInput, onKeyDown, onPaste, onFocus, onBlur }: Props) {
  return (
    <ol className="word-slots">
      {slots.map((value, i) => {
        const id = `${idPrefix}-w${i + 1}`;
        const bad = invalid.has(i + 1);
        return (
          <li key={i} className={bad ? 'word-slot is-invalid' : 'word-slot'}>
            <label htmlFor={id} className="word-number">
              <span className="visually-hidden">Word </span>
              {i + 1}
              <span className="visually-hidden"> of {WORD_COUNT}</span>
            </label>
            <input
              id={id}
              ref={slotRef(i)}
              type="text"
              className={visible ? 'word-field' : 'word-field masked'}
              value={value}
              spellCheck={false}
              autoCorrect="off"
              autoCapitalize="off"
              autoComplete="off"
              enterKeyHint={i === WORD_COUNT - 1 ? 'done' : 'next'}
              data-gramm="false"
              data-1p-ignore="true"
              data-lpignore="true"
              aria-invalid={bad}
              aria-describedby={bad ? describedBy : undefined}
              onChange={(e) => onInput(i, e.target.value)}
              onKeyDown={(e) => onKeyDown(i, e)}
              onPaste={(e) => onPaste(i, e)}
              onFocus={() => onFocus(i)}
              onBlur={() => onBlur(i)}
            />
          </li>
        );
      })}
    </ol>
  );
}
