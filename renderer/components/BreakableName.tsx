import { Fragment } from 'react';

/** The last part of a path (a file or folder name), for a table row that names it. */
export const fileName = (path: string) => path.split(/[\\/]/u).filter(Boolean).pop() ?? path;

/**
 * A long name (file name, path) that may wrap only after its separators (- _ . / \), so
 * "idbox-4QxZ5yaZ-20261126T184633Z.idbox" breaks between its parts, never inside one.
 */
export function BreakableName({ name }: { name: string }) {
  const parts = name.split(/(?<=[-_./\\])/u);
  return (
    <code className="breakable-name">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </code>
  );
}
