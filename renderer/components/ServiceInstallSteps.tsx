import { useEffect, useState } from 'react';
import type { ServicePackage } from '../../shared/contract/box';
import { useApi } from '../api';

interface Props {
  /** Why the steps are shown: the box lacks the service, or it was reset (a reset removes it too). */
  reason: 'missing' | 'reset';
}

/**
 * How a box owner installs the backup service (box/README.md), with the package to copy to the box:
 * "Save the box service package…" in the desktop app, a download link (and where the file lies on
 * this computer) in the browser version.
 */
export function ServiceInstallSteps({ reason }: Props) {
  const api = useApi();
  const [native, setNative] = useState(false);
  const [pkg, setPkg] = useState<ServicePackage | null>(null);
  const [href, setHref] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    let url: string | null = null;
    void api.invoke('app.info', {}).then((res) => alive && res.ok && setNative(res.value.nativeDialogs));
    void api.invoke('box.servicePackage', {}).then((res) => {
      if (!alive) return;
      if (!res.ok) return setMessage(res.error.message);
      setPkg(res.value);
      const bytes = Uint8Array.from(atob(res.value.contentBase64), (c) => c.charCodeAt(0));
      url = URL.createObjectURL(new Blob([bytes], { type: 'application/gzip' }));
      setHref(url);
    });
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api]);

  async function save() {
    if (!pkg) return;
    const picked = await api.invoke('dialog.pick', { kind: 'save-report', title: 'Save the box service package', defaultName: pkg.fileName });
    if (!picked.ok || !picked.value.path) return;
    const res = await api.invoke('box.saveServicePackage', { path: picked.value.path });
    setMessage(res.ok ? `Saved to ${res.value.saved}. Copy it to your box, then follow the steps below.` : res.error.message);
  }

  const file = pkg?.fileName ?? 'identity-box-companion-backup-service-<version>.tgz';
  return (
    <section className="service-steps" aria-label="Install the backup service on your box">
      <p>
        <strong>{reason === 'reset' ? 'After a reset or re-flash, install the backup service again.' : 'Install the backup service on your box.'}</strong>{' '}
        {reason === 'reset'
          ? 'A reset removes it along with the backups; the restore needs it. It takes a minute:'
          : 'It is one small package; install it the way the box installs its own services:'}
      </p>
      <ol>
        <li>
          Get the package{pkg ? ` (version ${pkg.version}, ${Math.round(pkg.bytes / 1024)} KB)` : ''}:{' '}
          {native ? (
            <button type="button" onClick={() => void save()} disabled={!pkg}>
              Save the box service package…
            </button>
          ) : href ? (
            <>
              <a href={href} download={file}>
                Download the box service package
              </a>
              {pkg && (
                <>
                  {' '}
                  (it is also at <code>{pkg.path}</code> on this computer)
                </>
              )}
            </>
          ) : (
            <span>finding it…</span>
          )}{' '}
          and copy it to the box, for example <code>scp {file} pi@&lt;box&gt;:</code>
        </li>
        <li>
          On the box, as the user that runs the box services:
          <pre>
            <code>{`mkdir -p ~/idbox/backup-service && cd ~/idbox/backup-service\nnpm install ~/${file}\npm2 start ecosystem.config.cjs\npm2 save`}</code>
          </pre>
        </li>
        <li>Come back here and choose Check again.</li>
      </ol>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
