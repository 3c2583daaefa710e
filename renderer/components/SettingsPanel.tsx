import { useEffect, useState } from 'react';
import { plural } from '../../shared/plural';
import { useApi } from '../api';

/** Parses the retention field: a whole number from 1 to 1000, or the sentence that says what is wrong. */
export function parseRetention(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const value = Number(text.trim());
  if (!text.trim() || !Number.isInteger(value)) return { ok: false, message: 'Type a whole number, for example 10.' };
  if (value < 1) return { ok: false, message: 'Keep at least 1 archive: 0 or less would delete every archive, including the newest.' };
  if (value > 1000) return { ok: false, message: 'Keep at most 1000 archives per backup in each place.' };
  return { ok: true, value };
}

/** How many archives to keep, which boxes are remembered, and how remembered ids are stored (two sections of Settings). */
export function SettingsPanel() {
  const api = useApi();
  const [retention, setRetention] = useState<string | null>(null);
  const [storage, setStorage] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [boxes, setBoxes] = useState<{ boxUrl: string; backupIdPrefix: string | null; demo: boolean }[]>([]);
  const [forgot, setForgot] = useState<string | null>(null);
  const loadBoxes = () => void api.invoke('archive.rememberedBoxes', {}).then((res) => res.ok && setBoxes(res.value.boxes));
  useEffect(() => {
    void api.invoke('archive.settings', {}).then((res) => {
      if (res.ok) {
        setRetention(String(res.value.retention));
        setStorage(res.value.storage);
      }
    });
    loadBoxes();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  async function save() {
    const parsed = parseRetention(retention ?? '');
    if (!parsed.ok) return setResult({ ok: false, text: parsed.message });
    const res = await api.invoke('archive.settings', { retention: parsed.value });
    setResult(res.ok ? { ok: true, text: `Saved: up to ${plural(res.value.retention, 'archive')} of each backup are kept in each folder or stick.` } : { ok: false, text: res.error.message });
  }

  async function forget(boxUrl: string) {
    const res = await api.invoke('archive.forget', { boxUrl });
    setForgot(res.ok ? `${boxUrl} is forgotten: the next archive from it asks for your 24 words again.` : res.error.message);
    loadBoxes();
  }

  if (retention === null) return null;
  return (
    <>
    <section className="panel settings" aria-labelledby="retention-title">
      <h2 id="retention-title">Archives kept</h2>
      <form
        className="field"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label htmlFor="retention">Archives to keep per backup in each folder or stick</label>
        <div className="path-row retention-row">
          <input
            id="retention"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            value={retention}
            aria-invalid={result?.ok === false}
            aria-describedby="retention-hint retention-result"
            onChange={(e) => {
              setRetention(e.target.value);
              setResult(null);
            }}
          />
          <button type="submit">Save</button>
        </div>
        <p className="hint" id="retention-hint">
          Older archives are deleted only after a newer one has been written and verified, and a complete archive never while the newer ones are incomplete.
        </p>
        <p id="retention-result" role={result?.ok === false ? 'alert' : 'status'} className={result?.ok === false ? 'error-text' : 'saved-text'}>
          {result?.text}
        </p>
      </form>
    </section>

    <section className="panel settings" aria-labelledby="boxes-title">
      <h2 id="boxes-title">Remembered boxes</h2>
      {boxes.length === 0 ? (
        <p className="hint">No box is remembered: every archive asks for your 24 words.</p>
      ) : (
        <ul className="remembered-boxes">
          {boxes.map((b) => (
            <li key={b.boxUrl}>
              {b.demo && 'The demo box, '}
              <code>{b.boxUrl}</code> — {b.demo ? 'demo backup' : 'backup'} <code>{b.backupIdPrefix ?? '?'}…</code>{' '}
              <button type="button" onClick={() => void forget(b.boxUrl)}>
                Forget this box
              </button>
            </li>
          ))}
        </ul>
      )}
      {forgot && <p role="status">{forgot}</p>}
      <p className="hint">{storage}</p>
    </section>
    </>
  );
}
