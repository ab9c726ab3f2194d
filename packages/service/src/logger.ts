// JSON logs on stdout, one object a line, for the cluster's log collector to parse.
import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";
import { batchedDestination } from "./log-destination.js";

export type { Logger } from "pino";

/** Credentials that must never reach a log, in the headers objects that get logged. Explicit
 * paths rather than wildcards: pino checks them on every line, and wildcards cost more. */
export const REDACTED_PATHS = ["", "req.", "res.", "request.", "response."].flatMap((owner) =>
  ["authorization", "proxy-authorization", "cookie", "set-cookie"].map(
    (header) => `${owner}headers["${header}"]`,
  ),
);

let lastMs = Number.NaN;
let lastTime = "";

/** Milliseconds since the epoch are hard to read in a log viewer; ISO dates are not. A busy
 * service writes several lines per millisecond, so each millisecond's date is formatted once
 * (pino.stdTimeFunctions.isoTime formats it for every line). */
export function isoTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}

export interface LoggerOptions {
  name: string;
  level?: LogLevel;
  /** Where lines go; stdout when omitted. */
  destination?: DestinationStream;
}

export function createLogger({ name, level = "info", destination }: LoggerOptions): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: isoTime,
    },
    destination ?? batchedDestination(),
  );
}
