import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Webhook URLs must be https and must not point inside the hub's network (SSRF, OWASP API7),
 * unless HUB_ALLOW_INSECURE_WEBHOOKS is set for development and tests.
 * Returns the reason a URL is refused, or null.
 */
export async function webhookUrlProblem(url: string, allowInsecure: boolean): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.username || parsed.password) return 'must not carry credentials';
  if (allowInsecure) return ['https:', 'http:'].includes(parsed.protocol) ? null : 'must be an http(s) URL';
  if (parsed.protocol !== 'https:') return 'must be an https URL';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return 'its host name does not resolve';
  }
  if (addresses.some(isInternalAddress)) return 'must not resolve to a loopback, private or link-local address';
  return null;
}

export function isInternalAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}
