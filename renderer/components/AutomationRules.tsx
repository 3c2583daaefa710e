import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import type { AutomationRule } from '../../shared/contract/drives';
import { useApi } from '../api';
import { age } from '../format';
import { routeParam } from '../router';

type Rule = z.infer<typeof AutomationRule>;

function LastRun({ rule }: { rule: Rule }) {
  const run = rule.lastRun;
  if (!run) return <span className="hint">Not run yet: it runs the next time the stick is plugged in.</span>;
  if (!run.ok) {
    return (
      <>
        <span className="badge badge-bad">Failed {age(run.at)}</span> <span className="rule-error">{run.error?.message}</span>
      </>
    );
  }
  if (run.note) {
    return (
      <>
        <span className="badge badge-bad">{run.upToDate ? 'Already there' : 'Archived'} {age(run.at)}, not complete</span> <span className="rule-error">{run.note.sentence}</span>
      </>
    );
  }
  return <span className="badge badge-ok">{run.upToDate ? `Already up to date, checked ${age(run.at)}` : `Archived ${age(run.at)}`}</span>;
}

/**
 * Every automatic-archive rule: which stick, which box, how the last run went; turn off or point at
 * the box's new address. `children`: what else archives by itself (the folder schedule), under it.
 */
export function AutomationRules({ children }: { children?: ReactNode }) {
  const api = useApi();
  const [rules, setRules] = useState<Rule[] | null>(null);
  // From a failure notice's "Change box address": that rule opens for editing.
  const [editing, setEditing] = useState<string | null>(() => routeParam('rule'));
  const [address, setAddress] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const load = () => void api.invoke('automation.list', {}).then((res) => setRules(res.ok ? res.value.rules : []));
  useEffect(() => {
    load();
    return api.on('automation.ran', load);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);
  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing, rules]);

  async function turnOff(rule: Rule) {
    const res = await api.invoke('automation.disable', { id: rule.id });
    setNotice(res.ok ? { ok: true, text: `"${rule.label}" no longer gets an archive automatically. Its archives stay on it.` } : { ok: false, text: res.error.message });
    load();
  }

  async function saveAddress(rule: Rule) {
    const res = await api.invoke('automation.setBox', { id: rule.id, boxUrl: address });
    if (res.ok) {
      setEditing(null);
      setNotice({ ok: true, text: `Saved: "${rule.label}" now archives from ${res.value.boxUrl}.` });
      load();
    } else setNotice({ ok: false, text: res.error.message });
  }

  if (rules === null) return null;
  return (
    <section className="panel automation-rules" aria-labelledby="auto-title">
      <h2 id="auto-title">Automatic archiving</h2>
      <h3>Sticks</h3>
      {rules.length === 0 ? (
        <p className="hint">
          No stick gets an archive automatically. After archiving to a stick, choose &ldquo;Archive automatically whenever this stick
          is plugged in&rdquo;.
        </p>
      ) : (
        <table>
          <caption className="visually-hidden">Sticks that get an archive automatically</caption>
          <thead>
            <tr>
              <th scope="col">Stick</th>
              <th scope="col">Box</th>
              <th scope="col">Last run</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td>{rule.label}</td>
                <td>
                  {editing === rule.id ? (
                    <form
                      className="path-row"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void saveAddress(rule);
                      }}
                    >
                      <label className="visually-hidden" htmlFor={`box-${rule.id}`}>
                        New address of the box for {rule.label}
                      </label>
                      <input id={`box-${rule.id}`} ref={input} value={address} onChange={(e) => setAddress(e.target.value)} placeholder="http://192.168.1.28:3100" spellCheck={false} />
                      <button type="submit" className="primary" disabled={!address.trim()}>
                        Save
                      </button>
                    </form>
                  ) : (
                    <code>{rule.boxUrl}</code>
                  )}
                </td>
                <td>
                  <LastRun rule={rule} />
                </td>
                <td>
                  <div className="row-actions">
                    {editing !== rule.id && (
                      <button
                        type="button"
                        onClick={() => {
                          setAddress(rule.boxUrl);
                          setEditing(rule.id);
                        }}
                      >
                        Change box address
                      </button>
                    )}
                    <button type="button" onClick={() => void turnOff(rule)}>
                      Turn off
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notice && (
        <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? '' : 'error-text'}>
          {notice.text}
        </p>
      )}
      {children}
    </section>
  );
}
