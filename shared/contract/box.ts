import { z } from 'zod';
import { call, event } from './define';

// The box calls and events. See README "Adding an IPC call".
export const boxCalls = {};

export const boxEvents = {};

// Keep the imports used until the first call lands here.
void z;
void call;
void event;
