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

type Label = (typeof LABELS)[number];

/** One method, route and status: its request count and its histogram. */
interface Series {
  labels: LabelValues<Label>;
  count: number;
  duration: Histogram.Internal<Label>;
}

export function createMetrics(): Metrics {
  // A registry per service rather than prom-client's global one, so two apps in one process
  // (tests) do not collide.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // The label sets are few (routes × methods × statuses) and looked up by a plain string.
  // prom-client validates and hashes the labels on every call, even through a labelled child,
  // so the counts are kept here and handed to it when Prometheus scrapes.
  const series = new Map<string, Series>();
  new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route template and status code.",
    labelNames: LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, count } of series.values()) this.inc(labels, count);
    },
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from receiving a request to finishing its response, in seconds.",
    labelNames: LABELS,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const record = (req: Request, res: Response, durationSeconds: number) => {
    const route = routeTemplate(req);
    const key = `${req.method} ${res.statusCode} ${route}`;
    let entry = series.get(key);
    if (!entry) {
      const labels = { method: req.method, route, status_code: res.statusCode };
      entry = { labels, count: 0, duration: duration.labels(labels) };
      series.set(key, entry);
    }
    entry.count++;
    entry.duration.observe(durationSeconds);
  };

  const handler: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

  return { registry, record, handler };
}
