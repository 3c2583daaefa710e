import type { CopiesView } from '../../shared/contract/copies';
import { navigate } from '../router';
import '../screens/Copies.css';
import { useCopies } from '../useCopies';

type Tone = CopiesView['tone'];

/** The panel of a copies headline: green, amber, red, or plain when there is nothing to judge (demo not running, nothing yet). */
export const tonePanel = (tone: Tone) => (tone === 'neutral' ? 'panel' : `panel panel-${tone === 'good' ? 'ok' : tone === 'warn' ? 'warn' : 'error'}`);

const WORST: Tone[] = ['bad', 'warn', 'neutral', 'good'];

/**
 * Home's lines: one when the person has one backup (or only the demo); with two or more of their
 * own, one per backup, each saying which backup it is about. The panel takes the worst tone.
 */
export function homeLines(view: CopiesView): { tone: Tone; lines: { text: string; warnings: number }[] } {
  const own = view.backups.filter((b) => !b.demo);
  if (own.length < 2) {
    const warnings = (own[0] ?? view.backups[0])?.warnings.length ?? 0;
    return { tone: view.tone, lines: [{ text: view.headline, warnings }] };
  }
  const tone = WORST.find((t) => own.some((b) => b.tone === t)) ?? view.tone;
  return { tone, lines: own.map((b) => ({ text: `Backup ${b.backupIdPrefix}…: ${b.headline}`, warnings: b.warnings.length })) };
}

const thingsToLookAt = (n: number) => (n > 0 ? ` · ${n} ${n === 1 ? 'thing' : 'things'} to look at on the Copies screen` : '');

/** Home's summary of the copies: how many places hold a good, current copy, and what to do when too few do. */
export function CopiesHeadline() {
  const { view } = useCopies();
  if (!view) return null;
  const { tone, lines } = homeLines(view);
  const own = view.backups.find((b) => !b.demo) ?? view.backups[0];
  const wordsNeeded = own?.warnings.find((w) => w.code === 'words-needed');
  return (
    <section className={`copies-headline ${tonePanel(tone)}`} aria-label="Your copies">
      <div role="status">
        {lines.map((l) => (
          <p key={l.text}>
            <strong>{l.text}</strong>
            {thingsToLookAt(l.warnings)}
          </p>
        ))}
      </div>
      {own && own.unsealed > 0 && (
        <p>
          {own.unsealed === 1 ? '1 copy is' : `${own.unsealed} copies are`} in format 1: readable by anyone who finds the stick. Reseal them.
        </p>
      )}
      {wordsNeeded && <p>{wordsNeeded.message}</p>}
      <button type="button" className="link-button" onClick={() => navigate('copies')}>
        See your copies
      </button>
    </section>
  );
}
