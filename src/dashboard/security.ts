/**
 * Who may talk to the dashboard. A page of another site can make the browser send requests to
 * `127.0.0.1` (cross-site requests) or rename itself to it (DNS rebinding: a name of the
 * attacker's that later resolves to 127.0.0.1); the Host and Origin checks stop both.
 *
 * - Host header: the name must be the loopback names (`localhost`, `127.x.x.x`, `::1`), the
 *   address the server is bound to, or a name given in `allowedHosts`; on a wildcard bind
 *   (`0.0.0.0`, `::`) any IP address too (an address cannot be rebound, a name can). Anything
 *   else is refused (403) before any route runs.
 * - Origin header (browsers send it on writes): when present, its host must be the Host header.
 *
 * @example
 * ```ts
 * hostAllowed('localhost:8080', { bound: '127.0.0.1', allowedHosts: [] }); // true
 * hostAllowed('evil.example:8080', { bound: '127.0.0.1', allowedHosts: [] }); // false
 * ```
 */
import { isIP } from 'node:net';

/** What the Host check allows. */
export interface HostPolicy {
  /** The address the server listens on. */
  bound: string;
  /** More names (or addresses) to accept in the Host header. */
  allowedHosts: readonly string[];
}

/**
 * True for an address on this machine only (`localhost`, `127.x.x.x`, `::1`).
 *
 * @example
 * ```ts
 * isLoopback('127.0.0.1'); // true
 * ```
 */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * True for an address that listens on every interface.
 *
 * @example
 * ```ts
 * isWildcard('0.0.0.0'); // true
 * ```
 */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * The name part of a Host header (`[::1]:8080` → `::1`, `Example.COM:80` → `example.com`), or
 * null when it is not a host.
 *
 * @example
 * ```ts
 * hostName('[::1]:8080'); // '::1'
 * ```
 */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h);
  if (v6 !== null) return v6[1];
  const m = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m === null ? null : m[1].replace(/\.$/, '');
}

/**
 * Whether a request's Host header is acceptable (see the module comment).
 *
 * @example
 * ```ts
 * hostAllowed('192.168.1.5:8080', { bound: '0.0.0.0', allowedHosts: [] }); // true
 * ```
 */
export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  if (header === undefined) return false;
  const name = hostName(header);
  if (name === null) return false;
  if (isLoopback(name)) return true;
  if (!isWildcard(policy.bound) && name === policy.bound.toLowerCase()) return true;
  if (policy.allowedHosts.some((h) => h.toLowerCase() === name)) return true;
  return isWildcard(policy.bound) && isIP(name) !== 0;
}

/**
 * Whether a request's Origin header (when there is one) names the host it was sent to.
 *
 * @example
 * ```ts
 * originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080'); // true
 * originAllowed('https://evil.example', '127.0.0.1:8080');  // false
 * ```
 */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const o = new URL(origin);
    return o.protocol === 'http:' && host !== undefined && o.host.toLowerCase() === host.trim().toLowerCase();
  } catch {
    return false;
  }
}
