/** A GraphQL error in plain Chinese, with what to do next. */
import type { CombinedError } from 'urql';

const MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: '登录已失效或令牌无效。请重新登录。',
  FORBIDDEN: '您没有权限执行此操作。如需办理，请联系有权限的单位或督查室。',
  UNKNOWN_ACTOR: '组织机构中没有您的账号（或已调离）。请联系管理员维护组织机构。',
  NOT_FOUND: '没有找到该事项：它不存在，或您无权查看。',
  BAD_USER_INPUT: '填写的内容不符合要求。请检查标注的字段后重新提交。',
  EVENT_NOT_ACCEPTED: '该事项当前状态不接受这个操作（可能已被他人办理）。请刷新后查看当前状态。',
  VERSION_CONFLICT: '该事项刚刚被他人更新，您看到的不是最新版本。页面已刷新为最新内容，请确认后重新提交。',
  IDEMPOTENCY_KEY_REUSED: '重复提交的内容与先前不同。请刷新后重新填写。',
  SERVICE_UNAVAILABLE: '服务暂时不可用（数据库繁忙或维护中）。请稍后重试。',
  RATE_LIMITED: '失败尝试过多，请稍后再试。',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请精简后重试。',
  SLOW_CONSUMER: '实时连接跟不上更新，已断开。请刷新页面。',
};

export const codeOf = (error: CombinedError | undefined): string | null =>
  (error?.graphQLErrors[0]?.extensions?.code as string | undefined) ?? (error?.networkError ? 'NETWORK' : null);

export function plainError(error: CombinedError | undefined): string | null {
  if (!error) return null;
  const code = codeOf(error);
  if (code === 'NETWORK') return '无法连接服务器。请检查网络后重试。';
  const known = code ? MESSAGES[code] : undefined;
  const detail = error.graphQLErrors[0]?.message;
  return known ? `${known}${detail && code === 'BAD_USER_INPUT' ? `（${detail}）` : ''}` : `操作未完成：${detail ?? error.message}`;
}
