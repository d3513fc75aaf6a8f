import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Config } from '../config.ts';

/**
 * The CA certificates https targets are verified against: Node's own list, plus the operator's private CAs from
 * TICKWORK_CA_FILE when set. Undefined leaves Node's default untouched.
 */
export function trustedCas(config: Config): { ca?: string[] } {
  if (config.caFile === undefined) return {};
  return { ca: [...rootCertificates, readFileSync(config.caFile, 'utf8')] };
}
