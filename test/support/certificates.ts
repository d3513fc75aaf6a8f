import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether `openssl` can be run here (tests that need certificates skip without it). */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate for 127.0.0.1, valid for `days` from now, written to `dir/name.{key,pem}`. */
export function makeCertificate(dir: string, name: string, days: number): { key: Buffer; cert: string; certFile: string } {
  const certFile = join(dir, `${name}.pem`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', String(days),
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, `${name}.key`), '-out', certFile,
  ], { stdio: 'ignore' }); // prettier-ignore
  return { key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(certFile, 'utf8'), certFile };
}
