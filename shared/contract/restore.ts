import { z } from 'zod';
import { call, event } from './define';

// The restore calls and events. See README "Adding an IPC call".
export const restoreCalls = {};

export const restoreEvents = {};

// Keep the imports used until the first call lands here.
void z;
void call;
void event;
