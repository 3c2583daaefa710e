import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../electron/channels';
import { CALL_NAMES, EVENT_NAMES } from '../shared/contract';
import { API_GLOBAL } from '../shared/contract/global';
import { calls } from './electron-standin/record';
import { contextBridge, droppedFiles, exposed, ipcRenderer, webUtils } from './electron-standin/renderer';
import { root } from './electron-standin/driver';

// The BUILT preload (dist-electron/preload.cjs) as a sandboxed page loads it: a script whose only
// `require` is Electron's renderer modules (here the stand-in's contextBridge, ipcRenderer and
// webUtils), in a context with nothing of Node.
const out = join(root, '.tmp', `electron-preload-${process.pid}`);
type Api = { invoke(name: string, request: unknown): Promise<unknown>; on(name: string, listener: (payload: unknown) => void): () => void; pathForFile(file: object): string };
let api: Api;
const required: string[] = [];

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', out], { cwd: root, stdio: 'pipe' });
  const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
  const context = vm.createContext({});
  const module = { exports: {} };
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return { contextBridge, ipcRenderer, webUtils };
  };
  const run = vm.runInContext(`(function (require, module, exports) {\n${code}\n})`, context, { filename: 'preload.cjs' }) as (...args: unknown[]) => void;
  run(require, module, module.exports);
  api = exposed.get(API_GLOBAL) as Api;
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the built preload', () => {
  it('requires only electron and exposes one object, under the name the renderer looks for', () => {
    expect([...new Set(required)]).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual([API_GLOBAL]);
    expect(calls.filter((c) => c.api === 'contextBridge')).toHaveLength(1);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it('sends every call of the contract to the main process on the call channel, and returns its answer', async () => {
    ipcRenderer.respond = async (channel, name, request) => ({ ok: true, value: { channel, name, request } });
    for (const name of CALL_NAMES) {
      const request = { probe: name };
      expect(await api.invoke(name, request)).toEqual({ ok: true, value: { channel: CALL_CHANNEL, name, request } });
    }
    const invokes = calls.filter((c) => c.api === 'ipcRenderer' && c.method === 'invoke');
    expect(invokes.map((c) => c.args[1])).toEqual(CALL_NAMES);
  });

  it('delivers the events a listener asked for, and `on`\'s return removes that listener', () => {
    const [name, other] = EVENT_NAMES as [string, string];
    const seen: unknown[] = [];
    const off = api.on(name, (payload) => seen.push(payload));
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(1);
    ipcRenderer.emit(EVENT_CHANNEL, {}, { event: name, payload: { n: 1 } });
    ipcRenderer.emit(EVENT_CHANNEL, {}, { event: other, payload: { n: 2 } });
    ipcRenderer.emit(EVENT_CHANNEL, {}, null);
    expect(seen).toEqual([{ n: 1 }]);
    off();
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
    ipcRenderer.emit(EVENT_CHANNEL, {}, { event: name, payload: { n: 3 } });
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('asks Electron for a dropped file\'s path', () => {
    const file = {};
    droppedFiles.set(file, '/media/KINGSTON/idbox-4QxZ5yaZ-20261126T184633Z.idbox');
    expect(api.pathForFile(file)).toBe('/media/KINGSTON/idbox-4QxZ5yaZ-20261126T184633Z.idbox');
  });
});
