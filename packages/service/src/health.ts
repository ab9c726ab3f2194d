// Liveness and readiness, as Kubernetes probes them. Liveness only says the process answers;
// readiness says whether it should receive traffic: not before start-up has finished, and
// not once shutdown has begun, so the load balancer drains it before it stops accepting.
import type { GetRoutes } from "./runtime-routes.js";

export type ReadinessState = "starting" | "ready" | "stopping";

/** Where Kubernetes probes every service; the deploy-chain check holds manifests to these. */
export const LIVENESS_PATH = "/healthz";
export const READINESS_PATH = "/readyz";

export class Health {
  private state: ReadinessState = "starting";

  get readiness(): ReadinessState {
    return this.state;
  }

  markReady(): void {
    if (this.state === "starting") this.state = "ready";
  }

  markStopping(): void {
    this.state = "stopping";
  }

  install(routes: GetRoutes): void {
    routes.get(LIVENESS_PATH, (_req, res) => {
      res.json({ status: "ok" });
    });
    routes.get(READINESS_PATH, (_req, res) => {
      const ready = this.state === "ready";
      res.status(ready ? 200 : 503).json({ status: this.state });
    });
  }
}
