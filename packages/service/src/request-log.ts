// One log line per request, written when its response has been sent or abandoned.
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { requestIdOf } from "./request-id.js";
import { routeTemplate } from "./route-template.js";

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const durationMs = Number(process.hrtime.bigint() - start) / 1e6;
      const completed = res.writableFinished;
      const status = res.statusCode;
      // Client errors are the client's business; a 5xx or a cut response is ours.
      const level = !completed || status >= 500 ? "error" : "info";
      logger[level](
        {
          requestId: requestIdOf(res),
          method: req.method,
          route: routeTemplate(req),
          status,
          durationMs: Math.round(durationMs * 1000) / 1000,
          ...(!completed && { aborted: true }),
        },
        completed ? "request completed" : "request aborted before its response was sent",
      );
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
}
