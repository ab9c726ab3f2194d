// The settings every service reads from its environment, validated once at start so a typo
// stops the process with a message instead of surfacing later as odd behaviour.
import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const BYTES = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

function integerText(min: number, max: number, fallback: number) {
  const allowed = `an integer from ${min} to ${max}`;
  return z
    .string()
    .default(String(fallback))
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
  BODY_LIMIT: z
    .string()
    .default("100kb")
    .refine((text) => BYTES.test(text.trim()), {
      message: 'a size in bytes such as "100kb", "1mb" or "2048"',
    })
    .transform((text) => text.trim()),
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
  return {
    port: parsed.PORT,
    logLevel: parsed.LOG_LEVEL,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    shutdownDelayMs: parsed.SHUTDOWN_DELAY_MS,
    bodyLimit: parsed.BODY_LIMIT,
  };
}

/** The configuration with nothing set: what tests and a bare `createService` get. */
export function defaultConfig(): ServiceConfig {
  return loadConfig({});
}
