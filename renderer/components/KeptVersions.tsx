import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CatalogItem, KeptVersion } from '../../shared/contract/archive';
import { plural } from '../../shared/plural';
import { formatBytes } from '../../shared/units';
import { useApi } from '../api';
import { useOperation } from '../useOperation';
import { ProgressView } from './ProgressView';

type Item = z.infer<typeof CatalogItem>;
type Version = z.infer<typeof KeptVersion>;

const STAGES = [
  { id: 'connecting', label: 'Connecting' },
  { id: 'downloading', label: 'Fetching the kept copy' },
  { id: 'uploading', label: 'Putting it back' },
  { id: 'writing', label: 'Writing the archive' },
  { id: 'verifying', label: 'Checking' },
];

/**
 * The copies a box kept when its backup was replaced (backup-service 1.2), per remembered box:
 * archive one next to the newest archive of that box, or put it back on the box (the copy it
 * replaces is kept in turn, so nothing is lost either way).
 */
export function KeptVersions({ items }: { items: Item[] }) {
  const api = useApi();
  const [boxes, setBoxes] = useState<{ boxUrl: string; versions: Version[] }[]>([]);
  const [confirm, setConfirm] = useState<{ boxUrl: string; version: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const op = useOperation();

  const load = () =>
    void api.invoke('archive.rememberedBoxes', {}).then(async (res) => {
      if (!res.ok) return;
      const found = [];
      for (const { boxUrl } of res.value.boxes.slice(0, 10)) {
        const kept = await api.invoke('archive.versions', { boxUrl });
        if (kept.ok && kept.value.versions.length) found.push({ boxUrl, versions: kept.value.versions });
      }
      setBoxes(found);
    });
  useEffect(load, [api]);  

  const folderFor = (boxUrl: string) => items.find((i) => i.present && i.sourceBox === boxUrl)?.directory ?? null;

  async function archive(boxUrl: string, version: number, destination: string) {
    setNotice(null);
    const res = await op.run('archive.pull', (operationId) => ({ operationId, boxUrl, useRemembered: true, destination, remember: false, version }));
    setNotice(res.ok ? `Kept copy ${version} archived and verified: ${res.value.archive}` : res.error.message);
  }

  async function putBack(boxUrl: string, version: number) {
    setConfirm(null);
    setNotice(null);
    const res = await op.run('archive.restoreVersion', (operationId) => ({ operationId, boxUrl, version }));
    setNotice(res.ok ? `Kept copy ${version} is your box's backup again, read back and checked (${plural(res.value.files, 'file')}). The copy it replaced is kept too.` : res.error.message);
    load();
  }

  if (!boxes.length && !notice) return null;
  return (
    <section className="panel kept-versions" aria-labelledby="kept-title">
      <h2 id="kept-title">Copies your box kept when its backup was replaced</h2>
      {op.running && <ProgressView title="Working with a kept copy" stages={STAGES} progress={op.progress} estimate={op.estimate} onCancel={op.cancel} cancelling={op.cancelling} />}
      {notice && <p role="status">{notice}</p>}
      {boxes.map(({ boxUrl, versions }) => {
        const folder = folderFor(boxUrl);
        return (
          <table key={boxUrl} className="history-table">
            <caption>
              On <code>{boxUrl}</code>
            </caption>
            <thead>
              <tr>
                <th scope="col">Replaced</th>
                <th scope="col">Size</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <td>{new Date(v.replacedAt).toLocaleString()}</td>
                  <td>
                    {plural(v.files, 'file')}, {formatBytes(v.bytes)}
                  </td>
                  <td>
                    <div className="row-actions" role="group" aria-label={`Actions for the copy replaced ${v.replacedAt}`}>
                      <button type="button" disabled={op.running || !folder} title={folder ? `Into ${folder}` : 'Archive your backup once first, so the app knows where your archives go.'} onClick={() => folder && void archive(boxUrl, v.version, folder)}>
                        Archive it
                      </button>
                      {confirm?.boxUrl === boxUrl && confirm.version === v.version ? (
                        <>
                          <span className="hint">The box&apos;s current copy is kept too.</span>
                          <button type="button" className="danger" onClick={() => void putBack(boxUrl, v.version)}>
                            Put this copy back
                          </button>
                          <button type="button" onClick={() => setConfirm(null)}>
                            Keep the current one
                          </button>
                        </>
                      ) : (
                        <button type="button" disabled={op.running} onClick={() => setConfirm({ boxUrl, version: v.version })}>
                          Put it back on the box
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </section>
  );
}
