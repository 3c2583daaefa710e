import { useEffect, useState } from 'react';
import { useApi } from '../api';
import { CopiesHeadline } from '../components/CopiesHeadline';
import { age } from '../format';
import { navigate } from '../router';
import { newestArchives, type NewestArchive } from '../components/newest-archives';
import './Home.css';

/** The three jobs, one sentence each, and the demo box for trying them safely. */
export function HomeScreen() {
  const api = useApi();
  const [newest, setNewest] = useState<NewestArchive[] | null | undefined>(undefined);
  const [demoOnly, setDemoOnly] = useState(false);
  useEffect(() => {
    void api.invoke('archive.catalog', {}).then((res) => {
      const lines = res.ok ? newestArchives(res.value.archives) : [];
      setNewest(lines.length ? lines : null);
      setDemoOnly(!lines.length && res.ok && res.value.archives.length > 0 && res.value.archives.every((a) => a.demo));
    });
  }, [api]);
  // A demo box already running (started from another tab, or before a visit to Home) is opened, not started again.
  const [demoRunning, setDemoRunning] = useState(false);
  useEffect(() => {
    void api.invoke('demo.status', {}).then((res) => setDemoRunning(res.ok && res.value.running));
  }, [api]);
  // Nothing archived yet (or not known yet): the demo comes before the three jobs.
  const firstStart = !newest && !demoOnly;
  const demo = (
    <aside className="demo-card" aria-labelledby="demo-title">
      <h2 id="demo-title">No box at hand?</h2>
      <p>
        Try every step with a <strong>demo box</strong> that runs inside this app with made-up identities. Nothing real is
        touched.
      </p>
      <button type="button" onClick={() => navigate('demo', { start: '1' })}>
        {demoRunning ? 'Open the demo box (it is running)' : 'Start the demo box'}
      </button>
    </aside>
  );
  return (
    <div className="home">
      <h1>Keep a safe, offline copy of your Identity Box backup</h1>
      <p className="lead">
        Your phone keeps its encrypted backup on your Identity Box. This app copies it to a USB stick or folder you control,
        puts it back on the box after a reset, and checks archives without ever seeing your secrets.
      </p>
      <CopiesHeadline />
      {newest && (
        <div className="newest-copy" role="status">
          {newest.map((n) => (
            <p key={n.backupIdPrefix}>
              Your newest verified archive{' '}
              {newest.length > 1 && (
                <>
                  of backup <code>{n.backupIdPrefix}…</code>{' '}
                </>
              )}
              was made <strong>{age(n.when)}</strong> on <code>{n.where}</code>.
            </p>
          ))}
          <button type="button" className="link-button" onClick={() => navigate('history')}>
            See all archives
          </button>
        </div>
      )}
      {/* With no archive at all, the copies line above already says there is no copy: said once. */}
      {newest === null && demoOnly && (
        <p className="newest-copy" role="status">
          You have no archive of your own backup yet (archives of the demo box do not count): start with “Archive my backup”.
        </p>
      )}
      {/* Before anything was archived, the demo is what a newcomer can try right away: above the fold. */}
      {firstStart && demo}
      <ul className="jobs">
        <li className="job">
          <h2>Archive my backup</h2>
          <p>Copy the encrypted backup from your box to a USB stick or folder, and check that it can bring your identities back.</p>
          <button type="button" className="primary" onClick={() => navigate('archive')}>
            Archive my backup
          </button>
        </li>
        <li className="job">
          <h2>Restore my box</h2>
          <p>After your box was reset, put an archive back on it — only once your 24 words prove it is yours.</p>
          <button type="button" className="primary" onClick={() => navigate('restore')}>
            Restore my box
          </button>
        </li>
        <li className="job">
          <h2>Inspect an archive</h2>
          <p>See whether an archive is complete and intact, without opening anything secret.</p>
          <button type="button" className="primary" onClick={() => navigate('inspect')}>
            Inspect an archive
          </button>
        </li>
      </ul>
      {!firstStart && demo}
      <p className="privacy-note">
        Your 24 words are never stored or sent anywhere by this app. Keep them written down, offline.
      </p>
    </div>
  );
}
