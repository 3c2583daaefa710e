import { base64urlSize, decodeBase64urlInto, fromUtf8 } from './base64url';

/**
 * Reading the opened bundle's JSON (identity-box.md §3) without building what is only counted.
 * `{ "ownIdentities": [...], "peerIdentities": "<base64url of the contacts' JSON>" }`: the contacts
 * are most of a large bundle (tens of megabytes), so their string is located in place and their
 * names counted by a streaming scan; every other member is small and parsed as JSON.
 */
export interface BundleMembers {
  /** Each top-level member but the contacts, parsed as JSON. */
  values: Map<string, unknown>;
  /** The contacts' base64url as ASCII bytes (a view into the JSON), or a parsed value when not plain. */
  peers?: Uint8Array | { parsed: unknown };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function bad(): never {
  throw new Error('not a bundle');
}

function skipSpace(json: Uint8Array, at: number): number {
  while (isSpace(json[at])) at++;
  return at;
}

/** The end (after the closing quote) of the JSON string starting at `at`. */
function stringEnd(json: Uint8Array, at: number): number {
  for (let i = at + 1; i < json.length; i++) {
    if (json[i] === BACKSLASH) i++;
    else if (json[i] === QUOTE) return i + 1;
  }
  return bad();
}

/** The end of the JSON value starting at `at`: found here, validated by JSON.parse afterwards. */
function valueEnd(json: Uint8Array, at: number): number {
  const first = json[at];
  if (first === QUOTE) return stringEnd(json, at);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    for (let i = at; i < json.length; i++) {
      const b = json[i];
      if (b === QUOTE) i = stringEnd(json, i) - 1;
      else if (b === 0x7b || b === 0x5b) depth++;
      else if ((b === 0x7d || b === 0x5d) && --depth === 0) return i + 1;
    }
    return bad();
  }
  let i = at;
  while (i < json.length && json[i] !== 0x2c && json[i] !== 0x7d && json[i] !== 0x5d && !isSpace(json[i])) i++;
  return i;
}

const parse = (bytes: Uint8Array): unknown => JSON.parse(fromUtf8(bytes));

/** The top-level members of the bundle's JSON object; throws when it is not one. */
export function bundleMembers(json: Uint8Array): BundleMembers {
  const members: BundleMembers = { values: new Map() };
  let at = skipSpace(json, 0);
  if (json[at++] !== 0x7b) bad();
  at = skipSpace(json, at);
  if (json[at] === 0x7d) at++;
  else {
    for (;;) {
      if (json[at] !== QUOTE) bad();
      const keyEnd = stringEnd(json, at);
      const key = parse(json.subarray(at, keyEnd)) as string;
      at = skipSpace(json, keyEnd);
      if (json[at++] !== 0x3a) bad();
      at = skipSpace(json, at);
      const end = valueEnd(json, at);
      if (end === at) bad();
      const value = json.subarray(at, end);
      if (key === 'peerIdentities') {
        // base64url needs no escape: a string without a backslash is its own characters.
        const plain = value[0] === QUOTE && !value.includes(BACKSLASH);
        members.peers = plain ? value.subarray(1, value.length - 1) : { parsed: parse(value) };
      } else members.values.set(key, parse(value));
      at = skipSpace(json, end);
      if (json[at] === 0x7d) {
        at++;
        break;
      }
      if (json[at++] !== 0x2c) bad();
      at = skipSpace(json, at);
    }
  }
  if (skipSpace(json, at) !== json.length) bad();
  return members;
}

const SIMPLE_ESCAPES = [...'"\\/bfnrt'].map((c) => c.charCodeAt(0));
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

const S = { Start: 0, KeyOrEnd: 1, Key: 2, Colon: 3, Value: 4, ValueString: 5, CommaOrEnd: 6, Done: 7 } as const;

/**
 * Counts the names of the contacts' JSON object `{ "<name>": "<did>", ... }` as it streams by, in
 * 48 KiB pieces: the contacts are never held as objects. A name written twice counts twice (the
 * phone's JSON.stringify never writes one twice). An array (the phone writes [] for no contacts)
 * counts 0. Throws when it is not such JSON.
 */
export function countPeers(base64url: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const piece = new Uint8Array(48 * 1024);
  const PIECE_CHARS = 64 * 1024;
  let state: number = S.Start;
  let escape = 0; // in a string: -1 just after a backslash, 1-4 hex digits left of a \u escape
  let count = 0;
  let isArray = false;
  const array: string[] = [];
  const feed = (text: string) => {
    if (isArray) return void array.push(text);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state === S.Key || state === S.ValueString) {
        if (escape === -1) {
          if (c === 0x75) escape = 4;
          else if (SIMPLE_ESCAPES.includes(c)) escape = 0;
          else bad();
        } else if (escape > 0) {
          if (!isHex(c)) bad();
          escape--;
        } else if (c === BACKSLASH) escape = -1;
        else if (c < 0x20) bad();
        else if (c === QUOTE) {
          if (state === S.Key) count++;
          state = state === S.Key ? S.Colon : S.CommaOrEnd;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === S.Start) {
        if (c === 0x5b) {
          // An array: parsed as JSON (only its validity matters), which the phone writes as [].
          isArray = true;
          array.push(text.slice(i));
          return;
        }
        if (c !== 0x7b) bad();
        state = S.KeyOrEnd;
      } else if (state === S.KeyOrEnd && c === 0x7d && count === 0) state = S.Done;
      else if (state === S.KeyOrEnd && c === QUOTE) state = S.Key;
      else if (state === S.Colon && c === 0x3a) state = S.Value;
      else if (state === S.Value && c === QUOTE) state = S.ValueString;
      else if (state === S.CommaOrEnd && c === 0x2c) state = S.KeyOrEnd;
      else if (state === S.CommaOrEnd && c === 0x7d) state = S.Done;
      else bad();
    }
  };
  const length = base64urlSize(base64url).chars;
  if (length % 4 === 1) bad();
  for (let at = 0; at < length; at += PIECE_CHARS) {
    const n = decodeBase64urlInto(base64url.subarray(at, Math.min(length, at + PIECE_CHARS)), piece);
    feed(decoder.decode(piece.subarray(0, n), { stream: true }));
  }
  feed(decoder.decode());
  if (isArray) {
    JSON.parse(array.join(''));
    return 0;
  }
  if (state !== S.Done) bad();
  return count;
}
