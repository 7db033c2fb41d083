/** The shell: who is signed in, the navigation, and the page of the current path. */
import { useMemo, useState } from 'react';
import { Provider, gql, useQuery } from 'urql';
import { closeSocket, makeClient } from './api/client';
import { plainError, codeOf } from './api/errors';
import { canAdminister, session, type Identity } from './api/session';
import { Link, navigate, useRoute } from './router';
import { SignIn } from './pages/SignIn';
import { Wall } from './pages/Wall';
import { Ledger } from './pages/Ledger';
import { WorkflowPage } from './pages/WorkflowPage';
import { Tasks } from './pages/Tasks';
import { Statistics } from './pages/Statistics';
import { Admin } from './pages/Admin';

const ME = gql`
  query ConsoleMe {
    me { id name roles roleLabels unit }
  }
`;

export function App() {
  const [token, setToken] = useState(session.token());
  const client = useMemo(makeClient, [token]);
  const signIn = (t: string) => {
    session.signIn(t);
    setToken(session.token());
    navigate('/', true);
  };
  const signOut = () => {
    session.signOut();
    closeSocket();
    setToken(null);
  };
  if (!token) return <SignIn onToken={signIn} />;
  return (
    <Provider value={client}>
      <Shell onSignOut={signOut} />
    </Provider>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const [{ data, error, fetching }] = useQuery<{ me: Identity }>({ query: ME });
  const route = useRoute();
  if (fetching && !data) return <p className="loading">正在登录…</p>;
  if (error || !data) {
    const expired = codeOf(error) === 'UNAUTHENTICATED' || codeOf(error) === 'UNKNOWN_ACTOR';
    return (
      <div className="signin">
        <p className="error" role="alert">{plainError(error)}</p>
        <button onClick={onSignOut}>{expired ? '重新登录' : '退出'}</button>
      </div>
    );
  }
  const me = data.me;
  const nav: [string, string][] = [
    ['/', '挂图作战'],
    ['/ledger', '台账'],
    ['/tasks', '我的待办'],
    ...(canAdminister(me) ? ([['/statistics', '通报'], ['/admin', '管理']] as [string, string][]) : []),
  ];
  const section = '/' + (route.path.split('/')[1] ?? '');
  return (
    <div className="shell">
      <header>
        <h1>招远市督查督办</h1>
        <nav>
          {nav.map(([to, label]) => (
            <Link key={to} to={to} className={section === to || (to === '/ledger' && section === '/workflows') ? 'active' : ''}>
              {label}
            </Link>
          ))}
        </nav>
        <span className="me" data-testid="me">
          {me.unit} · {me.name}（{me.roleLabels.join('、')}）
        </span>
        <button className="link" onClick={onSignOut}>退出</button>
      </header>
      <main>{page(route.path, me)}</main>
    </div>
  );
}

function page(path: string, me: Identity) {
  const [, first, second] = path.split('/');
  switch (first) {
    case '':
      return <Wall />;
    case 'ledger':
      return <Ledger />;
    case 'workflows':
      return <WorkflowPage id={decodeURIComponent(second ?? '')} />;
    case 'tasks':
      return <Tasks />;
    case 'statistics':
      return canAdminister(me) ? <Statistics /> : <NoAccess />;
    case 'admin':
      return canAdminister(me) ? <Admin me={me} /> : <NoAccess />;
    default:
      return <p className="empty">页面不存在。<Link to="/">返回挂图作战</Link></p>;
  }
}

/** 通报 and 管理 are for ADMIN and OFFICE; others reaching their address see no form at all. */
function NoAccess() {
  return <p className="empty" data-testid="no-access">您没有权限查看此页面：通报与管理限市政府办公室（督查室）和系统管理员使用。<Link to="/">返回挂图作战</Link></p>;
}
