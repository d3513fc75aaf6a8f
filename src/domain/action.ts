/** What a task does, as stored in `tasks.action` (JSON): an HTTP call or a TfL line check. */

export interface HttpActionJson {
  type: 'http';
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeout_ms: number;
  expect_status: number[] | null;
  expect_body_regex: string | null;
  /** Present and true when every call is signed per Standard Webhooks with the tenant's signing secret. */
  sign?: true;
  /**
   * The real values of the secret headers and query parameters, sealed (domain/redaction.ts); `headers` and `url`
   * hold `***` in their place. Never rendered; opened by the executor just before the call.
   */
  sealed?: string;
}

export interface TflActionJson {
  type: 'tfl_line_status';
  lines: string[];
}

export type ActionJson = HttpActionJson | TflActionJson;
