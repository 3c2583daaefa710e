import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallName, CallRequest, CallResult } from '../shared/contract';
import type { ProgressEvent } from '../shared/contract/app';
import type { Result } from '../shared/result';
import { useApi } from './api';

function newOperationId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/**
 * Runs one long operation: makes its id, follows its progress events and offers cancel.
 * Unmounting the screen cancels a running operation.
 */
export function useOperation() {
  const api = useApi();
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [running, setRunning] = useState(false);
  const idRef = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('operation.progress', (event) => {
        if (event.operationId === idRef.current) setProgress(event);
      }),
    [api],
  );

  useEffect(
    () => () => {
      if (idRef.current) void api.invoke('operation.cancel', { operationId: idRef.current });
    },
    [api],
  );

  const run = useCallback(
    async <N extends CallName>(name: N, makeRequest: (operationId: string) => CallRequest<N>): Promise<Result<CallResult<N>>> => {
      const operationId = newOperationId();
      idRef.current = operationId;
      setProgress(null);
      setRunning(true);
      try {
        return await api.invoke(name, makeRequest(operationId));
      } finally {
        idRef.current = null;
        setRunning(false);
      }
    },
    [api],
  );

  const cancel = useCallback(() => {
    if (idRef.current) void api.invoke('operation.cancel', { operationId: idRef.current });
  }, [api]);

  return { run, cancel, progress, running };
}
