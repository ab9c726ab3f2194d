// Liveness and readiness, as Kubernetes probes them. Liveness only says the process answers;
// readiness says whether it should receive traffic: not before start-up has finished, and
// not once shutdown has begun, so the load balancer drains it before it stops accepting.
import type { Express } from "express";

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

  /** Routes on the app itself rather than a sub-router, which every request would enter. */
  install(app: Express): void {
    app.get(LIVENESS_PATH, (_req, res) => {
      res.json({ status: "ok" });
    });
    app.get(READINESS_PATH, (_req, res) => {
      const ready = this.state === "ready";
      res.status(ready ? 200 : 503).json({ status: this.state });
    });
  }
}
