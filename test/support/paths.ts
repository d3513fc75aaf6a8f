import { fileURLToPath } from 'node:url';

export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const TMP_DIR = `${ROOT_DIR}.tmp/`;
