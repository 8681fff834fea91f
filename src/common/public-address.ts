import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
/** NAT64 well-known prefix (RFC 6052): the last 32 bits are an IPv4 address, judged as such. */
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
/** IPv4-compatible addresses (RFC 4291 2.5.5.1, deprecated): `::7f00:1` reaches 127.0.0.1 on some stacks. */
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');

/**
 * Whether a webhook may be sent to this IP address: only global unicast, in every spelling an
 * address can take (the review found `::ffff:7f00:1`, `::7f00:1`, `64:ff9b::/96`, 198.18/15,
 * multicast, broadcast and 240/4 slipping through a hand-written list). ipaddr.js names the
 * special ranges; anything with a name other than `unicast` is refused. An IPv6 address that
 * carries an IPv4 one (mapped, RFC 6145 translated, NAT64) is judged by the IPv4 address it
 * reaches. 6to4 and Teredo tunnels, and IPv6 outside 2000::/3, are refused outright.
 */
export function isPublicAddress(address: string): boolean {
  let ip: Address;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
  return isGlobalUnicast(ip);
}

function isGlobalUnicast(ip: Address): boolean {
  if (ip.kind() === 'ipv4') return ip.range() === 'unicast';
  const v6 = ip as ipaddr.IPv6;
  const embedded = embeddedIpv4(v6);
  if (embedded) return embedded.range() === 'unicast';
  if (v6.match(IPV4_COMPATIBLE)) return false;
  return v6.match(GLOBAL_UNICAST_V6) && v6.range() === 'unicast';
}

/** The IPv4 address an IPv6 one is only a wrapper for, if it is one. */
function embeddedIpv4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || v6.match(NAT64)) {
    const p = v6.parts;
    return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  }
  return undefined;
}
