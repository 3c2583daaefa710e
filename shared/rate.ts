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
/** A seed counts as this many seconds of transfer at its rate, then the stage's own bytes take over. */
const SEED_WEIGHT_S = 5;
/** The time left is said only once the last few finish times it implies agree. */
const PROJECTIONS = 4;
const MIN_AGREEING = 3;
/** How far apart those finish times may be: 1.5 s, or a fifth of the time left, whichever is more. */
const AGREE_MS = 1500;
const AGREE_SHARE = 0.2;

/**
 * `seeds`: a known speed for a stage (bytes per second, e.g. this box's last measured upload), so the
 * time left starts from it instead of from the stage's first, slowest second; the stage's own bytes
 * weigh in as they come. Without a seed the speed is the stage's own moving average.
 * The time left is said only once it is stable: the finish times of the last few samples agree
 * (with a seed, from the first one on, until the stage's own bytes contradict it).
 */
export function createRateMeter(seeds: Readonly<Record<string, number>> = {}) {
  let stage: string | null = null;
  let first: RateSample | null = null;
  let last: RateSample | null = null;
  let rate: number | null = null;
  let seed: number | null = null;
  let finishes: number[] = [];

  const project = () => {
    if (!last || last.total === null || rate === null || rate <= 0) return;
    finishes = [...finishes, last.at + (Math.max(0, last.total - last.done) / rate) * 1000].slice(-PROJECTIONS);
  };
  const stable = (): boolean => {
    if (finishes.length < (seed !== null ? 1 : MIN_AGREEING)) return false;
    const spread = Math.max(...finishes) - Math.min(...finishes);
    return spread <= Math.max(AGREE_MS, AGREE_SHARE * (finishes.at(-1)! - last!.at));
  };

  return {
    add(sample: RateSample): void {
      if (sample.stage !== stage || !last || sample.done < last.done) {
        stage = sample.stage;
        first = sample;
        last = sample;
        const known = seeds[sample.stage];
        seed = known !== undefined && Number.isFinite(known) && known > 0 ? known : null;
        rate = seed;
        finishes = [];
        project();
        return;
      }
      const dt = sample.at - last.at;
      if (dt <= 0) {
        last = { ...sample, at: last.at };
        return;
      }
      const instant = ((sample.done - last.done) / dt) * 1000;
      const span = sample.at - first!.at;
      if (seed !== null) {
        // The seed as SEED_WEIGHT_S seconds of transfer, plus everything this stage moved so far.
        rate = ((seed * SEED_WEIGHT_S + (sample.done - first!.done)) / (SEED_WEIGHT_S + span / 1000));
      } else if (rate === null) {
        if (span >= MIN_SPAN_MS && sample.done > first!.done) rate = ((sample.done - first!.done) / span) * 1000;
      } else {
        const weight = 1 - Math.exp(-dt / TIME_CONSTANT_MS);
        rate = rate + weight * (instant - rate);
      }
      last = sample;
      project();
    },

    estimate(now: number): RateEstimate {
      if (!last || rate === null || rate <= 0) return { rate: rate && rate > 0 ? rate : null, secondsLeft: null };
      if (last.total === null || !stable()) return { rate, secondsLeft: null };
      const left = Math.max(0, last.total - last.done) / rate - Math.max(0, now - last.at) / 1000;
      return { rate, secondsLeft: Math.max(0, left) };
    },
  };
}
