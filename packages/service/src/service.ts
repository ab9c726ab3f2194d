// Builds a service's Express app with everything production needs around its routes. The app
// does not listen: tests drive it with supertest, and run-service.ts starts it.
import { parse as parseQuery } from "node:querystring";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { type ApiRouter, createApiRouter } from "./api-router.js";
import { type ServiceConfig, defaultConfig } from "./config.js";
import { errorHandler, notFound } from "./error-handlers.js";
import { Health } from "./health.js";
import { createLogger } from "./logger.js";
import { type Metrics, createMetrics } from "./metrics.js";
import { observeRequests } from "./observe-requests.js";
import { redirectSlashes } from "./redirect-slashes.js";
import { wellFormedPath } from "./percent-decoding.js";
import { requestIdOf } from "./request-id.js";
import { routeTemplate } from "./route-template.js";
import { installRuntimeHeaders } from "./runtime-headers.js";
import { RuntimeRoutes } from "./runtime-routes.js";
import { API_HELMET_OPTIONS, helmetHeaders } from "./security-headers.js";

const EVERY_PAIR = { maxKeys: 0 };

export interface ServiceContext {
  config: ServiceConfig;
  logger: Logger;
}

export interface ServiceOptions {
  name: string;
  version: string;
  description?: string;
  /** Declares the service's own routes. */
  routes: (api: ApiRouter, context: ServiceContext) => void;
  /** Settings over the defaults; run-service.ts passes those read from the environment. */
  config?: Partial<ServiceConfig>;
  /** JSON lines on stdout at config.logLevel when omitted. */
  logger?: Logger;
}

export interface Service extends ServiceContext {
  name: string;
  app: Express;
  health: Health;
  metrics: Metrics;
  /** Requests being handled now. */
  inFlight: () => number;
}

export function createService(options: ServiceOptions): Service {
  const { name, version, description } = options;
  const config = { ...defaultConfig(), ...options.config };
  const logger = options.logger ?? createLogger({ name, level: config.logLevel });
  const health = new Health();
  const metrics = createMetrics();

  const app = express();
  app.disable("x-powered-by");
  // As FastAPI: no ETag, whose hash of every body buys conditional requests an API rarely gets.
  app.set("etag", false);
  // As Starlette routes: "/ITEMS/5" and "/items/5/" are not "/items/5" (the latter redirects).
  app.set("case sensitive routing", true);
  app.set("strict routing", true);
  // Express's parser (node:querystring) keeps the first 1,000 pairs, so of a parameter repeated
  // more often the last value is lost; Starlette keeps every pair. The request line's size
  // (Node's header limit, 16 kB) bounds the count.
  app.set("query parser", (text: string) => parseQuery(text, "&", "=", EVERY_PAIR));
  installRuntimeHeaders(app, { security: helmetHeaders(API_HELMET_OPTIONS), health });
  const observer = observeRequests({ logger, metrics });
  const runtimeRoutes = new RuntimeRoutes();
  health.install(runtimeRoutes);
  // Served on their own port by run-service.ts when the configuration gives one.
  if (config.metricsPort === undefined) runtimeRoutes.get("/metrics", metrics.handler);
  const serveRuntimeRoutes = runtimeRoutes.middleware();
  // One middleware for both: every layer Express passes a request through has its cost.
  app.use((req, res, next) => {
    observer.observe(req, res);
    if (req.url.includes("%")) req.url = wellFormedPath(req.url);
    serveRuntimeRoutes(req, res, next);
  });
  // The service's routes go on the app itself, after the runtime's own and before notFound.
  const api = createApiRouter(
    { title: name, version, ...(description && { description }) },
    {
      router: app,
      bodyLimit: config.bodyLimit,
      bodyTotalLimit: config.bodyTotalLimit,
      bodyTimeoutMs: config.bodyTimeoutMs,
      documents: config.apiDocs && runtimeRoutes,
    },
  );
  options.routes(api, { config, logger });
  app.use(redirectSlashes((path) => runtimeRoutes.has(path) || api.matches(path)));
  app.use(notFound);
  app.use(
    errorHandler((error, req, res) => {
      logger.error(
        { err: error, requestId: requestIdOf(res), method: req.method, route: routeTemplate(req) },
        "unexpected error while handling a request",
      );
    }),
  );
  return { name, app, config, logger, health, metrics, inFlight: observer.inFlight };
}
