import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cutText, cutTooLong } from './cut';

describe('cutting a text to its limit', () => {
  it('keeps a text that fits, and ends a cut one with an ellipsis within the limit', () => {
    expect(cutText('KINGSTON', 200)).toBe('KINGSTON');
    const label = 'L'.repeat(241);
    expect(cutText(label, 200)).toHaveLength(200);
    expect(cutText(label, 200).endsWith('…')).toBe(true);
  });

  it('never splits a character made of two units', () => {
    const cut = cutText('😀'.repeat(150), 200);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut).toBe(`${'😀'.repeat(99)}…`);
  });

  it('fits each too-long text of a payload to its schema, and gives up on anything else', () => {
    const schema = z.object({ reason: z.string(), message: z.string().max(300).nullable(), nested: z.object({ label: z.string().max(10) }) });
    const payload = { reason: 'scrub', message: 'x'.repeat(320), nested: { label: 'a label that is long' } };
    const first = schema.safeParse(payload);
    expect(first.success).toBe(false);
    const fitted = cutTooLong(payload, first.error!.issues);
    expect(schema.safeParse(fitted).success).toBe(true);
    expect(fitted!.message).toHaveLength(300);
    expect(payload.message).toHaveLength(320); // the original is untouched
    const wrongType = schema.safeParse({ ...payload, reason: 3 });
    expect(cutTooLong(payload, wrongType.error!.issues)).toBeNull();
  });
});
