import ipaddr from 'ipaddr.js';

/**
 * Target safety (API.md "Target safety"): which URLs and addresses a task or monitor may call. Pure: the API uses it
 * at creation time (a 400 for literal internal hosts), the executors at connect time (every resolved address).
 */

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** IPv4 from two 16-bit IPv6 parts (the low 32 bits of an address that embeds one). */
function v4FromParts(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function classifyV4(addr: IPv4): string | null {
  const range = addr.range();
  return range === 'unicast' ? null : range;
}

/** The IPv4 addresses an IPv6 address carries for translation or tunnelling; the packet ends up at one of them. */
function embeddedV4(addr: IPv6, range: string): IPv4[] {
  const p = addr.parts;
  const part = (i: number): number => p[i] ?? 0;
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return [v4FromParts(part(6), part(7))];
    case '6to4': // 2002:AABB:CCDD::/48
      return [v4FromParts(part(1), part(2))];
    case 'teredo': // 2001:0:SSSS:SSSS:flags:port:~CCCC:~CCCC — server and (obfuscated) client
      return [v4FromParts(part(2), part(3)), v4FromParts(part(6) ^ 0xffff, part(7) ^ 0xffff)];
    default:
      return [];
  }
}

const isNat64WellKnown = (p: number[]): boolean =>
  p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0);
const isV4Compatible = (p: number[]): boolean => p.slice(0, 6).every((x) => x === 0);

function classifyV6(addr: IPv6): string | null {
  const range = addr.range();
  const p = addr.parts;
  // NAT64 64:ff9b::/96 reaches the embedded IPv4; the local-use 64:ff9b:1::/48 is internal by definition.
  if (range === 'rfc6052')
    return isNat64WellKnown(p) ? withEmbedded('nat64', [v4FromParts(p[6] ?? 0, p[7] ?? 0)]) : range;
  // ::a.b.c.d (deprecated "IPv4-compatible", RFC 4291 §2.5.5.1); ipaddr.js calls it unicast. Never a valid target.
  if (range === 'unicast' && isV4Compatible(p)) {
    return withEmbedded('ipv4Compatible', [v4FromParts(p[6] ?? 0, p[7] ?? 0)]) ?? 'reserved';
  }
  const embedded = embeddedV4(addr, range);
  if (embedded.length > 0) return withEmbedded(range, embedded);
  if (range !== 'unicast') return range;
  // Only 2000::/3 is allocated as global unicast; the rest of what ipaddr.js calls unicast is unassigned.
  return ((p[0] ?? 0) & 0xe000) === 0x2000 ? null : 'reserved';
}

/** `"<form> <reason>"` when any embedded IPv4 is internal (e.g. `ipv4Mapped loopback`), else null. */
function withEmbedded(form: string, addrs: IPv4[]): string | null {
  for (const a of addrs) {
    const reason = classifyV4(a);
    if (reason !== null) return `${form} ${reason}`;
  }
  return null;
}

/**
 * Null when `ip` is ordinary public unicast; otherwise a short reason (`loopback`, `private`, `linkLocal`,
 * `carrierGradeNat`, `ipv4Mapped loopback`, … or `invalid`). Accepts every spelling ipaddr.js parses (inet_aton forms
 * such as `127.1` or `0x7f.1`, IPv6 with a zone id). Addresses that embed an IPv4 are judged by it.
 */
export function classifyAddress(ip: string): string | null {
  let addr: IPv4 | IPv6;
  try {
    addr = ipaddr.parse(ip);
  } catch {
    return 'invalid';
  }
  return addr.kind() === 'ipv4' ? classifyV4(addr as IPv4) : classifyV6(addr as IPv6);
}

/** Whether a CIDR list (e.g. an operator's allow-list) contains `ip`; IPv4-mapped IPv6 matches its IPv4. */
export function addressInNetworks(ip: string, networks: readonly string[]): boolean {
  let addr: IPv4 | IPv6;
  try {
    addr = ipaddr.process(ip);
  } catch {
    return false;
  }
  return networks.some((cidr) => {
    try {
      const [net, bits] = ipaddr.parseCIDR(cidr);
      return net.kind() === addr.kind() && addr.match(net, bits);
    } catch {
      return false;
    }
  });
}

const LOCALHOST_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback', 'localhost.localdomain']);

/**
 * What a URL's host is. A literal address (WHATWG URL has already turned every IPv4 spelling inet_aton accepts —
 * `2130706433`, `0x7f.1`, `017700000001` — into dotted form; ipaddr.js parses them again as a second line) carries its
 * classification; a name is `localhost` when it is one of the loopback names resolvers answer locally.
 */
export function classifyHost(hostname: string): { address: string | null; reason: string | null } {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const name = bare.toLowerCase().replace(/\.+$/, '');
  if (ipaddr.isValid(name)) return { address: name, reason: classifyAddress(name) };
  const isLocal = LOCALHOST_NAMES.has(name) || name.endsWith('.localhost');
  return { address: null, reason: isLocal ? 'localhost' : null };
}

