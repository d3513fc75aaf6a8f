/** The executors' public surface: each does one call and returns a result; none touches the database. */
export {
  createHttpExecutor,
  statusExpected,
  STORED_BODY_BYTES,
  type CheckRequest,
  type CallSigning,
  type CheckResult,
  type HttpCallResult,
  type HttpExecutor,
  type HttpExecutorOptions,
} from './http.ts';
export {
  createTflExecutor,
  parseDisruptions,
  type TflCallResult,
  type TflDisruption,
  type TflExecutor,
  type TflResult,
} from './tfl.ts';
export { createRegexPool, type RegexPool, type RegexResult } from './regex-pool.ts';
export type { TargetRequest, TargetResponse } from './call-target.ts';
export type { TargetError, TargetErrorKind } from './target-errors.ts';
export type { PeerCertificate } from './target-guard.ts';
