/**
 * Mints a development token signed with the configured AUTH_JWT_SECRET.
 *   npm run token -- OFFICE                       # a token for the office, unit 督查室
 *   npm run token -- DEPARTMENT --unit 市住建局 --sub u-zhang --name 张三 --expires 2h
 */
import { ROLES, type Role } from '../machines/definition';
import { mintToken } from '../src/auth/authenticator';
import { loadConfig } from '../src/config';

const DEFAULT_UNITS: Record<Role, string> = {
  MAYOR: '市政府',
  EXECUTIVE_VICE_MAYOR: '市政府',
  VICE_MAYOR: '市政府',
  OFFICE: '市政府办公室',
  DEPARTMENT: '市住建局',
  TOWN: '罗峰街道',
  ADMIN: '信息中心',
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roles = (args[0] ?? '').split(',').filter(Boolean) as Role[];
  if (roles.length === 0 || roles.some((r) => !ROLES.includes(r))) {
    process.stderr.write(`usage: npm run token -- <ROLE[,ROLE]> [--unit U] [--sub ID] [--name N] [--expires 8h]\nroles: ${ROLES.join(' ')}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const token = await mintToken(
    config.auth.jwtSecret,
    {
      id: option(args, 'sub') ?? `dev-${roles[0].toLowerCase()}`,
      name: option(args, 'name') ?? `${roles[0]} 测试用户`,
      roles,
      unit: option(args, 'unit') ?? DEFAULT_UNITS[roles[0]],
    },
    option(args, 'expires') ?? '8h',
    // when the server checks iss/aud, development tokens carry the first configured value
    { issuer: config.auth.issuer?.[0], audience: config.auth.audience?.[0] },
  );
  process.stdout.write(`${token}\n`);
}

void main();
