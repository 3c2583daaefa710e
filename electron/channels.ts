/** The only two IPC channels: one for calls, one for events. Both carry contract names. */
export const CALL_CHANNEL = 'idbox:call';
export const EVENT_CHANNEL = 'idbox:event';
