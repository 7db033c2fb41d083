/** Chinese labels the API gives as codes. */
export const LEVELS = ['RED', 'YELLOW', 'BLUE'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<string, string> = { BLUE: '蓝', YELLOW: '黄', RED: '红' };
export const LEVEL_MEANING: Record<string, string> = { BLUE: '正常推进', YELLOW: '临近期限', RED: '逾期未办' };
export const STATUS_LABELS: Record<string, string> = { ACTIVE: '进行中', DONE: '已办结', CANCELLED: '已撤销' };

const MINUTE = 60_000;

/**
 * Time left until `due` in plain words: 剩 3 天 / 剩 40 分钟 / 逾期 2 天, counted from `now` on the
 * server's clock (useServerNow); blank while that is not known yet.
 */
export function timeLeft(due: string | null | undefined, now: number | null): string {
  if (!due) return '—';
  if (now === null) return '';
  const ms = new Date(due).getTime() - now;
  const abs = Math.abs(ms);
  const words = abs < 60 * MINUTE ? `${Math.max(1, Math.round(abs / MINUTE))} 分钟` : abs < 24 * 60 * MINUTE ? `${Math.round(abs / (60 * MINUTE))} 小时` : `${Math.round(abs / (24 * 60 * MINUTE))} 天`;
  return ms >= 0 ? `剩 ${words}` : `逾期 ${words}`;
}

export const formatTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
