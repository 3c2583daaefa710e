import { Decoder } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { EnvelopeDecoder, messagePacket } from './envelope-parser';

function decode(decoder: Decoder, text: string): unknown {
  let out: unknown = 'nothing';
  decoder.on('decoded', (packet: unknown) => (out = packet));
  try {
    decoder.add(text);
  } catch (err) {
    return `throws: ${(err as Error).message}`;
  }
  return out;
}

describe('the reply packet shortcut', () => {
  const envelope = 'eyJlbmNyeXB0ZWRNZXNzYWdlIjoiQUJDIn0'.repeat(1000);
  const cases = [
    `2/ns,["message","${envelope}"]`,
    `2/ns,["message",""]`,
    `2/AbC-_x,["message","with space and é"]`,
    `2/ns,["message","esc\\"aped"]`,
    `2/ns,["message","back\\\\slash"]`,
    `2/ns,["message","a","b"]`,
    `2/ns,["publicKey","abc"]`,
    `2/ns,12["message","abc"]`,
    `2["message","abc"]`,
    `0/ns,{"sid":"x"}`,
    `2/ns,["message",123]`,
    `2/ns,["message","unterminated]`,
    `4/ns,{"message":"Invalid namespace"}`,
  ];

  it.each(cases)('%s decodes exactly as the standard decoder does', (text) => {
    expect(decode(new EnvelopeDecoder(), text)).toEqual(decode(new Decoder(), text));
  });

  it('takes the common reply without parsing it, and leaves anything unusual to the standard decoder', () => {
    expect(messagePacket(`2/ns,["message","${envelope}"]`)?.data[1]).toBe(envelope);
    expect(messagePacket(`2/ns,["message","esc\\"aped"]`)).toBeNull();
    expect(messagePacket(`2/ns,["message","a","b"]`)).toBeNull();
    expect(messagePacket(`2/ns,12["message","abc"]`)).toBeNull();
  });
});
