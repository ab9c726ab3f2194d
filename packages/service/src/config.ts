// The settings every service reads from its environment, validated once at start so a typo
// stops the process with a message instead of surfacing later as odd behaviour.
import bytes from "bytes";
import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const BYTES = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

/** The largest BODY_LIMIT: a body is held whole in memory and parsed there, where its objects
 * take several times its size, and a service's pod usually has a few hundred MB at most. */
export const MAX_BODY_LIMIT = "4mb";
/** The longest BODY_TIMEOUT_MS: the server's own request timeout is set above it. */
export const MAX_BODY_TIMEOUT_MS = 60_000;
/** The largest BODY_TOTAL_LIMIT, for pods given much more memory than the template's. */
export const MAX_BODY_TOTAL_LIMIT = "1gb";

function size(fallback: string, max: string, why: string) {
  return z
    .string()
    .default(fallback)
    .transform((text) => text.trim())
    .refine((text) => BYTES.test(text), {
      message: 'a size in bytes such as "100kb", "1mb" or "2048"',
    })
    .refine((text) => bytes.parse(text)! <= bytes.parse(max)!, {
      message: `a size of at most ${max} (${why})`,
    });
}

const flag = z
  .string()
  .transform((text) => text.trim().toLowerCase())
  .refine((text) => text === "true" || text === "false", { message: "true or false" })
  .transform((text) => text === "true");

function integerText(min: number, max: number, fallback?: number) {
  const allowed = `an integer from ${min} to ${max}`;
  const text = z.string();
  return (fallback === undefined ? text : text.default(String(fallback)))
    .refine((text) => /^\d+$/.test(text.trim()), { message: allowed })
    .transform((text) => Number(text))
    .refine((value) => value >= min && value <= max, { message: allowed });
}

const envSchema = z.object({
  PORT: integerText(0, 65535, 8000),
  LOG_LEVEL: z
    .string()
    .default("info")
    .transform((text) => text.trim().toLowerCase())
    .refine((text): text is LogLevel => (LOG_LEVELS as readonly string[]).includes(text), {
      message: `one of ${LOG_LEVELS.join(", ")}`,
    }),
  SHUTDOWN_TIMEOUT_MS: integerText(1, 600_000, 10_000),
  SHUTDOWN_DELAY_MS: integerText(0, 600_000, 0),
  BODY_LIMIT: size("100kb", MAX_BODY_LIMIT, "a body is held and parsed in memory"),
  BODY_TOTAL_LIMIT: size("16mb", MAX_BODY_TOTAL_LIMIT, "bodies are held in memory"),
  BODY_TIMEOUT_MS: integerText(1, MAX_BODY_TIMEOUT_MS, 20_000),
  METRICS_PORT: integerText(0, 65535).optional(),
  API_DOCS: flag.optional(),
});

export interface ServiceConfig {
  /** TCP port to listen on; 0 picks a free one. */
  port: number;
  logLevel: LogLevel;
  /** The longest a shutdown may take before in-flight requests are cut. */
  shutdownTimeoutMs: number;
  /** How long the server keeps serving after readiness turns false, so load balancers stop
   * routing to it before it stops accepting connections. Counted within the timeout. */
  shutdownDelayMs: number;
  /** Largest JSON body accepted, in the `bytes` package's notation. */
  bodyLimit: string;
  /** What the bodies being received at once may hold together; more are refused with 503. */
  bodyTotalLimit: string;
  /** The longest a request's body may take to arrive after its head: then 408. */
  bodyTimeoutMs: number;
  /** Where /metrics is served instead of `port`, so the Service and Ingress in front of `port`
   * never route to it; undefined serves it on `port`. */
  metricsPort?: number;
  /** Whether /docs and /openapi.json are served: by default not when NODE_ENV=production. */
  apiDocs: boolean;
}

/** Names the variables, their values and what each allows, on one line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): ServiceConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(env[name])} is not allowed, expected ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const parsed = result.data;
  if (parsed.SHUTDOWN_DELAY_MS >= parsed.SHUTDOWN_TIMEOUT_MS) {
    throw new ConfigError([
      `SHUTDOWN_DELAY_MS=${JSON.stringify(env.SHUTDOWN_DELAY_MS)} is not allowed, expected less than SHUTDOWN_TIMEOUT_MS (${parsed.SHUTDOWN_TIMEOUT_MS})`,
    ]);
  }
  if (bytes.parse(parsed.BODY_TOTAL_LIMIT)! < bytes.parse(parsed.BODY_LIMIT)!) {
    throw new ConfigError([
      `BODY_TOTAL_LIMIT=${JSON.stringify(parsed.BODY_TOTAL_LIMIT)} is not allowed, expected at least BODY_LIMIT (${parsed.BODY_LIMIT})`,
    ]);
  }
  if (parsed.METRICS_PORT !== 0 && parsed.METRICS_PORT === parsed.PORT) {
    throw new ConfigError([
      `METRICS_PORT=${JSON.stringify(env.METRICS_PORT)} is not allowed, expected a port other than PORT (${parsed.PORT}), or no METRICS_PORT to serve /metrics on PORT`,
    ]);
  }
  return {
    port: parsed.PORT,
    logLevel: parsed.LOG_LEVEL,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    shutdownDelayMs: parsed.SHUTDOWN_DELAY_MS,
    bodyLimit: parsed.BODY_LIMIT,
    bodyTotalLimit: parsed.BODY_TOTAL_LIMIT,
    bodyTimeoutMs: parsed.BODY_TIMEOUT_MS,
    ...(parsed.METRICS_PORT !== undefined && { metricsPort: parsed.METRICS_PORT }),
    apiDocs: parsed.API_DOCS ?? env.NODE_ENV !== "production",
  };
}

/** The configuration with nothing set: what tests and a bare `createService` get. */
export function defaultConfig(): ServiceConfig {
  return loadConfig({});
}
