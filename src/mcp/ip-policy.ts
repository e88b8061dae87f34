// A server policy's IP rules: the deny list always wins; a non-empty allow list admits only its entries.
import { isIP } from 'node:net'
import { ipMatcher } from '../domain/ip.js'
import type { PolicyRecord } from '../schemas/state.js'

export type IpRule = 'ip_deny_list' | 'ip_allow_list'

export interface IpRefusal {
  rule: IpRule
  address: string
  /** The deny-list entry that matched. */
  entry?: string
  message: string
}

/**
 * The address as the policy should see it: brackets and ports some proxies add are dropped, and an
 * IPv4-mapped IPv6 address (a dual-stack socket's `::ffff:127.0.0.1`) becomes its IPv4 form.
 */
export function normalizeAddress (raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  let addr = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(addr)
  if (bracketed !== null) addr = bracketed[1]
  else if (/^[0-9.]+:\d+$/.test(addr)) addr = addr.slice(0, addr.lastIndexOf(':'))
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr)
  if (mapped !== null) addr = mapped[1]
  return isIP(addr) === 0 ? undefined : addr
}

type Matchers = Array<{ entry: string, matches: (address: string) => boolean }>

/** An IPv4 address also matches entries written in IPv4-mapped IPv6 form (`::ffff:203.0.113.0/120`). */
function forms (address: string): string[] {
  return isIP(address) === 4 ? [address, `::ffff:${address}`] : [address]
}

export type IpChecker = (policy: PolicyRecord, rawAddress: string | undefined) => IpRefusal | undefined

/** Undefined when the address may pass; otherwise which rule refused it and why. */
export function createIpChecker (): IpChecker {
  // Policy PUTs replace the lists with new arrays, so caching matchers by array identity stays correct.
  const cache = new WeakMap<readonly string[], Matchers>()
  const firstMatch = (entries: readonly string[], address: string): string | undefined => {
    let matchers = cache.get(entries)
    if (matchers === undefined) {
      matchers = entries.map(entry => ({ entry, matches: ipMatcher([entry]) }))
      cache.set(entries, matchers)
    }
    const candidates = forms(address)
    return matchers.find(m => candidates.some(c => m.matches(c)))?.entry
  }
  return (policy, rawAddress) => checkIp(policy, rawAddress, firstMatch)
}

function checkIp (policy: PolicyRecord, rawAddress: string | undefined, firstMatch: (entries: readonly string[], address: string) => string | undefined): IpRefusal | undefined {
  const deny = policy.ip_deny_list
  const allow = policy.ip_allow_list
  if (deny.length === 0 && allow.length === 0) return undefined
  const address = normalizeAddress(rawAddress)
  const shown = address ?? String(rawAddress ?? 'unknown')
  if (address === undefined) {
    // An address we cannot parse can be proven neither outside the deny list nor inside the allow list.
    const rule: IpRule = deny.length > 0 ? 'ip_deny_list' : 'ip_allow_list'
    return { rule, address: shown, message: `Client address "${shown}" is not a valid IP address, so the server policy's ${rule} refuses it` }
  }
  const denied = firstMatch(deny, address)
  if (denied !== undefined) {
    return { rule: 'ip_deny_list', address, entry: denied, message: `Client address ${address} is refused by the server policy's ip_deny_list (entry ${denied})` }
  }
  if (allow.length > 0 && firstMatch(allow, address) === undefined) {
    return { rule: 'ip_allow_list', address, message: `Client address ${address} is not in the server policy's ip_allow_list` }
  }
  return undefined
}
