// The one log line written for each request, once its response is sent or abandoned.
import type { Request, Response } from "express";
import type { Logger } from "pino";
import { requestIdOf } from "./request-id.js";

export function logRequest(
  logger: Logger,
  req: Request,
  res: Response,
  route: string,
  durationMs: number,
) {
  const completed = res.writableFinished;
  const status = res.statusCode;
  // Client errors are the client's business; a 5xx or a cut response is ours.
  const level = !completed || status >= 500 ? "error" : "info";
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      requestId: requestIdOf(res),
      method: req.method,
      route,
      status,
      durationMs: Math.round(durationMs * 1000) / 1000,
      // Undefined is left out of the line.
      aborted: completed ? undefined : true,
    },
    completed ? "request completed" : "request aborted before its response was sent",
  );
}
