import { navigate } from '../router';
import '../screens/Copies.css';
import { useCopies } from '../useCopies';

/** Home's one line: how many places hold a good, current copy, and what to do when too few do. */
export function CopiesHeadline() {
  const { view } = useCopies();
  if (!view) return null;
  const own = view.backups.find((b) => !b.demo) ?? view.backups[0];
  const warnings = own?.warnings ?? [];
  const wordsNeeded = warnings.find((w) => w.code === 'words-needed');
  return (
    <section className={`copies-headline panel panel-${view.tone === 'good' ? 'ok' : view.tone === 'warn' ? 'warn' : 'error'}`} aria-label="Your copies">
      <p role="status">
        <strong>{view.headline}</strong>
        {warnings.length > 0 && ` · ${warnings.length} ${warnings.length === 1 ? 'thing' : 'things'} to look at`}
      </p>
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
