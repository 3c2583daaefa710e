import { z } from 'zod';
import { call, event } from './define';

// The archive calls and events. See README "Adding an IPC call".
export const archiveCalls = {};

export const archiveEvents = {};

// Keep the imports used until the first call lands here.
void z;
void call;
void event;
