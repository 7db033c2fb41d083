/** A small router over the History API, under /console. */
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

const BASE = '/console';
const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  const url = `${BASE}${to.startsWith('/') ? to : `/${to}`}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

export interface Route {
  path: string;
  query: URLSearchParams;
}

const current = (): Route => ({
  path: location.pathname.slice(BASE.length).replace(/\/$/, '') || '/',
  query: new URLSearchParams(location.search),
});

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

export function Link(props: { to: string; children: ReactNode; className?: string; title?: string }) {
  const onClick = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={`${BASE}${props.to}`} onClick={onClick} className={props.className} title={props.title}>
      {props.children}
    </a>
  );
}
