/**
 * GraphiQL served from our own server: scripts and styles come from node_modules, so the page
 * works on a closed network (no CDN, no web fonts).
 */
import path from 'node:path';
import express, { type Router } from 'express';

const fromPackage = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

const ASSETS: Record<string, string> = {
  'react.js': fromPackage('react', 'umd/react.production.min.js'),
  'react-dom.js': fromPackage('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.js': fromPackage('graphiql', 'graphiql.min.js'),
  'graphiql.css': fromPackage('graphiql', 'graphiql.min.css'),
};

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>督查督办 GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script>
    // Put your token in the Headers tab: {"Authorization": "Bearer <token>"} (npm run token)
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultHeaders: '{"Authorization": "Bearer <token from npm run token>"}',
        defaultQuery: '# 督查督办 workflow API\\n{\\n  me { id name roles unit }\\n  machines { id title states { id label } }\\n}\\n',
      }),
    );
  </script>
</body>
</html>`;

export function graphiqlRouter(): Router {
  const router = express.Router();
  router.get('/graphiql', (_req, res) => {
    res.type('html').set('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:").send(PAGE);
  });
  router.get('/graphiql/assets/:name', (req, res) => {
    const file = ASSETS[req.params.name];
    if (!file) {
      res.status(404).end();
      return;
    }
    res.set('Cache-Control', 'public, max-age=86400').sendFile(file);
  });
  return router;
}

export const graphiqlAssetNames = Object.keys(ASSETS);
