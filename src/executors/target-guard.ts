import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { addressInNetworks, classifyAddress, classifyHost, parseTargetUrl, refusalMessage } from '../domain/targets.ts';

/**
 * The SSRF guard at connect time (API.md "Target safety", FAULTS.md S2): every address a name resolves to is checked,
 * and the socket's actual peer is checked again, so a resolver that answers public first and loopback second, or a
 * name re-bound between checks, never reaches an internal address.
 */

export interface AddressPolicy {
  allowPrivate: boolean;
  /** CIDRs reachable even when `allowPrivate` is false (an operator's allow-list). */
  allowedNetworks: readonly string[];
}

/** Thrown (through undici) when a target is refused; the call reports it as kind `blocked_target`. */
export class BlockedTargetError extends Error {
  readonly code = 'ETICKWORK_BLOCKED_TARGET';
}

/** Null when the policy lets a call connect to `ip`, else the reason it is refused. */
export function addressRefusal(policy: AddressPolicy, ip: string): string | null {
  if (policy.allowPrivate) return null;
  const reason = classifyAddress(ip);
  if (reason === null || addressInNetworks(ip, policy.allowedNetworks)) return null;
  return reason;
}

/** Checks one hop's URL before any byte is sent: scheme, credentials-free, and a literal or localhost host. */
export function checkHopUrl(
  policy: AddressPolicy,
  raw: string,
): { ok: true; url: URL } | { ok: false; message: string } {
  const parsed = parseTargetUrl(raw);
  if (!parsed.ok) return { ok: false, message: `URL ${parsed.message}` };
  const { url } = parsed;
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'URL must not contain credentials' };
  const host = classifyHost(url.hostname);
  const reason =
    host.address !== null ? addressRefusal(policy, host.address) : policy.allowPrivate ? null : host.reason;
  return reason === null ? parsed : { ok: false, message: refusalMessage(url.hostname, reason) };
}

/** A DNS lookup that resolves every address and fails when any of them is refused. */
export function guardLookup(policy: AddressPolicy, base: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (err, answer, family) => {
      if (err !== null) return callback(err, '', 0);
      const all: LookupAddress[] =
        typeof answer === 'string' ? [{ address: answer, family: family ?? isIP(answer) }] : answer;
      if (all.length === 0)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      for (const a of all) {
        const reason = addressRefusal(policy, a.address);
        if (reason !== null) {
          const message = `${refusalMessage(hostname, reason)} (it resolves to ${a.address})`;
          return callback(new BlockedTargetError(message), '', 0);
        }
      }
      const first = all[0];
      if (options.all === true || first === undefined) return callback(null, all);
      return callback(null, first.address, first.family);
    });
  };
}

export interface PeerCertificate {
  /** As the TLS stack reports it, e.g. `Jan  1 00:00:00 2030 GMT`. */
  valid_to: string;
  expires_at: Date;
}

/**
 * Builds undici's `connect` for a guarded agent. `certificates` is filled per origin (`https://host:port`) with the
 * certificate the origin presented on its latest connection, for certificate-expiry checks.
 */
export function guardedConnector(
  policy: AddressPolicy,
  certificates: Map<string, PeerCertificate>,
  lookup?: LookupFunction,
  ca?: string[],
): buildConnector.connector {
  const base = buildConnector({
    lookup: guardLookup(policy, lookup),
    timeout: 30_000,
    ...(ca === undefined ? {} : { ca }),
  });
  return (opts, callback) => {
    // net.connect skips the lookup for a literal address, so literals are checked here.
    if (isIP(opts.hostname) !== 0) {
      const reason = addressRefusal(policy, opts.hostname);
      if (reason !== null) return callback(new BlockedTargetError(refusalMessage(opts.hostname, reason)), null);
    }
    base(opts, (err, socket) => {
      if (err !== null || socket === null) return callback(err ?? new Error('connect failed'), null);
      const peer = socket.remoteAddress;
      const reason = peer === undefined ? 'invalid' : addressRefusal(policy, peer);
      if (reason !== null) {
        socket.destroy();
        return callback(new BlockedTargetError(refusalMessage(opts.hostname, reason)), null);
      }
      if (opts.protocol === 'https:') recordCertificate(certificates, `https://${opts.host ?? opts.hostname}`, socket);
      callback(null, socket);
    });
  };
}

function recordCertificate(certificates: Map<string, PeerCertificate>, origin: string, socket: Socket): void {
  const tls = socket as TLSSocket;
  if (typeof tls.getPeerCertificate !== 'function') return;
  const cert = tls.getPeerCertificate();
  if (typeof cert.valid_to !== 'string' || cert.valid_to === '') return;
  certificates.set(origin, { valid_to: cert.valid_to, expires_at: new Date(cert.valid_to) });
}
