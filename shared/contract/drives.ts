import { z } from 'zod';
import { call, event } from './define';

// The drives calls and events. See README "Adding an IPC call".
export const drivesCalls = {};

export const drivesEvents = {};

// Keep the imports used until the first call lands here.
void z;
void call;
void event;
