import { useEffect, useId, useRef, useState } from 'react';
import type { FolderListing } from '../../shared/contract/folders';
import type { Result } from '../../shared/result';
import { useApi } from '../api';
import './FolderBrowser.css';

interface Props {
  /** A folder or an archive chosen. */
  onPick(path: string): void;
  onClose(): void;
  /** What "Choose this folder" does, in the person's words. */
  chooseLabel?: string;
}

/**
 * The browser host's folder browser (the desktop app has its native dialog): the home folder and
 * plugged-in sticks, one folder at a time, by keyboard as by mouse. The listing comes from the
 * app (folders.list), which never shows anything outside those places.
 */
export function FolderBrowser({ onPick, onClose, chooseLabel = 'Check this folder' }: Props) {
  const api = useApi();
  const id = useId();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  function show(res: Result<FolderListing>) {
    if (!res.ok) return setProblem(res.error.message);
    setListing(res.value);
    setProblem(null);
    // The new folder's name is where the eyes (and a screen reader) go next.
    requestAnimationFrame(() => heading.current?.focus());
  }
  const open = async (directory: string | null) => show(await api.invoke('folders.list', { directory }));

  useEffect(() => {
    void api.invoke('folders.list', { directory: null }).then(show);
  }, [api]);

  return (
    <section
      className="panel folder-browser"
      aria-labelledby={`${id}-where`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="folder-places" role="group" aria-label="Places">
        {listing?.places.map((p) => (
          <button type="button" key={p.path} aria-pressed={listing.directory === p.path} onClick={() => void open(p.path)}>
            {p.label}
          </button>
        ))}
      </div>
      <h2 id={`${id}-where`} ref={heading} tabIndex={-1} className="folder-where">
        {listing ? <code>{listing.directory}</code> : 'Opening your home folder…'}
      </h2>
      {problem && (
        <p className="folder-problem" role="alert">
          {problem}
        </p>
      )}
      {listing && (
        <>
          <div className="actions">
            {listing.parent && (
              <button type="button" onClick={() => void open(listing.parent)}>
                Up to the folder above
              </button>
            )}
            <button type="button" className="primary" onClick={() => onPick(listing.directory)}>
              {chooseLabel}
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
          {listing.entries.length === 0 ? (
            <p className="hint">No folders or archives here.</p>
          ) : (
            <ul className="folder-entries" aria-label={`In ${listing.directory}`}>
              {listing.entries.map((e) => (
                <li key={e.path}>
                  <button type="button" onClick={() => (e.kind === 'folder' ? void open(e.path) : onPick(e.path))}>
                    {e.name}
                    <span className="hint">{e.kind === 'folder' ? ' (folder)' : ' (archive)'}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {listing.truncated && <p className="hint">This folder holds more than the app lists at once; type the path to go further.</p>}
        </>
      )}
    </section>
  );
}
