/**
 * Following a NOTIFY channel, where the notification is only a hint to look and a table is the
 * truth: `onHint` runs on every notification, once after each (re)connect (for what changed while
 * nobody listened) and every `pollMs` in any case. A lost or refused listener tries again after a
 * second. The stream hub and the calendar follow their channels this way.
 */
import type { Listening, Notifications } from './sql';

const RECONNECT_MS = 1000;

export interface Following {
  /** Stops the poll and closes the listener; no hint comes after it resolves. */
  stop(): Promise<void>;
}

export async function followChannel(
  db: Notifications,
  channel: string,
  onHint: () => void,
  options: { pollMs: number; onError: (error: Error, what: string) => void },
): Promise<Following> {
  let stopped = false;
  let listener: Listening | null = null;
  const again = () => setTimeout(() => void listen(), RECONNECT_MS).unref();
  const listen = async (): Promise<void> => {
    if (stopped) return;
    try {
      const opened = await db.listen(channel, onHint, (error) => {
        listener = null;
        options.onError(error, `${channel} listener lost; reconnecting`);
        again();
      });
      // stopped while connecting: nobody else would close it
      if (stopped) return void (await opened.close().catch(() => undefined));
      listener = opened;
      onHint();
    } catch (error) {
      options.onError(error as Error, `${channel} listener could not connect; retrying`);
      again();
    }
  };
  await listen();
  const poll = setInterval(() => !stopped && onHint(), options.pollMs);
  poll.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(poll);
      await listener?.close().catch(() => undefined);
      listener = null;
    },
  };
}
