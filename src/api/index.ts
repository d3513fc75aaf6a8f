export { buildApi } from './server.ts';
export type { Api, ApiDeps } from './types.ts';
