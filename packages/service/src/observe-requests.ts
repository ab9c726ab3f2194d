// The first thing every request meets: it gets its id (which runtime-headers.ts echoes), and
// it is logged and measured when its response is done. One shared listener, because this runs
// on every request and the benchmark holds the runtime to 90% of bare Express.
import type { Request, Response } from "express";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id.js";
import { logRequest } from "./request-log.js";
import { routeTemplate } from "./route-template.js";

export interface Observers {
  logger: Logger;
  metrics: Metrics;
}

// Kept in res.locals, a dictionary already made for each request: a property added to the
// response itself grows an object of forty-odd properties on every request.
const START = Symbol("requestStart");

type Observed = Response & { locals: { [START]: number } };

export interface RequestObserver {
  /** Called first for every request. */
  observe: (req: Request, res: Response) => void;
  /** Requests received and not yet answered or abandoned: what a forced stop would cut. */
  inFlight: () => number;
}

export function observeRequests({ logger, metrics }: Observers): RequestObserver {
  let inFlight = 0;
  // Shared by every response (it reads its response from `this`) rather than a closure and a
  // once-wrapper allocated per request; "close" fires once per response.
  function onClose(this: Observed) {
    inFlight--;
    const durationMs = performance.now() - this.locals[START];
    const route = routeTemplate(this.req);
    if (this.writableFinished) {
      metrics.record(this.req.method, route, this.statusCode, durationMs / 1000);
    }
    logRequest(logger, this.req, this, route, durationMs);
  }
  const observe = (req: Request, res: Response) => {
    inFlight++;
    const locals = (res as Observed).locals;
    locals[START] = performance.now();
    locals.requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
    // "close" follows "finish" on a sent response and also fires when the client goes away.
    res.on("close", onClose);
  };
  return { observe, inFlight: () => inFlight };
}
