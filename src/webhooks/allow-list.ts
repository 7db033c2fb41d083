/**
 * Webhooks only reach hosts named in WEBHOOK_ALLOWED_HOSTS (no requests to arbitrary hosts:
 * SSRF). Entries are exact host names or addresses, or `*.example.gov.cn` for subdomains.
 */
export function hostAllowed(url: string, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((entry) => {
    const rule = entry.trim().toLowerCase();
    if (!rule) return false;
    return rule.startsWith('*.') ? host.endsWith(rule.slice(1)) && host.length > rule.length - 1 : host === rule;
  });
}
