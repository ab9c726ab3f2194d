// Prometheus metrics: request count and duration by method, route template and status, plus
// Node's process metrics (memory, CPU, event loop lag, GC), served at GET /metrics.
import type { RequestHandler } from "express";
import { Counter, Histogram, type LabelValues, Registry, collectDefaultMetrics } from "prom-client";

const LABELS = ["method", "route", "status_code"] as const;

export interface Metrics {
  registry: Registry;
  /** Counts and times a finished request; route is its template (route-template.ts). */
  record(method: string, route: string, status: number, durationSeconds: number): void;
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

  // The label sets are few (routes × methods × statuses): found by route, then among that
  // route's few, without building a key per request. prom-client validates and hashes the
  // labels on every call, even through a labelled child, so the counts are kept here and
  // handed to it when Prometheus scrapes.
  const byRoute = new Map<string, Series[]>();
  new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route template and status code.",
    labelNames: LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const series of byRoute.values()) {
        for (const { labels, count } of series) this.inc(labels, count);
      }
    },
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from receiving a request to finishing its response, in seconds.",
    labelNames: LABELS,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const find = (series: Series[], method: string, status: number) => {
    for (let i = 0; i < series.length; i++) {
      const { labels } = series[i]!;
      if (labels.status_code === status && labels.method === method) return series[i];
    }
    return undefined;
  };

  const record = (method: string, route: string, status: number, durationSeconds: number) => {
    let series = byRoute.get(route);
    if (series === undefined) {
      series = [];
      byRoute.set(route, series);
    }
    let entry = find(series, method, status);
    if (entry === undefined) {
      const labels = { method, route, status_code: status };
      entry = { labels, count: 0, duration: duration.labels(labels) };
      series.push(entry);
    }
    entry.count++;
    entry.duration.observe(durationSeconds);
  };

  const handler: RequestHandler = async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };

  return { registry, record, handler };
}
