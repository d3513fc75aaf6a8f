// Generated from tickwork's /openapi.json by openapi-typescript (npm run docs). Do not edit.

export interface paths {
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and database check (no auth) */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tasks (ascending id) */
        get: operations["listTasks"];
        put?: never;
        /** Create a task */
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create up to 1,000 tasks, all or none
         * @description JSON only. Each item is the body of POST /v1/tasks and is validated the same way; a 400 names every bad field by its item's index (tasks[3].cron) and creates nothing. 201 with the created tasks in the order given. The batch counts against the tenant's task cap as a whole (409 quota_exceeded, nothing created) and honours Idempotency-Key like a single create.
         */
        post: operations["createTaskBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a task */
        get: operations["getTask"];
        /** Update a task (PUT: only the fields given change; null clears one) */
        put: operations["replaceTask"];
        post?: never;
        /** Delete a task (its runs and events are kept) */
        delete: operations["deleteTask"];
        options?: never;
        head?: never;
        /** Update a task (PATCH: only the fields given change; null clears one) */
        patch: operations["updateTask"];
        trace?: never;
    };
    "/v1/tasks/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a task (idempotent) */
        post: operations["pauseTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused task (idempotent); an interval re-anchors at now */
        post: operations["resumeTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a task now */
        post: operations["triggerTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task's runs, newest first */
        get: operations["listTaskRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Preview a task's next fire times */
        get: operations["previewTaskSchedule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List runs, newest first */
        get: operations["listRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a run */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a pending or running attempt */
        post: operations["cancelRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a failed attempt again (a new attempt of the same firing) */
        post: operations["retryRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events in id order, oldest or newest first
         * @description Oldest first from `after` (default), or with `order=desc` newest first: the newest page, or the page below `before`. Either way only up to the settled horizon: never an event that a transaction still open may precede with a smaller id.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live events (Server-Sent Events); resumes after Last-Event-ID */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhooks */
        get: operations["listWebhooks"];
        put?: never;
        /** Register a webhook (the secret is shown only in this answer) */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Delete a webhook (pending deliveries are dropped) */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Change a webhook: url, events, active (true enables one disabled after failures again) */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test event to this webhook only */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a failed delivery again, now */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New secret; the old one also signs for 24 h */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's deliveries, newest first */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signing-secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create or replace the tenant's signing secret for signed task calls (the old one also signs for 24 h) */
        post: operations["rotateSigningSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/signing-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the tenant has a signing secret and when it was rotated (never the secret itself) */
        get: operations["listSigningSecret"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** List the next fire times of a schedule, with DST notes */
        post: operations["previewSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tenant's live keys (never their secrets) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key (the secret is shown only in this response) */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a key (effective at once) */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/monitors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List monitors (ascending id; deleted ones have active false) */
        get: operations["listMonitors"];
        put?: never;
        /** Create a monitor; the same url and regexp again returns (and reactivates) the existing one */
        post: operations["createMonitor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/monitors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a monitor with its status, last check, uptime and latency */
        get: operations["getMonitor"];
        put?: never;
        post?: never;
        /** Delete (deactivate) a monitor; its checks are kept */
        delete: operations["deleteMonitor"];
        options?: never;
        head?: never;
        /** Update a monitor (only the fields given change) */
        patch: operations["updateMonitor"];
        trace?: never;
    };
    "/v1/monitors/{id}/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A monitor's checks, newest first */
        get: operations["listMonitorChecks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ping/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Report in for a heartbeat monitor (no API key: the token is the secret) */
        get: operations["pingHeartbeat"];
        put?: never;
        /** Report in for a heartbeat monitor, with any body (read and ignored) */
        post: operations["pingHeartbeatWithBody"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description What the task does when it runs */
        Action: {
            /** @enum {string} */
            type: "tfl_line_status";
            lines: string[];
        } | {
            /** @enum {string} */
            type: "http";
            method: string;
            url: string;
            /** @description Secret-looking values are shown as *** */
            headers: {
                [key: string]: string;
            };
            body: string | null;
            timeout_ms: number;
            expect_status: number[] | null;
            expect_body_regex: string | null;
            /** @description Present and true when calls are signed (Standard Webhooks headers) */
            sign?: boolean;
        };
        /** @description An API key (never its secret) */
        ApiKey: {
            id: number;
            name: string;
            /** @description The tenant whose objects the key sees */
            tenant: string;
            /** @description The first characters of the secret, to recognise it */
            prefix: string;
            scopes: components["schemas"]["Scope"][];
            created_at: string;
            /** @description Past it the key is refused like a revoked one; null: never */
            expires_at: string | null;
            /** @description When the key was last used, to within about a minute */
            last_used_at: string | null;
        };
        /** @description An API key to create */
        ApiKeyInput: {
            /** @description What the key is for */
            name: string;
            scopes: components["schemas"]["Scope"][];
            /** @description Default the caller's tenant; another tenant only for admin keys of tenant default */
            tenant?: string;
            /** @description ISO 8601 time in the future; the key is refused from then on */
            expires_at?: string | null;
        };
        /** @description An API key to create (as a form: flat fields only) */
        ApiKeyInputForm: {
            /** @description What the key is for. In a form: text */
            name: string;
            /** @description In a form: repeated, or comma-separated */
            scopes: string[];
            /** @description Default the caller's tenant; another tenant only for admin keys of tenant default. In a form: text */
            tenant?: string;
            /** @description ISO 8601 time in the future; the key is refused from then on. In a form: empty: null */
            expires_at?: string;
        };
        /** @description One page of a list */
        ApiKeyPage: {
            items: components["schemas"]["ApiKey"][];
            next_cursor: string | null;
        };
        /** @description A new API key with its secret */
        ApiKeyWithSecret: {
            id: number;
            name: string;
            /** @description The tenant whose objects the key sees */
            tenant: string;
            /** @description The first characters of the secret, to recognise it */
            prefix: string;
            scopes: components["schemas"]["Scope"][];
            created_at: string;
            /** @description Past it the key is refused like a revoked one; null: never */
            expires_at: string | null;
            /** @description When the key was last used, to within about a minute */
            last_used_at: string | null;
            /** @description The secret, shown only in this response */
            key: string;
        };
        /** @description One check of a monitor: `ok` when the status is expected and the body matches */
        Check: {
            id: number;
            /** @description ISO 8601 time in UTC */
            checked_at: string;
            status_code: number | null;
            latency_ms: number;
            matched: boolean | null;
            ok: boolean;
            error: string | null;
            cert_days_left: number | null;
        };
        /** @description One page of a list */
        CheckPage: {
            items: components["schemas"]["Check"][];
            next_cursor: string | null;
        };
        /** @description One event delivered (or being delivered) to a webhook */
        Delivery: {
            id: number;
            event_id: number;
            status: "pending" | "succeeded" | "dropped";
            attempts: number;
            next_attempt_at: string | null;
            last_attempt_at: string | null;
            http_status: number | null;
            error: string | null;
            duration_ms: number | null;
            /** @description ISO 8601 time in UTC */
            created_at: string;
        };
        /** @description One page of a list */
        DeliveryPage: {
            items: components["schemas"]["Delivery"][];
            next_cursor: string | null;
        };
        /**
         * @description A change or an outcome, in the order it happened
         * @example {
         *       "id": 7,
         *       "type": "task.created",
         *       "created_at": "2026-03-29T08:00:00.000Z",
         *       "subject": {
         *         "kind": "task",
         *         "id": 42
         *       },
         *       "data": {
         *         "title": "Nightly report"
         *       },
         *       "actor": {
         *         "kind": "key",
         *         "id": 3,
         *         "name": "deploy bot"
         *       }
         *     }
         */
        Event: {
            id: number;
            /** @description task.created, run.succeeded, monitor.down, … */
            type: string;
            /**
             * @description ISO 8601 time in UTC
             * @example 2026-03-29T08:00:00.000Z
             */
            created_at: string;
            /** @description What the event is about (a run's events are about its task) */
            subject: {
                /** @description task, monitor or webhook */
                kind: string;
                id: number;
            };
            /** @description The event type's data: a task, a run, a monitor and check, … */
            data: unknown;
            actor: ({
                /** @enum {string} */
                kind: "key";
                /** @description The API key's id */
                id: number;
                /** @description The API key's name when the change was made */
                name: string;
            } | {
                /** @enum {string} */
                kind: "system";
            }) | null;
        };
        /** @description One page of a list */
        EventPage: {
            items: components["schemas"]["Event"][];
            next_cursor: string | null;
        };
        /** @description The service answers and its database does */
        Health: {
            /** @enum {string} */
            status: "ok";
            /** @description postgres or pglite */
            database: string;
        };
        /** @description The database did not answer within 2 s */
        HealthUnavailable: {
            /** @enum {string} */
            status: "unavailable";
            database: string;
            /** @description Why the database check failed */
            error: string;
        };
        /** @description The action is an HTTP call */
        HttpInput: {
            /**
             * @description The HTTP method, default GET
             * @example POST
             */
            method?: string;
            /**
             * @description The URL called (http or https; private addresses only when the service allows them)
             * @example https://example.com/report
             */
            url: string;
            /** @description Request headers; secret-looking values (Authorization, *token*, *key*, …) are stored sealed and shown as *** */
            headers?: {
                [key: string]: string;
            };
            /** @description The request body: a string is sent as is; a JSON object or array is sent as JSON */
            body?: string | {
                [key: string]: unknown;
            } | unknown[] | null;
            /** @description Milliseconds the call may take, default 10000 */
            timeout_ms?: number;
            expect_status?: (number | number[]) | null;
            expect_body_regex?: string | null;
        };
        /** @description The body must be JSON with this value at this path */
        JsonExpectation: {
            /** @description JSONPath subset: $, .name, ["name"], [index] */
            path: string;
            /** @description The value found must equal this (deep equality); absent: the path must exist */
            equals?: unknown;
        };
        /**
         * @description A URL monitor or a heartbeat monitor, with its status and figures
         * @example {
         *       "id": 3,
         *       "type": "http",
         *       "url": "https://example.com/health",
         *       "regexp": "ok",
         *       "method": "GET",
         *       "interval": 300,
         *       "period": null,
         *       "grace": null,
         *       "ping_url": null,
         *       "last_ping_at": null,
         *       "timeout_ms": 10000,
         *       "expect_status": null,
         *       "expect_json": null,
         *       "failure_threshold": 2,
         *       "cert_expires_at": "2026-06-01T12:00:00.000Z",
         *       "status": "up",
         *       "active": true,
         *       "last_check": {
         *         "id": 77,
         *         "checked_at": "2026-03-29T08:05:00.000Z",
         *         "status_code": 200,
         *         "latency_ms": 41,
         *         "matched": true,
         *         "ok": true,
         *         "error": null,
         *         "cert_days_left": 64
         *       },
         *       "next_check_at": "2026-03-29T08:10:00.000Z",
         *       "uptime": {
         *         "24h": 100,
         *         "7d": 99.9,
         *         "30d": 99.95
         *       },
         *       "latency_ms": {
         *         "p50": 40,
         *         "p95": 88
         *       },
         *       "created_at": "2026-03-01T10:00:00.000Z",
         *       "updated_at": "2026-03-01T10:00:00.000Z"
         *     }
         */
        Monitor: {
            id: number;
            type: "http" | "heartbeat";
            url: string | null;
            regexp: string | null;
            method: string;
            /** @description Seconds between checks; for a heartbeat, its period */
            interval: number;
            period: number | null;
            grace: number | null;
            ping_url: string | null;
            last_ping_at: string | null;
            timeout_ms: number;
            expect_status: number[] | null;
            expect_json: components["schemas"]["JsonExpectation"] | null;
            failure_threshold: number;
            cert_expires_at: string | null;
            status: "pending" | "up" | "down";
            active: boolean;
            last_check: components["schemas"]["Check"] | null;
            next_check_at: string | null;
            /** @description Percent of ok checks; null without checks */
            uptime: {
                "24h": number | null;
                "7d": number | null;
                "30d": number | null;
            };
            /** @description Over the last 24 h */
            latency_ms: {
                p50: number | null;
                p95: number | null;
            };
            /** @description ISO 8601 time in UTC */
            created_at: string;
            /** @description ISO 8601 time in UTC */
            updated_at: string;
        };
        /** @description A monitor to create: an http monitor checks `url` every `interval`; a heartbeat monitor waits for a ping every `period` */
        MonitorInput: {
            /** @description Default http */
            type?: "http" | "heartbeat";
            /** @description http monitors: the URL checked (required for them) */
            url?: string;
            regexp?: string | null;
            /** @description Seconds between checks (or "90s", "5m", "2h", "1d"), default 60 */
            interval?: number | string;
            /** @description http monitors: the method, default GET */
            method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
            /** @description http monitors: milliseconds a check may take, default 10000 */
            timeout_ms?: number;
            expect_status?: (number | number[]) | null;
            /** @description Failed checks in a row that make it down, default 1 */
            failure_threshold?: number;
            expect_json?: components["schemas"]["JsonExpectation"] | null;
            /** @description Heartbeat monitors: a ping is expected every this many seconds (or "90s", "5m", "2h", "1d") */
            period?: number | string;
            /** @description Heartbeat monitors: how late a ping may be before it counts as missed, default 60 s */
            grace?: number | string;
        };
        /** @description A monitor to create: an http monitor checks `url` every `interval`; a heartbeat monitor waits for a ping every `period` (as a form: flat fields only) */
        MonitorInputForm: {
            /**
             * @description Default http. In a form: text
             * @enum {string}
             */
            type?: "http" | "heartbeat";
            /** @description http monitors: the URL checked (required for them). In a form: text */
            url?: string;
            /** @description JavaScript regular expression the body must match. In a form: empty: null */
            regexp?: string;
            /** @description Seconds between checks (or "90s", "5m", "2h", "1d"), default 60. In a form: digits */
            interval?: string;
            /**
             * @description http monitors: the method, default GET. In a form: text
             * @enum {string}
             */
            method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
            /** @description http monitors: milliseconds a check may take, default 10000. In a form: digits */
            timeout_ms?: string;
            /** @description Default: any 2xx. In a form: repeated, or comma-separated */
            expect_status?: string[];
            /** @description Failed checks in a row that make it down, default 1. In a form: digits */
            failure_threshold?: string;
            /** @description Heartbeat monitors: a ping is expected every this many seconds (or "90s", "5m", "2h", "1d"). In a form: digits */
            period?: string;
            /** @description Heartbeat monitors: how late a ping may be before it counts as missed, default 60 s. In a form: digits */
            grace?: string;
        };
        /** @description One page of a list */
        MonitorPage: {
            items: components["schemas"]["Monitor"][];
            next_cursor: string | null;
        };
        /** @description The fields of a monitor to change; its type is fixed */
        MonitorPatch: {
            /** @description cannot be changed */
            type?: unknown;
            /** @description http monitors: the URL checked (required for them) */
            url?: string;
            regexp?: string | null;
            /** @description Seconds between checks (or "90s", "5m", "2h", "1d"), default 60 */
            interval?: number | string;
            /** @description http monitors: the method, default GET */
            method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
            /** @description http monitors: milliseconds a check may take, default 10000 */
            timeout_ms?: number;
            expect_status?: (number | number[]) | null;
            /** @description Failed checks in a row that make it down, default 1 */
            failure_threshold?: number;
            expect_json?: components["schemas"]["JsonExpectation"] | null;
            /** @description Heartbeat monitors: a ping is expected every this many seconds (or "90s", "5m", "2h", "1d") */
            period?: number | string;
            /** @description Heartbeat monitors: how late a ping may be before it counts as missed, default 60 s */
            grace?: number | string;
        };
        /** @description The fields of a monitor to change; its type is fixed (as a form: flat fields only) */
        MonitorPatchForm: {
            /** @description http monitors: the URL checked (required for them). In a form: text */
            url?: string;
            /** @description JavaScript regular expression the body must match. In a form: empty: null */
            regexp?: string;
            /** @description Seconds between checks (or "90s", "5m", "2h", "1d"), default 60. In a form: digits */
            interval?: string;
            /**
             * @description http monitors: the method, default GET. In a form: text
             * @enum {string}
             */
            method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
            /** @description http monitors: milliseconds a check may take, default 10000. In a form: digits */
            timeout_ms?: string;
            /** @description Default: any 2xx. In a form: repeated, or comma-separated */
            expect_status?: string[];
            /** @description Failed checks in a row that make it down, default 1. In a form: digits */
            failure_threshold?: string;
            /** @description Heartbeat monitors: a ping is expected every this many seconds (or "90s", "5m", "2h", "1d"). In a form: digits */
            period?: string;
            /** @description Heartbeat monitors: how late a ping may be before it counts as missed, default 60 s. In a form: digits */
            grace?: string;
        };
        /** @description The heartbeat monitor is up */
        Pinged: {
            /** @enum {boolean} */
            ok: true;
            monitor_id: number;
            /** @enum {string} */
            status: "up";
        };
        /**
         * @description RFC 9457 problem document (application/problem+json)
         * @example {
         *       "type": "https://tickwork.dev/problems/invalid-field",
         *       "title": "Invalid field",
         *       "status": 400,
         *       "detail": "Invalid field(s): cron.",
         *       "code": "invalid_field",
         *       "errors": [
         *         {
         *           "field": "cron",
         *           "message": "expected 5 fields (or 6 with seconds first)"
         *         }
         *       ]
         *     }
         */
        Problem: {
            /** @description A URI naming the kind of problem */
            type: string;
            /** @description A short summary of the kind of problem */
            title: string;
            /** @description The HTTP status of the response */
            status: number;
            /** @description What went wrong this time, and what to do */
            detail: string;
            /** @description A stable machine-readable code (invalid_field, not_found, rate_limited, …) */
            code: string;
            /** @description One entry per offending field */
            errors?: {
                /** @description The field as the request named it: `http.url`, `lines`, `cursor`, `Last-Event-ID` */
                field: string;
                /** @description What is wrong with it */
                message: string;
            }[];
        };
        /** @description Attempt n+1 waits backoff_s·2^(n−1) seconds, capped at max_backoff_s, less a random jitter of up to 20 % */
        RetryInput: {
            /** @description Attempts per firing, default 3 */
            max_attempts?: number;
            /** @description Seconds before the second attempt, default 1; doubled for each later one */
            backoff_s?: number;
            /** @description The longest wait between attempts, default 300 */
            max_backoff_s?: number;
        };
        /**
         * @description One attempt of one firing of a task
         * @example {
         *       "id": 314,
         *       "task_id": 42,
         *       "scheduled_for": "2026-03-30T01:00:00.000Z",
         *       "started_at": "2026-03-30T01:00:00.012Z",
         *       "finished_at": "2026-03-30T01:00:00.230Z",
         *       "attempt": 1,
         *       "status": "succeeded",
         *       "http_status": 200,
         *       "duration_ms": 218,
         *       "error": null,
         *       "result": {
         *         "body": "ok"
         *       }
         *     }
         */
        Run: {
            id: number;
            task_id: number;
            /** @description The firing this run is an attempt of, ISO 8601 in UTC */
            scheduled_for: string;
            started_at: string | null;
            finished_at: string | null;
            /** @description Which attempt of the firing, from 1 */
            attempt: number;
            status: components["schemas"]["RunStatus"];
            http_status: number | null;
            duration_ms: number | null;
            error: string | null;
            /** @description What the action returned: parsed disruptions, or up to 4 KiB of the body */
            result: unknown;
        };
        RunCreated: {
            /** @description The new run: GET /v1/runs/{run_id} */
            run_id: number;
        };
        /** @description One page of a list */
        RunPage: {
            items: components["schemas"]["Run"][];
            next_cursor: string | null;
        };
        /** @description `pending` waits for its time or its retry; `abandoned`: its worker died (retried per policy) */
        RunStatus: "pending" | "running" | "succeeded" | "failed" | "timed_out" | "abandoned" | "cancelled";
        /** @description The task's schedule */
        Schedule: {
            /** @enum {string} */
            type: "once";
            /**
             * @description ISO 8601 time in UTC
             * @example 2026-03-29T08:00:00.000Z
             */
            at: string;
        } | {
            /** @enum {string} */
            type: "cron";
            expression: string;
            /** @description IANA time zone */
            timezone: string;
        } | {
            /** @enum {string} */
            type: "interval";
            seconds: number;
        };
        /** @description The next fire times of a schedule */
        SchedulePreview: {
            /** @description The schedule as a task would show it */
            schedule: unknown;
            /** @description The next fire times, ISO 8601 in UTC */
            next: string[];
            /** @description Every DST gap or overlap the listed times cross */
            notes: string[];
        };
        /** @description A schedule to preview: one of schedule_time, cron and interval */
        SchedulePreviewInput: {
            schedule_time?: string | null;
            cron?: string | null;
            interval?: (number | string) | null;
            timezone?: string | null;
            /** @description How many fire times to list, default 10 */
            count?: number;
            /**
             * Format: date-time
             * @description List the times after this one (RFC 3339), default now
             */
            from?: string;
        };
        /** @description A schedule to preview: one of schedule_time, cron and interval (as a form: flat fields only) */
        SchedulePreviewInputForm: {
            /** @description Run once at this ISO 8601 time; without an offset it is read in `timezone`. A time already past runs at once. In a form: empty: null */
            schedule_time?: string;
            /** @description Run on this cron schedule (5 fields, or 6 with seconds first), in `timezone`, DST-correct. In a form: empty: null */
            cron?: string;
            /** @description Run every this many seconds (or "90s", "5m", "2h") on a fixed cadence; the first run is one interval from now. In a form: digits; empty: null */
            interval?: string;
            /** @description IANA time zone of `cron` and of times without an offset; default the service's TICKWORK_TIMEZONE. In a form: empty: null */
            timezone?: string;
            /** @description How many fire times to list, default 10. In a form: digits */
            count?: string;
            /** @description List the times after this one (RFC 3339), default now. In a form: text */
            from?: string;
        };
        /** @description admin ⊃ write ⊃ read */
        Scope: "read" | "write" | "admin";
        /**
         * @description A task: something with a time attached (a call on a schedule, a deadline, or both)
         * @example {
         *       "id": 42,
         *       "title": "Nightly report",
         *       "description": null,
         *       "schedule": {
         *         "type": "cron",
         *         "expression": "0 2 * * *",
         *         "timezone": "Europe/London"
         *       },
         *       "action": {
         *         "type": "http",
         *         "method": "POST",
         *         "url": "https://example.com/report",
         *         "headers": {
         *           "Authorization": "***"
         *         },
         *         "body": null,
         *         "timeout_ms": 10000,
         *         "expect_status": null,
         *         "expect_body_regex": null
         *       },
         *       "expires_at": null,
         *       "notify_before": 900,
         *       "retry": {
         *         "max_attempts": 3,
         *         "backoff_s": 1,
         *         "max_backoff_s": 300
         *       },
         *       "overlap": "skip",
         *       "misfire": "run_once",
         *       "state": "active",
         *       "next_run_at": "2026-03-30T01:00:00.000Z",
         *       "last_run": null,
         *       "created_at": "2026-03-29T08:00:00.000Z",
         *       "updated_at": "2026-03-29T08:00:00.000Z"
         *     }
         */
        Task: {
            id: number;
            title: string | null;
            description: string | null;
            schedule: components["schemas"]["Schedule"] | null;
            action: components["schemas"]["Action"] | null;
            expires_at: string | null;
            /** @description Seconds before `expires_at` that `task.expiring` is emitted */
            notify_before: number;
            /** @description Attempt n+1 waits backoff_s·2^(n−1) s, capped at max_backoff_s */
            retry: {
                max_attempts: number;
                backoff_s: number;
                max_backoff_s: number;
            };
            /** @description `skip` or `allow` a run while the previous one is running */
            overlap: string;
            /** @description What missed times do: `run_once`, `skip` or `run_all` */
            misfire: string;
            /** @description `completed`: a one-shot that has run; `expired`: its deadline passed */
            state: "active" | "paused" | "completed" | "expired";
            next_run_at: string | null;
            last_run: {
                id: number;
                status: string;
                started_at: string | null;
                finished_at: string | null;
            } | null;
            /**
             * @description ISO 8601 time in UTC
             * @example 2026-03-29T08:00:00.000Z
             */
            created_at: string;
            /**
             * @description ISO 8601 time in UTC
             * @example 2026-03-29T08:00:00.000Z
             */
            updated_at: string;
        };
        /**
         * @description A task to create, or the fields of one to change (`null` clears a field). At most one of schedule_time, cron and interval; at most one of lines and http
         * @example {
         *       "title": "Nightly report",
         *       "cron": "0 2 * * *",
         *       "timezone": "Europe/London",
         *       "http": {
         *         "method": "POST",
         *         "url": "https://example.com/report",
         *         "headers": {
         *           "Authorization": "Bearer s3cret"
         *         }
         *       },
         *       "retry": {
         *         "max_attempts": 5
         *       }
         *     }
         * @example {
         *       "title": "Tube before work",
         *       "cron": "0 8 * * 1-5",
         *       "timezone": "Europe/London",
         *       "lines": [
         *         "central",
         *         "victoria"
         *       ]
         *     }
         */
        TaskInput: {
            title?: string | null;
            description?: string | null;
            schedule_time?: string | null;
            cron?: string | null;
            interval?: (number | string) | null;
            timezone?: string | null;
            lines?: (string[] | string) | null;
            http?: components["schemas"]["HttpInput"] | null;
            expires_at?: string | null;
            notify_before?: number | null;
            retry?: components["schemas"]["RetryInput"] | null;
            /** @description Recurring tasks: `skip` (default) or `allow` a run while the previous one is still running */
            overlap?: "skip" | "allow";
            /** @description What a recurring task does with times missed while the service was down: `run_once` (default), `skip`, `run_all` */
            misfire?: "run_once" | "skip" | "run_all";
            /** @description Default false. true: every call of the http action carries Standard Webhooks headers (webhook-id = <run id>-<attempt>, webhook-timestamp, webhook-signature) signed with the tenant's signing secret (POST /v1/signing-secret/rotate), so the target can verify it. Only for http actions; kept when http is replaced without it. A run in a tenant without a signing secret fails, saying so; the target is never called unsigned. */
            sign?: boolean;
        };
        /** @description A task to create, or the fields of one to change (`null` clears a field). At most one of schedule_time, cron and interval; at most one of lines and http (as a form: flat fields only) */
        TaskInputForm: {
            /** @description A name for people, up to 200 characters. In a form: empty: null */
            title?: string;
            /** @description Free text, up to 5000 characters. In a form: empty: null */
            description?: string;
            /** @description Run once at this ISO 8601 time; without an offset it is read in `timezone`. A time already past runs at once. In a form: empty: null */
            schedule_time?: string;
            /** @description Run on this cron schedule (5 fields, or 6 with seconds first), in `timezone`, DST-correct. In a form: empty: null */
            cron?: string;
            /** @description Run every this many seconds (or "90s", "5m", "2h") on a fixed cadence; the first run is one interval from now. In a form: digits; empty: null */
            interval?: string;
            /** @description IANA time zone of `cron` and of times without an offset; default the service's TICKWORK_TIMEZONE. In a form: empty: null */
            timezone?: string;
            /** @description The action is a London Underground line-disruption check of these TfL line ids (a list, or comma-separated). In a form: repeated, or comma-separated */
            lines?: string[];
            /** @description A deadline (ISO 8601): `task.expiring` is emitted `notify_before` seconds before it, `task.expired` at it. In a form: empty: null */
            expires_at?: string;
            /** @description Seconds before `expires_at` to emit `task.expiring`, default 900. In a form: digits; empty: null */
            notify_before?: string;
            /**
             * @description Recurring tasks: `skip` (default) or `allow` a run while the previous one is still running. In a form: text
             * @enum {string}
             */
            overlap?: "skip" | "allow";
            /**
             * @description What a recurring task does with times missed while the service was down: `run_once` (default), `skip`, `run_all`. In a form: text
             * @enum {string}
             */
            misfire?: "run_once" | "skip" | "run_all";
            /** @description Default false. true: every call of the http action carries Standard Webhooks headers (webhook-id = <run id>-<attempt>, webhook-timestamp, webhook-signature) signed with the tenant's signing secret (POST /v1/signing-secret/rotate), so the target can verify it. Only for http actions; kept when http is replaced without it. A run in a tenant without a signing secret fails, saying so; the target is never called unsigned.. In a form: `true` or `false` */
            sign?: string;
        };
        /** @description One page of a list */
        TaskPage: {
            items: components["schemas"]["Task"][];
            next_cursor: string | null;
        };
        /** @description A saved task's next fire times */
        TaskSchedulePreview: {
            /** @description The next fire times, ISO 8601 in UTC */
            next: string[];
            /** @description DST gaps and overlaps crossed, or why nothing is listed */
            notes: string[];
        };
        /** @description A webhook: events of the tenant delivered by HTTP POST, signed (Standard Webhooks) */
        Webhook: {
            id: number;
            /** @description Where events are POSTed */
            url: string;
            /** @description The event types (or prefixes ending in *) delivered */
            events: string[];
            state: "active" | "disabled";
            /** @description Failed deliveries in a row */
            failure_streak: number;
            disabled_reason: string | null;
            previous_secret_expires_at: string | null;
            /** @description ISO 8601 time in UTC */
            created_at: string;
            /** @description ISO 8601 time in UTC */
            updated_at: string;
        };
        /** @description A webhook to register */
        WebhookInput: {
            /**
             * @description Where events are POSTed
             * @example https://example.com/hooks/tickwork
             */
            url: string;
            /** @description The event types to deliver */
            events: string[];
            /** @description A signing secret of your own (whsec_ and base64 of 24 to 64 bytes); default: one is generated */
            secret?: string;
        };
        /** @description A webhook to register (as a form: flat fields only) */
        WebhookInputForm: {
            /** @description Where events are POSTed. In a form: text */
            url: string;
            /** @description The event types to deliver. In a form: repeated, or comma-separated */
            events: string[];
            /** @description A signing secret of your own (whsec_ and base64 of 24 to 64 bytes); default: one is generated. In a form: text */
            secret?: string;
        };
        /** @description One page of a list */
        WebhookPage: {
            items: components["schemas"]["Webhook"][];
            next_cursor: string | null;
        };
        /** @description A webhook with its signing secret */
        WebhookWithSecret: {
            id: number;
            /** @description Where events are POSTed */
            url: string;
            /** @description The event types (or prefixes ending in *) delivered */
            events: string[];
            state: "active" | "disabled";
            /** @description Failed deliveries in a row */
            failure_streak: number;
            disabled_reason: string | null;
            previous_secret_expires_at: string | null;
            /** @description ISO 8601 time in UTC */
            created_at: string;
            /** @description ISO 8601 time in UTC */
            updated_at: string;
            /** @description The signing secret (whsec_…), shown only in this response */
            secret: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "database": "postgres"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "unavailable",
                     *       "database": "postgres",
                     *       "error": "no answer within 2000 ms"
                     *     }
                     */
                    "application/json": components["schemas"]["HealthUnavailable"];
                };
            };
        };
    };
    listTasks: {
        parameters: {
            query?: {
                /** @description `completed`: a one-shot that has run; `expired`: its deadline passed */
                state?: "active" | "paused" | "completed" | "expired";
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A task to create, or the fields of one to change (`null` clears a field). At most one of schedule_time, cron and interval; at most one of lines and http */
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskInput"];
                "application/x-www-form-urlencoded": components["schemas"]["TaskInputForm"];
            };
        };
        responses: {
            /** @description Created; `Location` names it */
            201: {
                headers: {
                    /** @description The path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 42,
                     *       "title": "Nightly report",
                     *       "description": null,
                     *       "schedule": {
                     *         "type": "cron",
                     *         "expression": "0 2 * * *",
                     *         "timezone": "Europe/London"
                     *       },
                     *       "action": {
                     *         "type": "http",
                     *         "method": "POST",
                     *         "url": "https://example.com/report",
                     *         "headers": {
                     *           "Authorization": "***"
                     *         },
                     *         "body": null,
                     *         "timeout_ms": 10000,
                     *         "expect_status": null,
                     *         "expect_body_regex": null
                     *       },
                     *       "expires_at": null,
                     *       "notify_before": 900,
                     *       "retry": {
                     *         "max_attempts": 3,
                     *         "backoff_s": 1,
                     *         "max_backoff_s": 300
                     *       },
                     *       "overlap": "skip",
                     *       "misfire": "run_once",
                     *       "state": "active",
                     *       "next_run_at": "2026-03-30T01:00:00.000Z",
                     *       "last_run": null,
                     *       "created_at": "2026-03-29T08:00:00.000Z",
                     *       "updated_at": "2026-03-29T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTaskBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 1000 tasks, each the body of POST /v1/tasks */
                    tasks: components["schemas"]["TaskInput"][];
                };
            };
        };
        responses: {
            /** @description Created; `Location` names it */
            201: {
                headers: {
                    /** @description The path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Task"][];
                    };
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 42,
                     *       "title": "Nightly report",
                     *       "description": null,
                     *       "schedule": {
                     *         "type": "cron",
                     *         "expression": "0 2 * * *",
                     *         "timezone": "Europe/London"
                     *       },
                     *       "action": {
                     *         "type": "http",
                     *         "method": "POST",
                     *         "url": "https://example.com/report",
                     *         "headers": {
                     *           "Authorization": "***"
                     *         },
                     *         "body": null,
                     *         "timeout_ms": 10000,
                     *         "expect_status": null,
                     *         "expect_body_regex": null
                     *       },
                     *       "expires_at": null,
                     *       "notify_before": 900,
                     *       "retry": {
                     *         "max_attempts": 3,
                     *         "backoff_s": 1,
                     *         "max_backoff_s": 300
                     *       },
                     *       "overlap": "skip",
                     *       "misfire": "run_once",
                     *       "state": "active",
                     *       "next_run_at": "2026-03-30T01:00:00.000Z",
                     *       "last_run": null,
                     *       "created_at": "2026-03-29T08:00:00.000Z",
                     *       "updated_at": "2026-03-29T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        /** @description A task to create, or the fields of one to change (`null` clears a field). At most one of schedule_time, cron and interval; at most one of lines and http */
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskInput"];
                "application/x-www-form-urlencoded": components["schemas"]["TaskInputForm"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 42,
                     *       "title": "Nightly report",
                     *       "description": null,
                     *       "schedule": {
                     *         "type": "cron",
                     *         "expression": "0 2 * * *",
                     *         "timezone": "Europe/London"
                     *       },
                     *       "action": {
                     *         "type": "http",
                     *         "method": "POST",
                     *         "url": "https://example.com/report",
                     *         "headers": {
                     *           "Authorization": "***"
                     *         },
                     *         "body": null,
                     *         "timeout_ms": 10000,
                     *         "expect_status": null,
                     *         "expect_body_regex": null
                     *       },
                     *       "expires_at": null,
                     *       "notify_before": 900,
                     *       "retry": {
                     *         "max_attempts": 3,
                     *         "backoff_s": 1,
                     *         "max_backoff_s": 300
                     *       },
                     *       "overlap": "skip",
                     *       "misfire": "run_once",
                     *       "state": "active",
                     *       "next_run_at": "2026-03-30T01:00:00.000Z",
                     *       "last_run": null,
                     *       "created_at": "2026-03-29T08:00:00.000Z",
                     *       "updated_at": "2026-03-29T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        /** @description A task to create, or the fields of one to change (`null` clears a field). At most one of schedule_time, cron and interval; at most one of lines and http */
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskInput"];
                "application/x-www-form-urlencoded": components["schemas"]["TaskInputForm"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 42,
                     *       "title": "Nightly report",
                     *       "description": null,
                     *       "schedule": {
                     *         "type": "cron",
                     *         "expression": "0 2 * * *",
                     *         "timezone": "Europe/London"
                     *       },
                     *       "action": {
                     *         "type": "http",
                     *         "method": "POST",
                     *         "url": "https://example.com/report",
                     *         "headers": {
                     *           "Authorization": "***"
                     *         },
                     *         "body": null,
                     *         "timeout_ms": 10000,
                     *         "expect_status": null,
                     *         "expect_body_regex": null
                     *       },
                     *       "expires_at": null,
                     *       "notify_before": 900,
                     *       "retry": {
                     *         "max_attempts": 3,
                     *         "backoff_s": 1,
                     *         "max_backoff_s": 300
                     *       },
                     *       "overlap": "skip",
                     *       "misfire": "run_once",
                     *       "state": "active",
                     *       "next_run_at": "2026-03-30T01:00:00.000Z",
                     *       "last_run": null,
                     *       "created_at": "2026-03-29T08:00:00.000Z",
                     *       "updated_at": "2026-03-29T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 42,
                     *       "title": "Nightly report",
                     *       "description": null,
                     *       "schedule": {
                     *         "type": "cron",
                     *         "expression": "0 2 * * *",
                     *         "timezone": "Europe/London"
                     *       },
                     *       "action": {
                     *         "type": "http",
                     *         "method": "POST",
                     *         "url": "https://example.com/report",
                     *         "headers": {
                     *           "Authorization": "***"
                     *         },
                     *         "body": null,
                     *         "timeout_ms": 10000,
                     *         "expect_status": null,
                     *         "expect_body_regex": null
                     *       },
                     *       "expires_at": null,
                     *       "notify_before": 900,
                     *       "retry": {
                     *         "max_attempts": 3,
                     *         "backoff_s": 1,
                     *         "max_backoff_s": 300
                     *       },
                     *       "overlap": "skip",
                     *       "misfire": "run_once",
                     *       "state": "active",
                     *       "next_run_at": "2026-03-30T01:00:00.000Z",
                     *       "last_run": null,
                     *       "created_at": "2026-03-29T08:00:00.000Z",
                     *       "updated_at": "2026-03-29T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 42,
                     *       "title": "Nightly report",
                     *       "description": null,
                     *       "schedule": {
                     *         "type": "cron",
                     *         "expression": "0 2 * * *",
                     *         "timezone": "Europe/London"
                     *       },
                     *       "action": {
                     *         "type": "http",
                     *         "method": "POST",
                     *         "url": "https://example.com/report",
                     *         "headers": {
                     *           "Authorization": "***"
                     *         },
                     *         "body": null,
                     *         "timeout_ms": 10000,
                     *         "expect_status": null,
                     *         "expect_body_regex": null
                     *       },
                     *       "expires_at": null,
                     *       "notify_before": 900,
                     *       "retry": {
                     *         "max_attempts": 3,
                     *         "backoff_s": 1,
                     *         "max_backoff_s": 300
                     *       },
                     *       "overlap": "skip",
                     *       "misfire": "run_once",
                     *       "state": "active",
                     *       "next_run_at": "2026-03-30T01:00:00.000Z",
                     *       "last_run": null,
                     *       "created_at": "2026-03-29T08:00:00.000Z",
                     *       "updated_at": "2026-03-29T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    triggerTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "run_id": 314
                     *     }
                     */
                    "application/json": components["schemas"]["RunCreated"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTaskRuns: {
        parameters: {
            query?: {
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewTaskSchedule: {
        parameters: {
            query?: {
                /** @description How many fire times to list, default 10 */
                count?: number;
            };
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskSchedulePreview"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRuns: {
        parameters: {
            query?: {
                /** @description Only the runs of this task */
                task_id?: number;
                /** @description `pending` waits for its time or its retry; `abandoned`: its worker died (retried per policy) */
                status?: components["schemas"]["RunStatus"];
                /** @description Runs created at or after this time (RFC 3339) */
                since?: string;
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 314,
                     *       "task_id": 42,
                     *       "scheduled_for": "2026-03-30T01:00:00.000Z",
                     *       "started_at": "2026-03-30T01:00:00.012Z",
                     *       "finished_at": "2026-03-30T01:00:00.230Z",
                     *       "attempt": 1,
                     *       "status": "succeeded",
                     *       "http_status": 200,
                     *       "duration_ms": 218,
                     *       "error": null,
                     *       "result": {
                     *         "body": "ok"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 314,
                     *       "task_id": 42,
                     *       "scheduled_for": "2026-03-30T01:00:00.000Z",
                     *       "started_at": "2026-03-30T01:00:00.012Z",
                     *       "finished_at": "2026-03-30T01:00:00.230Z",
                     *       "attempt": 1,
                     *       "status": "succeeded",
                     *       "http_status": 200,
                     *       "duration_ms": 218,
                     *       "error": null,
                     *       "result": {
                     *         "body": "ok"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "run_id": 314
                     *     }
                     */
                    "application/json": components["schemas"]["RunCreated"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Start after this event id (oldest first only) */
                after?: number;
                /** @description Only events with a smaller id than this (with order=desc) */
                before?: number;
                /** @description asc (default): oldest first; desc: newest first */
                order?: "asc" | "desc";
                /** @description An event type, or a prefix ending in * (run.*) */
                type?: string;
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description Start after this event id (the Last-Event-ID header wins) */
                after?: number;
                /** @description An event type, or a prefix ending in * (run.*) */
                type?: string;
            };
            header?: {
                /** @description Resume after this event id (sent by EventSource on reconnect); wins over `after` */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A stream of Server-Sent Events: a `retry:` line, then each event as `id:` (its id), `event:` (its type) and `data:` (the Event as JSON); a comment line as a heartbeat */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A webhook to register */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://example.com/hooks/tickwork",
                 *       "events": [
                 *         "run.failed",
                 *         "monitor.*"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["WebhookInput"];
                "application/x-www-form-urlencoded": components["schemas"]["WebhookInputForm"];
            };
        };
        responses: {
            /** @description Created; `Location` names it */
            201: {
                headers: {
                    /** @description The path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url?: string;
                    events?: string[];
                    /** @description false disables it (pending deliveries dropped); true enables it with a clean failure streak */
                    active?: boolean;
                };
                "application/x-www-form-urlencoded": {
                    /** @description In a form: text */
                    url?: string;
                    /** @description In a form: repeated, or comma-separated */
                    events?: string[];
                    /** @description false disables it (pending deliveries dropped); true enables it with a clean failure streak. In a form: `true` or `false` */
                    active?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        event_id: number;
                        /** @enum {string} */
                        type: "webhook.test";
                    };
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The webhook id, a positive integer */
                id: number;
                /** @description The delivery id, a positive integer */
                delivery_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecret"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateSigningSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The new whsec_ secret; shown only in this answer */
                        secret: string;
                        /** @description ISO 8601 time in UTC */
                        rotated_at: string;
                        previous_secret_expires_at: string | null;
                    };
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSigningSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description ISO 8601 time in UTC */
                        rotated_at: string;
                        previous_secret_expires_at: string | null;
                    };
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewSchedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A schedule to preview: one of schedule_time, cron and interval */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "cron": "30 2 * * *",
                 *       "timezone": "Europe/London",
                 *       "count": 3
                 *     }
                 */
                "application/json": components["schemas"]["SchedulePreviewInput"];
                "application/x-www-form-urlencoded": components["schemas"]["SchedulePreviewInputForm"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePreview"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description An API key to create */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "ci",
                 *       "scopes": [
                 *         "write"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ApiKeyInput"];
                "application/x-www-form-urlencoded": components["schemas"]["ApiKeyInputForm"];
            };
        };
        responses: {
            /** @description Created; `Location` names it */
            201: {
                headers: {
                    /** @description The path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMonitors: {
        parameters: {
            query?: {
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitorPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createMonitor: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key from the same API key within 24 h answers the first response again instead of acting twice; with another request it is a 409 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A monitor to create: an http monitor checks `url` every `interval`; a heartbeat monitor waits for a ping every `period` */
        requestBody: {
            content: {
                "application/json": components["schemas"]["MonitorInput"];
                "application/x-www-form-urlencoded": components["schemas"]["MonitorInputForm"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 3,
                     *       "type": "http",
                     *       "url": "https://example.com/health",
                     *       "regexp": "ok",
                     *       "method": "GET",
                     *       "interval": 300,
                     *       "period": null,
                     *       "grace": null,
                     *       "ping_url": null,
                     *       "last_ping_at": null,
                     *       "timeout_ms": 10000,
                     *       "expect_status": null,
                     *       "expect_json": null,
                     *       "failure_threshold": 2,
                     *       "cert_expires_at": "2026-06-01T12:00:00.000Z",
                     *       "status": "up",
                     *       "active": true,
                     *       "last_check": {
                     *         "id": 77,
                     *         "checked_at": "2026-03-29T08:05:00.000Z",
                     *         "status_code": 200,
                     *         "latency_ms": 41,
                     *         "matched": true,
                     *         "ok": true,
                     *         "error": null,
                     *         "cert_days_left": 64
                     *       },
                     *       "next_check_at": "2026-03-29T08:10:00.000Z",
                     *       "uptime": {
                     *         "24h": 100,
                     *         "7d": 99.9,
                     *         "30d": 99.95
                     *       },
                     *       "latency_ms": {
                     *         "p50": 40,
                     *         "p95": 88
                     *       },
                     *       "created_at": "2026-03-01T10:00:00.000Z",
                     *       "updated_at": "2026-03-01T10:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            /** @description Created; `Location` names it */
            201: {
                headers: {
                    /** @description The path of what was created */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 3,
                     *       "type": "http",
                     *       "url": "https://example.com/health",
                     *       "regexp": "ok",
                     *       "method": "GET",
                     *       "interval": 300,
                     *       "period": null,
                     *       "grace": null,
                     *       "ping_url": null,
                     *       "last_ping_at": null,
                     *       "timeout_ms": 10000,
                     *       "expect_status": null,
                     *       "expect_json": null,
                     *       "failure_threshold": 2,
                     *       "cert_expires_at": "2026-06-01T12:00:00.000Z",
                     *       "status": "up",
                     *       "active": true,
                     *       "last_check": {
                     *         "id": 77,
                     *         "checked_at": "2026-03-29T08:05:00.000Z",
                     *         "status_code": 200,
                     *         "latency_ms": 41,
                     *         "matched": true,
                     *         "ok": true,
                     *         "error": null,
                     *         "cert_days_left": 64
                     *       },
                     *       "next_check_at": "2026-03-29T08:10:00.000Z",
                     *       "uptime": {
                     *         "24h": 100,
                     *         "7d": 99.9,
                     *         "30d": 99.95
                     *       },
                     *       "latency_ms": {
                     *         "p50": 40,
                     *         "p95": 88
                     *       },
                     *       "created_at": "2026-03-01T10:00:00.000Z",
                     *       "updated_at": "2026-03-01T10:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 3,
                     *       "type": "http",
                     *       "url": "https://example.com/health",
                     *       "regexp": "ok",
                     *       "method": "GET",
                     *       "interval": 300,
                     *       "period": null,
                     *       "grace": null,
                     *       "ping_url": null,
                     *       "last_ping_at": null,
                     *       "timeout_ms": 10000,
                     *       "expect_status": null,
                     *       "expect_json": null,
                     *       "failure_threshold": 2,
                     *       "cert_expires_at": "2026-06-01T12:00:00.000Z",
                     *       "status": "up",
                     *       "active": true,
                     *       "last_check": {
                     *         "id": 77,
                     *         "checked_at": "2026-03-29T08:05:00.000Z",
                     *         "status_code": 200,
                     *         "latency_ms": 41,
                     *         "matched": true,
                     *         "ok": true,
                     *         "error": null,
                     *         "cert_days_left": 64
                     *       },
                     *       "next_check_at": "2026-03-29T08:10:00.000Z",
                     *       "uptime": {
                     *         "24h": 100,
                     *         "7d": 99.9,
                     *         "30d": 99.95
                     *       },
                     *       "latency_ms": {
                     *         "p50": 40,
                     *         "p95": 88
                     *       },
                     *       "created_at": "2026-03-01T10:00:00.000Z",
                     *       "updated_at": "2026-03-01T10:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done; no body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        /** @description The fields of a monitor to change; its type is fixed */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "interval": 120,
                 *       "regexp": null
                 *     }
                 */
                "application/json": components["schemas"]["MonitorPatch"];
                "application/x-www-form-urlencoded": components["schemas"]["MonitorPatchForm"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": 3,
                     *       "type": "http",
                     *       "url": "https://example.com/health",
                     *       "regexp": "ok",
                     *       "method": "GET",
                     *       "interval": 300,
                     *       "period": null,
                     *       "grace": null,
                     *       "ping_url": null,
                     *       "last_ping_at": null,
                     *       "timeout_ms": 10000,
                     *       "expect_status": null,
                     *       "expect_json": null,
                     *       "failure_threshold": 2,
                     *       "cert_expires_at": "2026-06-01T12:00:00.000Z",
                     *       "status": "up",
                     *       "active": true,
                     *       "last_check": {
                     *         "id": 77,
                     *         "checked_at": "2026-03-29T08:05:00.000Z",
                     *         "status_code": 200,
                     *         "latency_ms": 41,
                     *         "matched": true,
                     *         "ok": true,
                     *         "error": null,
                     *         "cert_days_left": 64
                     *       },
                     *       "next_check_at": "2026-03-29T08:10:00.000Z",
                     *       "uptime": {
                     *         "24h": 100,
                     *         "7d": 99.9,
                     *         "30d": 99.95
                     *       },
                     *       "latency_ms": {
                     *         "p50": 40,
                     *         "p95": 88
                     *       },
                     *       "created_at": "2026-03-01T10:00:00.000Z",
                     *       "updated_at": "2026-03-01T10:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The API key lacks the scope this route needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict with the current state (or an Idempotency-Key reused with another request) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not JSON or a form */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMonitorChecks: {
        parameters: {
            query?: {
                /** @description Checks at or after this time */
                since?: string;
                /** @description Checks at or before this time */
                until?: string;
                /** @description Page size, default 50; above 500 is clamped to 500 */
                limit?: number;
                /** @description Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description A positive integer id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckPage"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No API key, or one that is unknown, revoked or expired */
            401: {
                headers: {
                    /** @description `Bearer realm="tickwork"` */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pingHeartbeat: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ping token from ping_url */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ok": true,
                     *       "monitor_id": 3,
                     *       "status": "up"
                     *     }
                     */
                    "application/json": components["schemas"]["Pinged"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pingHeartbeatWithBody: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The ping token from ping_url */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ok": true,
                     *       "monitor_id": 3,
                     *       "status": "up"
                     *     }
                     */
                    "application/json": components["schemas"]["Pinged"];
                };
            };
            /** @description Malformed or invalid input; `errors` names every offending field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such object (or it belongs to another tenant) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is over the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; retry after `Retry-After` seconds */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; it has been logged (the answer holds no internals) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Temporarily unavailable; retry after `Retry-After` seconds */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://tickwork.dev/problems/invalid-field",
                     *       "title": "Invalid field",
                     *       "status": 400,
                     *       "detail": "Invalid field(s): cron.",
                     *       "code": "invalid_field",
                     *       "errors": [
                     *         {
                     *           "field": "cron",
                     *           "message": "expected 5 fields (or 6 with seconds first)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
