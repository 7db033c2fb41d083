/** The bearer token of this browser tab: sessionStorage only, gone when the tab closes. */
const KEY = 'duban.token';

export interface Identity {
  id: string;
  name: string;
  roles: string[];
  /** the roles in Chinese, from the API */
  roleLabels: string[];
  unit: string;
}

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string) => sessionStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, '')),
  signOut: () => sessionStorage.removeItem(KEY),
};

export const canAdminister = (me: Identity | null) => !!me && me.roles.some((r) => r === 'ADMIN' || r === 'OFFICE');
export const isAdmin = (me: Identity | null) => !!me && me.roles.includes('ADMIN');
