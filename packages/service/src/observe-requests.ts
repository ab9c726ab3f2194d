// The first middleware of every app: gives the request its id, then logs and measures it when
// its response is done. One middleware and one listener per request, because this runs on
// every request and the benchmark holds the runtime to 90% of bare Express.
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import type { Health } from "./health.js";
import type { Metrics } from "./metrics.js";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id.js";
import { logRequest } from "./request-log.js";

export function observeRequests(logger: Logger, metrics: Metrics, health: Health): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    const id = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    // Once draining, tell keep-alive clients to reconnect elsewhere after this response.
    if (health.readiness === "stopping") res.setHeader("connection", "close");
    // "close" follows "finish" on a sent response and also fires when the client goes away.
    res.once("close", () => {
      const durationMs = performance.now() - start;
      if (res.writableFinished) metrics.record(req, res, durationMs / 1000);
      logRequest(logger, req, res, durationMs);
    });
    next();
  };
}
