/**
 * A smoothed transfer rate and the time left, as balenaEtcher shows them: an exponential moving
 * average of recent speed (so one slow packet does not make the ETA jump), restarted for each
 * stage because downloading and writing run at very different speeds.
 */
export interface RateSample {
  stage: string;
  done: number;
  total: number | null;
  /** Milliseconds (Date.now() or performance.now()). */
  at: number;
}

export interface RateEstimate {
  /** Bytes (or other units) per second; null until there is enough to tell. */
  rate: number | null;
  /** Seconds left at that rate, counted down from the last sample to `now`; null when unknown. */
  secondsLeft: number | null;
}

/** How quickly older speed is forgotten: about the last three seconds count. */
const TIME_CONSTANT_MS = 3000;
/** Below this much time or progress since the stage began, a rate would only be noise. */
const MIN_SPAN_MS = 400;

export function createRateMeter() {
  let stage: string | null = null;
  let first: RateSample | null = null;
  let last: RateSample | null = null;
  let rate: number | null = null;

  return {
    add(sample: RateSample): void {
      if (sample.stage !== stage || !last || sample.done < last.done) {
        stage = sample.stage;
        first = sample;
        last = sample;
        rate = null;
        return;
      }
      const dt = sample.at - last.at;
      if (dt <= 0) {
        last = { ...sample, at: last.at };
        return;
      }
      const instant = ((sample.done - last.done) / dt) * 1000;
      if (rate === null) {
        const span = sample.at - first!.at;
        if (span >= MIN_SPAN_MS && sample.done > first!.done) rate = ((sample.done - first!.done) / span) * 1000;
      } else {
        const weight = 1 - Math.exp(-dt / TIME_CONSTANT_MS);
        rate = rate + weight * (instant - rate);
      }
      last = sample;
    },

    estimate(now: number): RateEstimate {
      if (!last || rate === null || rate <= 0) return { rate: rate && rate > 0 ? rate : null, secondsLeft: null };
      if (last.total === null) return { rate, secondsLeft: null };
      const left = Math.max(0, last.total - last.done) / rate - Math.max(0, now - last.at) / 1000;
      return { rate, secondsLeft: Math.max(0, left) };
    },
  };
}
