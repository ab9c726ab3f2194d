// What every app's runtime (@repo/service) serves and how long it may take to shut down.
import type { RuntimeContract } from "./rules/consistency.js";

export const runtimeContract: RuntimeContract = {
  readinessPath: "/readyz",
  livenessPath: "/healthz",
  defaultShutdownTimeoutMs: 10_000,
};
