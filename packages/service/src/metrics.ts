// Prometheus metrics: request count and duration by method, route template and status, plus
// Node's process metrics (memory, CPU, event loop lag, GC), served at GET /metrics.
import type { Request, RequestHandler, Response } from "express";
import { Counter, Histogram, type LabelValues, Registry, collectDefaultMetrics } from "prom-client";
import { routeTemplate } from "./route-template.js";

const LABELS = ["method", "route", "status_code"] as const;

export interface Metrics {
  registry: Registry;
  /** Counts and times a finished request. */
  record(req: Request, res: Response, durationSeconds: number): void;
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

  // The label sets are few (routes × methods × statuses); looking each one's children up by a
  // plain string saves prom-client hashing the labels twice per request.
  type Label = (typeof LABELS)[number];
  const children = new Map<string, [Counter.Internal, Histogram.Internal<Label>]>();
  const record = (req: Request, res: Response, durationSeconds: number) => {
    const route = routeTemplate(req);
    const key = `${req.method} ${res.statusCode} ${route}`;
    let child = children.get(key);
    if (!child) {
      const labels: LabelValues<Label> = {
        method: req.method,
        route,
        status_code: res.statusCode,
      };
      child = [requests.labels(labels), duration.labels(labels)];
      children.set(key, child);
    }
    child[0].inc();
    child[1].observe(durationSeconds);
  };

  const handler: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

  return { registry, record, handler };
}
