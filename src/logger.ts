import pino, { type Logger } from 'pino';

/** JSON logs on stdout. */
export function makeLogger(level: string): Logger {
  return pino({ level, base: { service: 'duban-workflow' }, timestamp: pino.stdTimeFunctions.isoTime });
}
