// The server's one logger (pino, JSON lines): internals go here with the build id, never to learners.
import { pino } from 'pino';

export const logger = pino({ name: 'multistage-lab', level: process.env.LOG_LEVEL ?? 'info' });
