import { describe, expect, it } from 'vitest';
import { envelopeLength, MAX_MESSAGE_JSON, RENDEZVOUS_MAX_PAYLOAD, SOCKET_FRAME_OVERHEAD } from './box-protocol';
import { generateKeyPair, sealEnvelope } from './envelope';

describe('message budget', () => {
  it('predicts the exact envelope length of a message, so budgets hold byte for byte', () => {
    const key = generateKeyPair().secretKey;
    for (const n of [0, 1, 2, 3, 100, 4097, 65_536, 300_001]) {
      const message = { servicePath: 'x', method: 'y', params: ['z'.repeat(n)] };
      expect(sealEnvelope(message, key).length).toBe(envelopeLength(JSON.stringify(message).length));
    }
  });

  it('keeps a full message under the rendezvous 1 MB limit, since a larger one is dropped without a reply', () => {
    const framed = envelopeLength(MAX_MESSAGE_JSON) + SOCKET_FRAME_OVERHEAD;
    expect(framed).toBeLessThan(RENDEZVOUS_MAX_PAYLOAD);
    // ... while using most of it: the envelope is about 2.37x the JSON.
    expect(framed).toBeGreaterThan(0.94 * RENDEZVOUS_MAX_PAYLOAD);
    expect(envelopeLength(MAX_MESSAGE_JSON) / MAX_MESSAGE_JSON).toBeCloseTo(2.37, 2);
  });
});
