import { isKeyFile } from '../archive/manifest';
import { plural } from '../plural';
import { shortenIds } from '../redact';
import { terminalValue as v } from '../terminal';
import { STATUS_TEXT, type Report } from './report';

/** What `keyFilesSealed` means, in every report format and on screen. */
export const SEALED_TEXT = "sealed to the owner's words (format 2): only those words open them";

/** "N key files", or for a sealed archive "N sealed key files" counted from its file list (they cannot be read without the words): never "0 key files" for keys that are there. */
export function keyFilesPhrase(r: Pick<Report, 'keyFilesSealed' | 'files' | 'pems'>): string {
  return r.keyFilesSealed ? plural(r.files.filter((f) => isKeyFile(f.path)).length, 'sealed key file') : plural(r.pems.length, 'key file');
}

/** The report as it may leave the app: every backup id in a path or message shortened (reports may come back from the renderer). */
export function safeReport(r: Report): Report {
  return {
    ...r,
    path: shortenIds(r.path),
    backupId: r.backupId ? r.backupId.slice(0, 8) : null,
    files: r.files.map((f) => ({ ...f, path: shortenIds(f.path) })),
    problems: r.problems.map((p) => ({ ...p, message: shortenIds(p.message), ...(p.path ? { path: shortenIds(p.path) } : {}) })),
  };
}

/**
 * A readable text version of a report (for support tickets and `idbox inspect`). Every value from
 * the archive goes through the terminal sanitizer, so no name can rewrite the status line.
 */
export function reportToText(report: Report): string {
  const r = safeReport(report);
  const lines = [
    v(r.path),
    `  Status:      ${r.status.toUpperCase()} — ${STATUS_TEXT[r.status]}`,
    // What is wrong comes first, right under the status; the details and the per-file table after.
    ...(r.problems.length ? r.problems.map((p) => `  Problem [${v(p.code)}]${p.path ? ` ${v(p.path)}` : ''}: ${v(p.message)}`) : ['  Problems:    none']),
    `  Kind:        ${v(r.kind)}${r.format ? ` (${v(r.format)} v${v(r.formatVersion)})` : ''}`,
  ];
  if (r.backupId) lines.push(`  Backup:      ${v(r.backupId)}…`);
  if (r.createdAt) lines.push(`  Created:     ${v(r.createdAt)}${r.appVersion ? ` by app ${v(r.appVersion)}` : ''}`);
  if (r.sourceBox) lines.push(`  Source box:  ${v(r.sourceBox)}`);
  lines.push(`  Size:        ${r.size} bytes, ${r.files.length} files, ${keyFilesPhrase(r)}, ${r.didDocuments} DID documents`);
  if (r.keyFilesSealed) lines.push(`  Key files:   ${SEALED_TEXT}`);
  for (const p of r.pems) lines.push(`  Key ${v(p.path)}: ${v(p.kdf)} ${v(p.prf)}, ${v(p.iterations)} iterations, ${v(p.saltLength)}-byte salt, ${v(p.cipher)}`);
  if (r.mnemonicMatches !== undefined) lines.push(`  Words match: ${r.mnemonicMatches ? 'yes' : 'NO'}`);
  if (r.identities) lines.push(`  Identities:  ${r.identities.own} own (${r.identities.names.map(v).join(', ')}), ${r.identities.peers} peers`);
  for (const f of r.files) lines.push(`  ${f.ok ? 'ok ' : 'BAD'} ${v(f.path)}  ${v(f.size)} bytes  sha256 ${v(f.sha256)}`);
  return lines.join('\n');
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained HTML version (every value escaped; no scripts, no external resources). */
export function reportToHtml(input: Report[]): string {
  const body = input
    .map(safeReport)
    .map(
      (r) => `<section><h2>${esc(r.path)}</h2><p class="s-${r.status}"><strong>${esc(r.status.toUpperCase())}</strong> — ${esc(STATUS_TEXT[r.status])}</p>
${r.problems.length ? `<h3>Problems</h3><ul>${r.problems.map((p) => `<li><code>${esc(p.code)}</code>${p.path ? ` <em>${esc(p.path)}</em>` : ''}: ${esc(p.message)}</li>`).join('')}</ul>` : '<p>No problems found.</p>'}
<dl><dt>Kind</dt><dd>${esc(r.kind)}${r.format ? ` (${esc(r.format)} v${r.formatVersion})` : ''}</dd>
<dt>Backup</dt><dd>${r.backupId ? `${esc(r.backupId)}…` : '—'}</dd><dt>Created</dt><dd>${esc(r.createdAt ?? '—')}</dd>
<dt>Source box</dt><dd>${esc(r.sourceBox ?? '—')}</dd><dt>Size</dt><dd>${r.size} bytes</dd></dl>
<table><thead><tr><th>File</th><th>Size</th><th>SHA-256</th><th>OK</th></tr></thead><tbody>${r.files
        .map((f) => `<tr><td>${esc(f.path)}</td><td>${f.size}</td><td><code>${esc(f.sha256)}</code></td><td>${f.ok ? 'yes' : '<strong>NO</strong>'}</td></tr>`)
        .join('')}</tbody></table>
${r.keyFilesSealed ? `<p>${esc(SEALED_TEXT)}</p>` : ''}
${r.pems.length ? `<ul>${r.pems.map((p) => `<li>${esc(p.path)}: ${esc(p.kdf)} ${esc(p.prf)}, ${p.iterations} iterations, ${esc(p.cipher)}</li>`).join('')}</ul>` : ''}
</section>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Identity Box archive inspection</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}code{font-size:.85em}.s-ok{color:#17753a}.s-incomplete,.s-corrupt,.s-invalid{color:#b3261e}</style></head>
<body><h1>Identity Box archive inspection</h1><p>Generated ${esc(new Date().toISOString())}. Contains no secrets and no full backup ids.</p>${body}</body></html>\n`;
}
