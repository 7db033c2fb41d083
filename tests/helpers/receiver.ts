/** A real HTTP endpoint on loopback for webhook deliveries, recording what it receives. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  /** every delivery answered 204, in arrival order */
  received: Delivery[];
  /** while true, deliveries are answered 503 and not recorded */
  down: boolean;
  /** starts listening on a free loopback port; its base URL */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Made at module level so a test file can name `received` at once; listens from beforeAll. */
export function makeReceiver(): Receiver {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (receiver.down) return void res.writeHead(503).end();
      receiver.received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  const receiver: Receiver = {
    received: [],
    down: false,
    listen: async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return receiver;
}

/** Waits, in small steps, until `check` holds; fails naming `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
