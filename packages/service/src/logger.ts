// JSON logs on stdout, one object a line, for the cluster's log collector to parse.
import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger } from "pino";

/** Credentials that must never reach a log, wherever a headers object is logged. */
export const REDACTED_PATHS = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
  .map((header) => `headers["${header}"]`)
  .flatMap((path) => [path, `*.${path}`]);

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
      // Seconds-since-epoch numbers are hard to read in a log viewer; ISO dates are not.
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // Synchronous writes: an asynchronous stdout loses or reorders the last lines when the
    // process exits, which is when the shutdown and fatal lines are written.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
