import { navigate } from '../router';

/** "Settings…" where settings used to be (History, Copies): one line saying what is there, one link to the Settings screen. */
export function SettingsLink({ what }: { what: string }) {
  return (
    <p className="settings-link">
      {what}{' '}
      <button type="button" className="link-button" onClick={() => navigate('settings')}>
        Settings…
      </button>
    </p>
  );
}
