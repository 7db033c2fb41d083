/**
 * The web console (挂图作战) at /console: a static bundle built by `npm run build` into
 * dist/console, a client of the public GraphQL API. Hashed assets are cached for a year,
 * index.html never (a new build is seen at once); every other path under /console is the
 * page itself, so links into the console survive a reload. A strict Content-Security-Policy
 * keeps the page to its own server: nothing is loaded from the internet.
 *
 * GET /console/dev-identities: for development only (NODE_ENV not production, and the
 * development JWT secret), the identities a newcomer may pick, each with a fresh token.
 * Anywhere else it answers 404, as for any unknown path.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Router } from 'express';
import type { Actor, Role } from '../../machines/definition';
import { mintToken } from '../auth/authenticator';
import type { Config } from '../config';
import { devDirectory } from '../directory/dev-seed';

/** The package root: the nearest folder above with a package.json (from src/ or dist/src/). */
function packageRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}

export const CONSOLE_DIR = path.join(packageRoot(__dirname), 'dist', 'console');

/** connect-src names the WebSocket origin of the same host: CSP's 'self' does not cover ws: everywhere. */
function contentSecurityPolicy(req: Request): string {
  const host = req.get('host') ?? '';
  const ws = /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    `connect-src 'self'${ws}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

export interface DevIdentity {
  group: '办公室' | '市政府领导' | '部门' | '镇街' | '管理员';
  label: string;
  actor: Actor;
  token: string;
}

const LEADER_ROLES: Record<string, Role> = { 市长: 'MAYOR', 常务副市长: 'EXECUTIVE_VICE_MAYOR', 副市长: 'VICE_MAYOR' };
const DEPARTMENTS = ['housing-zhang', 'transport-liu'];
const TOWNS = ['town-zhao'];

/** The office, each leader, a few departments and towns and the administrator of the development directory. */
export function devActors(): { group: DevIdentity['group']; actor: Actor }[] {
  const person = (id: string) => devDirectory.people.find((p) => p.id === id)!;
  const as = (id: string, role: Role) => {
    const p = person(id);
    return { id: p.id, name: p.name, roles: [role], unit: p.unit };
  };
  const leaders = devDirectory.people.filter((p) => LEADER_ROLES[p.position ?? '']);
  return [
    { group: '办公室', actor: as('office-wang', 'OFFICE') },
    ...leaders.map((p) => ({ group: '市政府领导' as const, actor: as(p.id, LEADER_ROLES[p.position!]) })),
    ...DEPARTMENTS.map((id) => ({ group: '部门' as const, actor: as(id, 'DEPARTMENT') })),
    ...TOWNS.map((id) => ({ group: '镇街' as const, actor: as(id, 'TOWN') })),
    { group: '管理员', actor: as('admin-1', 'ADMIN') },
  ];
}

const devIdentitiesAllowed = (config: Config) => config.env !== 'production' && config.auth.usingDevelopmentSecret;

export function consoleRouter(config: Config): Router {
  const router = express.Router();
  router.get('/console/dev-identities', async (_req, res, next) => {
    // past the page's fallback too: the same 404 as any unknown path
    if (!devIdentitiesAllowed(config)) return next('router');
    const registered = { issuer: config.auth.issuer?.[0], audience: config.auth.audience?.[0] };
    const identities: DevIdentity[] = await Promise.all(
      devActors().map(async ({ group, actor }) => ({
        group,
        label: `${actor.unit} · ${actor.name}`,
        actor,
        token: await mintToken(config.auth.jwtSecret, actor, '8h', registered),
      })),
    );
    res.set('Cache-Control', 'no-store').json({ identities });
  });
  router.use(
    '/console/assets',
    express.static(path.join(CONSOLE_DIR, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: true }),
  );
  // an asset that does not exist is a 404, not the page
  router.use('/console/assets', (_req, _res, next) => next('router'));
  router.get(/^\/console(\/.*)?$/, (req, res, next) => {
    const file = path.join(CONSOLE_DIR, 'index.html');
    if (!existsSync(file)) return next();
    res
      .type('html')
      .set('Cache-Control', 'no-cache')
      .set('Content-Security-Policy', contentSecurityPolicy(req))
      .set('X-Content-Type-Options', 'nosniff')
      .set('Referrer-Policy', 'no-referrer')
      .send(readFileSync(file));
  });
  return router;
}
