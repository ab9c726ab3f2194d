// What every app's runtime (@repo/service) serves and how long it may take to shut down,
// read from the runtime itself so the check cannot drift from it.
import { LIVENESS_PATH, READINESS_PATH, defaultConfig } from "@repo/service";
import type { RuntimeContract } from "./rules/consistency.js";

export const runtimeContract: RuntimeContract = {
  readinessPath: READINESS_PATH,
  livenessPath: LIVENESS_PATH,
  defaultShutdownTimeoutMs: defaultConfig().shutdownTimeoutMs,
};
