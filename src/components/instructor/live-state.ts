// The dashboard's connection to its live feed: connecting, live, or reconnecting after a drop
// (EventSource reconnects by itself; a message or an open means it is back).

export type LiveState = 'connecting' | 'live' | 'reconnecting';
export type LiveEvent = 'open' | 'message' | 'error';

const TRANSITIONS: Record<LiveState, Partial<Record<LiveEvent, LiveState>>> = {
  connecting: { open: 'live', message: 'live', error: 'reconnecting' },
  live: { error: 'reconnecting' },
  reconnecting: { open: 'live', message: 'live' },
};

export const nextLiveState = (state: LiveState, event: LiveEvent): LiveState => TRANSITIONS[state][event] ?? state;
