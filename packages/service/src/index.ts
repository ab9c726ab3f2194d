// @repo/service's public API: what an app needs to declare its routes and run as a service.
// Everything else in src/ is the runtime's own and may change without notice.
export {
  type Service,
  type ServiceContext,
  type ServiceOptions,
  createService,
} from "./service.js";
export { type RunningService, runService } from "./run-service.js";
export type { ApiRouter, RouteInput, RouteSpec } from "./api-router.js";
export { integer, string } from "./request-params.js";
export { type ServiceConfig, defaultConfig } from "./config.js";
export { LIVENESS_PATH, READINESS_PATH } from "./health.js";
