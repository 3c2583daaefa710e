import { describe, expect, it } from 'vitest';
import { collectGarbage, garbagePacer } from './memory';

describe('garbage collection on request (a large pull keeps its peak memory near what it uses)', () => {
  it('really collects: an object nobody holds is finalized right after', async () => {
    let finalized = false;
    const registry = new FinalizationRegistry(() => (finalized = true));
    (() => registry.register({ payload: new Array(1000).fill('x') }, 'gone'))();
    for (let i = 0; i < 5 && !finalized; i++) {
      collectGarbage();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(finalized).toBe(true);
    expect('gc' in globalThis).toBe(false); // the program's own global object is left as it was
  });

  it('collects once per step of bytes, however the replies fall', () => {
    let calls = 0;
    const pace = garbagePacer(100, () => calls++);
    for (const total of [10, 60, 99, 100, 150, 199, 230, 260, 500]) pace(total);
    expect(calls).toBe(3); // at 100, at 230 (>= 200), at 500 (>= 330)
  });
});
