import { useEffect, useRef } from 'react';
import type { z } from 'zod';
import type { PullResult } from '../../shared/contract/archive';
import { navigate } from '../router';
import { ArchiveSize } from './ArchiveSuccess';

interface Props {
  result: z.infer<typeof PullResult> & { alreadyThere: { createdAt: string; verifiedAt: string } };
  onAnotherPlace(): void;
  onDuplicate(): void;
}

/**
 * A second archive of an unchanged backup to the same place: nothing was written, the copy that is
 * there was read back and judged just now, and a duplicate is written only if the person asks.
 */
export function ArchiveAlreadyThere({ result, onAnotherPlace, onDuplicate }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const place = result.stick ? `the stick “${result.stick.label}”` : 'this folder';
  return (
    <section className="panel panel-ok archive-success" aria-labelledby="there-title">
      <h1 id="there-title" tabIndex={-1} ref={heading}>
        Already there, verified just now
      </h1>
      <p role="status">
        {result.stick ? 'The stick' : 'This folder'} already holds an archive of the backup your box has now. We read it back just now:
        every checksum matched and it can bring your identities back. Nothing new was written.
      </p>
      <dl className="facts">
        <dt>File</dt>
        <dd>
          <code>{result.fileName}</code>
        </dd>
        <dt>Where</dt>
        <dd>
          {result.stick ? `on the stick “${result.stick.label}”` : 'in the folder'} <code>{result.directory}</code>
        </dd>
        <dt>Made</dt>
        <dd>{new Date(result.alreadyThere.createdAt).toLocaleString()}</dd>
        <dt>Size</dt>
        <dd>
          <ArchiveSize result={result} />
        </dd>
      </dl>
      <p>A second copy in the same place adds little: if {place} is lost, both copies are. A copy in another place protects you better.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onAnotherPlace}>
          Archive to another place
        </button>
        <button type="button" onClick={onDuplicate}>
          Write another copy here anyway
        </button>
        <button type="button" onClick={() => navigate('history')}>
          See all archives
        </button>
      </div>
    </section>
  );
}
