import { useEffect, useState } from 'react';
import { useApi } from '../api';

/** How many archives to keep, and how remembered backup ids are stored. */
export function SettingsPanel() {
  const api = useApi();
  const [retention, setRetention] = useState<number | null>(null);
  const [storage, setStorage] = useState('');
  useEffect(() => {
    void api.invoke('archive.settings', {}).then((res) => {
      if (res.ok) {
        setRetention(res.value.retention);
        setStorage(res.value.storage);
      }
    });
  }, [api]);

  async function saveRetention(value: number) {
    setRetention(value);
    if (value >= 1 && value <= 1000) await api.invoke('archive.settings', { retention: value });
  }

  if (retention === null) return null;
  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <div className="field">
        <label htmlFor="retention">Archives to keep per backup in each folder or stick</label>
        <input id="retention" type="number" min={1} max={1000} value={retention} onChange={(e) => void saveRetention(Number(e.target.value))} />
        <p className="hint">Older archives are deleted only after a newer one has been written and verified.</p>
      </div>
      <p className="hint">{storage}</p>
    </section>
  );
}
