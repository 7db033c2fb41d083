/**
 * A local OTLP/HTTP receiver for `--tracing`: a process of its own (so it shares neither the
 * server's nor the load generator's event loop) that answers every POST /v1/traces with 200,
 * counts the spans and throws them away. It stands for a collector on the same machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const SINK = `
const http = require('node:http');
let spans = 0, bytes = 0, posts = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    bytes += body.length; posts++;
    try { for (const rs of JSON.parse(body).resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans += ss.spans.length; } catch {}
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
process.on('SIGTERM', () => { process.stdout.write(JSON.stringify({ spans, bytes, posts }) + '\\n'); process.exit(0); });
`;

export interface OtlpSink {
  url: string;
  /** stops it and says what it received */
  stop(): Promise<{ spans: number; bytes: number; posts: number }>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let waiting: ((line: string) => void) | null = null;
  let buffer = '';
  child.stdout!.on('data', (c: Buffer) => {
    buffer += c.toString();
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (waiting) {
        const w = waiting;
        waiting = null;
        w(line);
      } else lines.push(line);
    }
  });
  const next = () => (lines.length ? Promise.resolve(lines.shift()!) : new Promise<string>((r) => (waiting = r)));
  const { port } = JSON.parse(await next());
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const result = next();
      child.kill('SIGTERM');
      const counts = JSON.parse(await result);
      if (child.exitCode === null) await once(child, 'exit');
      return counts;
    },
  };
}