const REASON_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  unspecified: 'an unspecified address',
  uniqueLocal: 'a unique-local address',
  localhost: 'a localhost name',
  invalid: 'not a valid address',
};

/** The message for a refused host: what it is and how an operator allows it. */
export function refusalMessage(host: string, reason: string): string {
  const what = REASON_WORDS[reason] ?? `a non-public address (${reason})`;
  return `host ${host} is ${what}; private targets are refused unless TICKWORK_ALLOW_PRIVATE_TARGETS=true`;
}

export type TargetUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/**
 * The checks every target URL passes whatever the address policy: it parses, is http(s), has a host and carries no
 * credentials. Credentials are refused because the URL is shown as-is in responses, events and logs (only header
 * values are redacted): a password belongs in an `Authorization` header.
 */
export function parseTargetUrl(raw: string): TargetUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'is not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `scheme ${url.protocol.slice(0, -1)} is not allowed; use http or https` };
  }
  if (url.hostname === '') return { ok: false, message: 'has no host' };
  return { ok: true, url };
}

/**
 * Creation-time check of a target URL (a 400 naming the field when not ok). With `allowPrivate` false, a host that
 * is a literal internal address in any spelling, or a localhost name, is refused; names that resolve to internal
 * addresses are caught when the call connects.
 */
export function checkTargetUrl(raw: string, allowPrivate: boolean): TargetUrlCheck {
  const parsed = parseTargetUrl(raw);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  const host = classifyHost(url.hostname);
  if (!allowPrivate && host.reason !== null) return { ok: false, message: refusalMessage(url.hostname, host.reason) };
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: 'must not contain credentials; send them in an Authorization header instead' };
  }
  return parsed;
}

/** RFC 9110 §5.6.2 token: what undici (and every HTTP/1.1 server) accepts as a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * Header names tickwork refuses. The first are owned by the HTTP client (letting a task set them allows request
 * smuggling or a different target); undici itself throws on `transfer-encoding`, `keep-alive` and `upgrade`, and on
 * a `connection` or `content-length` it does not like, so a task with them would fail every run.
 */
const FORBIDDEN = new Set([
  'host',
  'transfer-encoding',
  'connection',
  'content-length',
  'upgrade',
  'te',
  'keep-alive',
  'expect',
]);
export const MAX_REQUEST_HEADERS = 50;
/** Longest header name. undici sets no bound, but servers do (and the API schema says 256): refused at creation. */
export const MAX_HEADER_NAME_LENGTH = 256;
export const MAX_HEADER_VALUE_BYTES = 8 * 1024;

/**
 * What undici 7 accepts in a header value (its `headerCharRegex`): HTAB, visible ASCII, space and the Latin-1
 * range 0x80–0xFF, which it sends as one byte each. Anything else (CR, LF, NUL, other controls, DEL, a character
 * above U+00FF such as `€` or an emoji) makes undici throw before sending, so the task would fail every run.
 */
const NOT_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

function headerValueProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (/[\r\n]/.test(value)) return 'must not contain CR or LF';
  if (value.includes('\0')) return 'must not contain NUL';
  const bad = NOT_HEADER_VALUE.exec(value);
  if (bad !== null) {
    const code = bad[0].codePointAt(0) ?? 0;
    const u = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return code > 0xff ? `must be Latin-1 text (it contains ${u})` : `must not contain control characters (it contains ${u})`;
  }
  // Latin-1: one byte per character on the wire.
  if (value.length > MAX_HEADER_VALUE_BYTES) return `must be at most ${MAX_HEADER_VALUE_BYTES} bytes`;
  return null;
}

/** Problems with a task's request headers, one per offending header, with `field` = `http.headers.<Name>`. */
export function validateRequestHeaders(headers: Record<string, unknown>): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const names = Object.keys(headers);
  if (names.length > MAX_REQUEST_HEADERS) {
    errors.push({ field: 'http.headers', message: `at most ${MAX_REQUEST_HEADERS} headers are allowed` });
  }
  for (const name of names) {
    const field = `http.headers.${name}`;
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) errors.push({ field, message: 'header name must be an RFC 9110 token' });
    else if (name.length > MAX_HEADER_NAME_LENGTH) {
      errors.push({ field, message: `header name must be at most ${MAX_HEADER_NAME_LENGTH} characters` });
    } else if (FORBIDDEN.has(lower) || lower.startsWith('proxy-')) {
      errors.push({ field, message: `header ${name} is set by tickwork and cannot be given` });
    } else {
      const problem = headerValueProblem(headers[name]);
      if (problem !== null) errors.push({ field, message: `header value ${problem}` });
    }
  }
  return errors;
}
