// IP addresses and CIDR ranges, with Node's own parser (node:net) rather than a regex.
import { BlockList, isIP } from 'node:net'

/** True for an IPv4/IPv6 address or a CIDR range such as 203.0.113.0/24 or 2001:db8::/32. */
export function isIpOrCidr (entry: string): boolean {
  const slash = entry.indexOf('/')
  if (slash < 0) return isIP(entry) !== 0
  const addr = entry.slice(0, slash)
  const prefix = entry.slice(slash + 1)
  const family = isIP(addr)
  if (family === 0 || !/^(0|[1-9][0-9]{0,2})$/.test(prefix)) return false
  return Number(prefix) <= (family === 4 ? 32 : 128)
}

/** A matcher for a list of addresses and ranges (entries already validated). */
export function ipMatcher (entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList()
  for (const entry of entries) {
    const slash = entry.indexOf('/')
    const addr = slash < 0 ? entry : entry.slice(0, slash)
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4'
    if (slash < 0) list.addAddress(addr, type)
    else list.addSubnet(addr, Number(entry.slice(slash + 1)), type)
  }
  return (address) => {
    const family = isIP(address)
    if (family === 0) return false
    return list.check(address, family === 6 ? 'ipv6' : 'ipv4')
  }
}
