/**
 * Sign-in: a bearer token, kept for this tab only (sessionStorage). Where the server offers
 * development identities (never in production), a chooser of every role's view.
 */
import { useEffect, useState, type FormEvent } from 'react';

interface DevIdentity {
  group: string;
  label: string;
  actor: { id: string; name: string; roles: string[]; unit: string };
  token: string;
}

export function SignIn({ onToken }: { onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [identities, setIdentities] = useState<DevIdentity[] | null>(null);
  useEffect(() => {
    fetch('/console/dev-identities', { headers: { accept: 'application/json' } })
      .then((res) => (res.ok ? res.json() : null))
      .then((body) => setIdentities(body?.identities ?? null))
      .catch(() => setIdentities(null));
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) onToken(token);
  };
  const groups = [...new Set(identities?.map((i) => i.group) ?? [])];
  return (
    <div className="signin">
      <h1>招远市督查督办 · 挂图作战</h1>
      <form onSubmit={submit}>
        <label>
          访问令牌（Bearer token）
          <textarea value={token} onChange={(e) => setToken(e.target.value)} rows={3} name="token" placeholder="粘贴统一身份认证签发的令牌" />
        </label>
        <p className="hint">令牌只保存在本标签页中，关闭即失效。</p>
        <button type="submit">登录</button>
      </form>
      {identities && (
        <section className="dev-identities" aria-label="开发环境身份">
          <h2>开发环境：选择身份</h2>
          <p className="hint">仅在开发环境提供，生产环境不可用。</p>
          {groups.map((g) => (
            <div key={g} className="identity-group">
              <h3>{g}</h3>
              {identities.filter((i) => i.group === g).map((i) => (
                <button key={i.actor.id + i.actor.roles[0]} type="button" onClick={() => onToken(i.token)} data-identity={i.actor.id}>
                  {i.label}
                </button>
              ))}
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
