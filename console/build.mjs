/**
 * Builds the console into dist/console: one index.html and hashed assets (long-cached by the
 * server). Everything is bundled: the page loads nothing but what our own server serves.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.dirname(new URL(import.meta.url).pathname);
const out = path.join(root, '..', 'dist', 'console');
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: [path.join(root, 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  define: { 'process.env.NODE_ENV': '"production"' },
  jsx: 'automatic',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(out, path.resolve(file)));
const script = outputs.find((f) => f.endsWith('.js'));
const style = outputs.find((f) => f.endsWith('.css'));
const html = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>督查督办 · 挂图作战</title>
  ${style ? `<link rel="stylesheet" href="/console/${style}" />` : ''}
  <script type="module" src="/console/${script}"></script>
</head>
<body>
  <div id="root"></div>
  <noscript>督查督办控制台需要启用 JavaScript。</noscript>
</body>
</html>
`;
writeFileSync(path.join(out, 'index.html'), html);

const sizes = outputs.map((f) => {
  const bytes = readFileSync(path.join(out, f));
  return `${f} ${(bytes.length / 1024).toFixed(1)} KB (gzip ${(gzipSync(bytes).length / 1024).toFixed(1)} KB)`;
});
writeFileSync(path.join(out, 'sizes.txt'), sizes.join('\n') + '\n');
if (!process.env.npm_config_loglevel?.startsWith('silent')) process.stdout.write(`console: ${sizes.join('; ')}\n`);
