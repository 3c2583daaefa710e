import { navigate } from '../router';
import '../screens/Copies.css';
import { useCopies } from '../useCopies';

/** Home's one line: how many places hold a good, current copy, and what to do when too few do. */
export function CopiesHeadline() {
  const { view } = useCopies();
  if (!view) return null;
  const warnings = view.backups.find((b) => !b.demo)?.warnings ?? view.backups[0]?.warnings ?? [];
  return (
    <section className={`copies-headline panel panel-${view.tone === 'good' ? 'ok' : view.tone === 'warn' ? 'warn' : 'error'}`} aria-label="Your copies">
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
