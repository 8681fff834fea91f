import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from './public-address';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * How webhook host names are resolved, both when a subscription is made and when each delivery
 * connects (so a name that later resolves inside cannot slip past: DNS rebinding). The system
 * resolver; tests replace `lookup` to play a rebinding name server.
 */
export const webhookDns: { lookup: (hostname: string) => Promise<ResolvedAddress[]> } = {
  lookup: (hostname) => lookup(hostname, { all: true }),
};

/**
 * Webhook URLs must be https and must reach only public addresses (SSRF, OWASP API7), unless
 * HUB_ALLOW_INSECURE_WEBHOOKS is set for development and tests. Every address the name
 * resolves to must be global unicast. Returns the reason a URL is refused, or null.
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
  // WHATWG URL has already turned 2130706433, 0x7f.1 and [::ffff:127.0.0.1] into canonical literals.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  // RFC 6761: localhost names are loopback whatever a resolver says.
  if (/(^|\.)localhost\.?$/i.test(host)) return INTERNAL;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await webhookDns.lookup(host)).map((a) => a.address);
  } catch {
    return 'its host name does not resolve';
  }
  if (!addresses.length || !addresses.every(isPublicAddress)) return INTERNAL;
  return null;
}

const INTERNAL =
  'must resolve only to public (global unicast) addresses, not loopback, private, link-local or otherwise reserved ones';
