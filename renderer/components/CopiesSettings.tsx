import { useEffect, useState } from 'react';
import { useApi } from '../api';

type Saved = { ok: boolean; text: string } | null;

/** copies.settings as it is now; undefined until read. */
function useCopiesSettings() {
  const api = useApi();
  const [value, setValue] = useState<{ staleDays: number; scheduleHours: number | null; boxCheckMinutes: number } | undefined>(undefined);
  useEffect(() => {
    void api.invoke('copies.settings', {}).then((res) => res.ok && setValue(res.value));
  }, [api]);
  return value;
}

function SavedLine({ saved }: { saved: Saved }) {
  return (
    <span role={saved?.ok === false ? 'alert' : 'status'} className={saved?.ok === false ? 'error-text' : 'saved-text'}>
      {saved ? ` ${saved.text}` : ''}
    </span>
  );
}

/** The schedule that keeps folders on this computer up to date (sticks are kept up to date when plugged in). */
export function FolderSchedule() {
  const api = useApi();
  const current = useCopiesSettings();
  const [schedule, setSchedule] = useState<number | null | undefined>(undefined);
  const [saved, setSaved] = useState<Saved>(null);
  if (current === undefined) return null;
  const value = schedule === undefined ? current.scheduleHours : schedule;

  async function save() {
    const res = await api.invoke('copies.settings', { scheduleHours: value });
    setSaved(res.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: res.error.message });
  }

  return (
    <div className="folder-schedule">
      <h3>Folders on this computer</h3>
      <p>
        <label>
          While this app runs, copy a changed backup into the folders on this computer that hold your archives:{' '}
          <select
            aria-label="Scheduled copies into folders"
            value={value === null ? 'off' : String(value)}
            onChange={(e) => {
              setSchedule(e.target.value === 'off' ? null : Number(e.target.value));
              setSaved(null);
            }}
          >
            <option value="off">never</option>
            <option value="1">every hour</option>
            <option value="6">every 6 hours</option>
            <option value="24">every day</option>
          </select>
        </label>{' '}
        <button type="button" onClick={() => void save()} aria-label="Save the folder schedule">
          Save
        </button>
        <SavedLine saved={saved} />
      </p>
    </div>
  );
}

/** When the newest copy is called old, and how often the box is asked whether its backup changed. */
export function CopiesChecks() {
  const api = useApi();
  const current = useCopiesSettings();
  const [staleDays, setStaleDays] = useState<string | null>(null);
  const [boxCheck, setBoxCheck] = useState<number | null>(null);
  const [saved, setSaved] = useState<Saved>(null);
  if (current === undefined) return null;
  const days = staleDays ?? String(current.staleDays);

  async function save() {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 3650) return setSaved({ ok: false, text: 'Enter a number of days between 1 and 3650.' });
    const res = await api.invoke('copies.settings', { staleDays: n, boxCheckMinutes: boxCheck ?? current!.boxCheckMinutes });
    setSaved(res.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: res.error.message });
  }

  return (
    <section className="panel" aria-labelledby="checks-title">
      <h2 id="checks-title">Checking your copies</h2>
      <p>
        <label>
          Warn when the newest verified copy is older than{' '}
          <input
            className="days-input"
            type="number"
            min={1}
            max={3650}
            value={days}
            onChange={(e) => {
              setStaleDays(e.target.value);
              setSaved(null);
            }}
            aria-label="Days before a copy is old"
          />{' '}
          days
        </label>
      </p>
      <p>
        <label>
          While this app runs, ask your box whether its backup changed:{' '}
          <select aria-label="How often to ask the box" value={String(boxCheck ?? current.boxCheckMinutes)} onChange={(e) => setBoxCheck(Number(e.target.value))}>
            {[1, 5, 15, 60].map((m) => (
              <option key={m} value={String(m)}>
                every {m === 1 ? 'minute' : m === 60 ? 'hour' : `${m} minutes`}
              </option>
            ))}
          </select>
        </label>
      </p>
      <button type="button" onClick={() => void save()} aria-label="Save how copies are checked">
        Save
      </button>
      <SavedLine saved={saved} />
    </section>
  );
}
