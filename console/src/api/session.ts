/** The bearer token of this browser tab: sessionStorage only, gone when the tab closes. */
const KEY = 'duban.token';

export interface Identity {
  id: string;
  name: string;
  roles: string[];
  unit: string;
}

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string) => sessionStorage.setItem(KEY, token.trim().replace(/^Bearer\s+/i, '')),
  signOut: () => sessionStorage.removeItem(KEY),
};

export const ROLE_LABELS: Record<string, string> = {
  MAYOR: '市长',
  EXECUTIVE_VICE_MAYOR: '常务副市长',
  VICE_MAYOR: '分管副市长',
  OFFICE: '市政府办公室（督查室）',
  DEPARTMENT: '市政府工作部门',
  TOWN: '镇街区',
  ADMIN: '系统管理员',
};

export const canAdminister = (me: Identity | null) => !!me && me.roles.some((r) => r === 'ADMIN' || r === 'OFFICE');
export const isAdmin = (me: Identity | null) => !!me && me.roles.includes('ADMIN');
