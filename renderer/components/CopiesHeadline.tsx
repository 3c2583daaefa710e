import { navigate } from '../router';
import '../screens/Copies.css';
import { useCopies } from '../useCopies';

/** The panel of a copies headline: green, amber, red, or plain when there is nothing to judge (demo not running, nothing yet). */
export const tonePanel = (tone: 'good' | 'warn' | 'bad' | 'neutral') => (tone === 'neutral' ? 'panel' : `panel panel-${tone === 'good' ? 'ok' : tone === 'warn' ? 'warn' : 'error'}`);

/** Home's one line: how many places hold a good, current copy, and what to do when too few do. */
export function CopiesHeadline() {
  const { view } = useCopies();
  if (!view) return null;
  const warnings = view.backups.find((b) => !b.demo)?.warnings ?? view.backups[0]?.warnings ?? [];
  return (
    <section className={`copies-headline ${tonePanel(view.tone)}`} aria-label="Your copies">
      <p role="status">
        <strong>{view.headline}</strong>
        {warnings.length > 0 && ` · ${warnings.length} ${warnings.length === 1 ? 'thing' : 'things'} to look at`}
      </p>
      <button type="button" className="link-button" onClick={() => navigate('copies')}>
        See your copies
      </button>
    </section>
  );
}
