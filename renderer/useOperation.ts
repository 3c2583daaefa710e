import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallName, CallRequest, CallResult } from '../shared/contract';
import type { ProgressEvent } from '../shared/contract/app';
import { createRateMeter, type RateEstimate } from '../shared/rate';

/** The rate and time left, and how long the current stage has run (shown while there is no rate yet). */
export type OperationEstimate = RateEstimate & { stageSeconds: number };
import type { Result } from '../shared/result';
import { useApi } from './api';

function newOperationId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** How often the rate and time left are recomputed while nothing new arrives, so they never look frozen. */
const TICK_MS = 1000;

/**
 * Runs one long operation: makes its id, follows its progress events (with a smoothed rate and
 * the time left) and offers cancel. Unmounting the screen cancels a running operation.
 */
export function useOperation() {
  const api = useApi();
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [estimate, setEstimate] = useState<OperationEstimate>({ rate: null, secondsLeft: null, stageSeconds: 0 });
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const idRef = useRef<string | null>(null);
  const meter = useRef(createRateMeter());
  const stageRef = useRef<{ stage: string; since: number } | null>(null);
  const measure = (now: number): OperationEstimate => ({
    ...meter.current.estimate(now),
    stageSeconds: stageRef.current ? (now - stageRef.current.since) / 1000 : 0,
  });

  useEffect(
    () =>
      api.on('operation.progress', (event) => {
        if (event.operationId !== idRef.current) return;
        const now = performance.now();
        if (stageRef.current?.stage !== event.stage) stageRef.current = { stage: event.stage, since: now };
        meter.current.add({ stage: event.stage, done: event.done, total: event.total, at: now });
        setEstimate(measure(now));
        setProgress(event);
      }),
    [api],
  );

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setEstimate(measure(performance.now())), TICK_MS);
    return () => clearInterval(timer);
  }, [running]);

  useEffect(
    () => () => {
      if (idRef.current) void api.invoke('operation.cancel', { operationId: idRef.current });
    },
    [api],
  );

  const run = useCallback(
    /** `seeds`: a known speed per stage (bytes per second, this box's last measured), for a time left that starts right. */
    async <N extends CallName>(name: N, makeRequest: (operationId: string) => CallRequest<N>, seeds: Record<string, number> = {}): Promise<Result<CallResult<N>>> => {
      const operationId = newOperationId();
      idRef.current = operationId;
      meter.current = createRateMeter(seeds);
      stageRef.current = null;
      setProgress(null);
      setEstimate({ rate: null, secondsLeft: null, stageSeconds: 0 });
      setCancelling(false);
      setRunning(true);
      try {
        return await api.invoke(name, makeRequest(operationId));
      } finally {
        idRef.current = null;
        setRunning(false);
        setCancelling(false);
      }
    },
    [api],
  );

  const cancel = useCallback(() => {
    if (!idRef.current) return;
    setCancelling(true);
    void api.invoke('operation.cancel', { operationId: idRef.current });
  }, [api]);

  return { run, cancel, progress, estimate, running, cancelling };
}
