// Prometheus metrics: request count and duration by method, route template and status, plus
// Node's process metrics (memory, CPU, event loop lag, GC), served at GET /metrics.
import type { RequestHandler } from "express";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { routeTemplate } from "./route-template.js";

const LABELS = ["method", "route", "status_code"] as const;

export interface Metrics {
  registry: Registry;
  /** Counts and times every request. */
  middleware: RequestHandler;
  /** Serves the registry in Prometheus' text format. */
  handler: RequestHandler;
}

export function createMetrics(): Metrics {
  // A registry per service rather than prom-client's global one, so two apps in one process
  // (tests) do not collide.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route template and status code.",
    labelNames: LABELS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from receiving a request to finishing its response, in seconds.",
    labelNames: LABELS,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once("finish", () => {
      const labels = {
        method: req.method,
        route: routeTemplate(req),
        status_code: res.statusCode,
      };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };

  const handler: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

  return { registry, middleware, handler };
}
