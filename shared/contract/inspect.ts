import { z } from 'zod';
import { call, event } from './define';

// The inspect calls and events. See README "Adding an IPC call".
export const inspectCalls = {};

export const inspectEvents = {};

// Keep the imports used until the first call lands here.
void z;
void call;
void event;
