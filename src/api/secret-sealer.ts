import type { Config } from '../config.ts';
import { ProblemError } from '../domain/errors.ts';
import { resolveSecretKey, secretBox, type SecretBox } from '../store/secrets.ts';

/**
 * The box that seals secrets the service must read again (webhook secrets, heartbeat ping tokens), resolved on
 * first use. Scaled out without TICKWORK_SECRET_KEY there is none: `what` then answers 503 naming the setting.
 */
export function lazySealer(config: Config, what: string): () => SecretBox {
  let box: SecretBox | null | undefined;
  return () => {
    if (box === undefined) {
      const key = resolveSecretKey({ secretKey: config.secretKey, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      box = key === null ? null : secretBox(key);
    }
    if (box === null) throw new ProblemError('unavailable', `${what} need TICKWORK_SECRET_KEY to be set on every process.`, [], { 'retry-after': '3600' });
    return box;
  };
}
