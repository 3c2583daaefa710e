import { useEffect, useId, useState } from 'react';
import type { Volume } from '../../shared/contract/drives';
import type { FolderCheck } from '../../shared/contract/folders';
import type { Result } from '../../shared/result';
import { useApi } from '../api';
import './DestinationPicker.css';

interface Props {
  value: string | null;
  onChange(path: string | null): void;
  /** Told whether the chosen place can be written to right now (null) or why not (a sentence). */
  onUnavailable?(reason: string | null): void;
  /** A folder a link asked for (Copies' "Make a fresh archive"): checked by the one path rule and chosen when it is ready. */
  suggested?: string | null;
}

export const STICK_GONE = 'The stick you chose is unplugged. Plug it in again, or choose another place.';

const gb = (n: number | null) => (n === null ? 'unknown' : n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : `${Math.round(n / 1e6)} MB`);

/** Where the archive goes: sticks detected live as they are plugged in, or any folder. */
export function DestinationPicker({ value, onChange, onUnavailable, suggested }: Props) {
  const api = useApi();
  const id = useId();
  const [volumes, setVolumes] = useState<Volume[] | null>(null);
  const [nativeDialogs, setNativeDialogs] = useState(false);
  const [typed, setTyped] = useState(suggested ?? '');

  useEffect(() => {
    let alive = true;
    void api.invoke('drives.list', {}).then((res) => alive && res.ok && setVolumes(res.value.volumes));
    void api.invoke('app.info', {}).then((res) => alive && res.ok && setNativeDialogs(res.value.nativeDialogs));
    const off = api.on('drives.changed', (e) => setVolumes(e.volumes));
    return () => {
      alive = false;
      off();
    };
  }, [api]);

  // A stick that was chosen and then pulled out: say so plainly.
  const [picked, setPicked] = useState<string | null>(null);
  const pickedGone = picked !== null && picked === value && volumes !== null && !volumes.some((v) => v.mountPoint === picked);
  useEffect(() => onUnavailable?.(pickedGone ? STICK_GONE : null), [pickedGone, onUnavailable]);

  // The one path rule (shared with every path field): checked when the folder is chosen, not after "Archive now".
  const [check, setCheck] = useState<FolderCheck | null>(null);
  function settle(res: Result<FolderCheck>) {
    if (!res.ok) return setCheck({ path: typed, state: 'not-writable', sentence: res.error.message, canCreate: false });
    setCheck(res.value);
    if (res.value.state === 'ready') {
      setPicked(null);
      onChange(res.value.path);
    }
  }
  const chooseTyped = async () => settle(await api.invoke('folders.check', { path: typed }));
  useEffect(() => {
    if (!suggested) return;
    void api.invoke('folders.check', { path: suggested }).then(settle);
    // Once, for the folder the link named.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, suggested]);
  const createTyped = async () => settle(await api.invoke('folders.create', { path: typed }));

  async function browse() {
    const res = await api.invoke('dialog.pick', { kind: 'folder', title: 'Choose a folder for the archive' });
    if (res.ok && res.value.path) onChange(res.value.path);
  }

  const isStick = volumes?.some((v) => v.mountPoint === value) ?? false;
  return (
    <fieldset className="destination-picker">
      <legend className="visually-hidden">Where should the archive go?</legend>
      <p>Best: a USB stick you keep somewhere safe, offline. Plug it in now and it appears here.</p>
      {volumes === null && <p>Looking for USB sticks…</p>}
      {volumes?.length === 0 && <p className="no-sticks">No USB stick or SD card is plugged in.</p>}
      {volumes && volumes.length > 0 && (
        <ul className="stick-list">
          {volumes.map((v) => (
            <li key={v.id}>
              <label className={`stick ${value === v.mountPoint ? 'selected' : ''} ${v.writable ? '' : 'read-only'}`}>
                <input type="radio" name={`${id}-dest`} checked={value === v.mountPoint} disabled={!v.writable} onChange={() => {
                    setPicked(v.mountPoint);
                    onChange(v.mountPoint);
                  }}
                />
                <span className="stick-label">{v.label}</span>
                <span className="stick-facts">
                  {gb(v.free)} free · {v.filesystem ?? 'unknown format'} · <code>{v.mountPoint}</code>
                  {!v.writable && <strong> · read-only (check its lock switch)</strong>}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {pickedGone && (
        <p className="stick-gone" role="alert">
          {STICK_GONE}
        </p>
      )}
      <div className="folder-choice">
        {nativeDialogs ? (
          <button type="button" onClick={() => void browse()}>
            Choose a folder…
          </button>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-path`}>Or type the path of a folder</label>
            <div className="path-row">
              <input
                id={`${id}-path`}
                value={typed}
                onChange={(e) => {
                  setTyped(e.target.value);
                  setCheck(null);
                }}
                onKeyDown={(e) => e.key === 'Enter' && typed.trim() && void chooseTyped()}
                placeholder="~/Backups"
                spellCheck={false}
                aria-describedby={check?.sentence ? `${id}-path-check` : undefined}
                aria-invalid={check !== null && check.state !== 'ready'}
              />
              <button type="button" disabled={!typed.trim()} onClick={() => void chooseTyped()}>
                Use this folder
              </button>
            </div>
            <div aria-live="polite">
              {check?.sentence && (
                <p id={`${id}-path-check`} className={check.canCreate ? 'path-check' : 'path-check path-bad'}>
                  {check.sentence}{' '}
                  {check.canCreate && (
                    <button type="button" onClick={() => void createTyped()}>
                      Create this folder
                    </button>
                  )}
                </p>
              )}
            </div>
          </div>
        )}
        {value && !isStick && !pickedGone && (
          <p className="chosen-folder">
            Chosen folder: <code>{value}</code>
          </p>
        )}
      </div>
    </fieldset>
  );
}
