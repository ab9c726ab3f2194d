// Kubernetes kills a pod terminationGracePeriodSeconds after asking it to stop: that must be
// longer than the runtime's own shutdown timeout, or in-flight requests are cut mid-drain.
import { deploymentsOf } from "../app-objects.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import type { RuntimeContract } from "../runtime-contract.js";

export function checkShutdown(app: App, runtime: RuntimeContract): Problem[] {
  const problems: Problem[] = [];
  for (const { file, podSpec, containers } of deploymentsOf(app)) {
    for (const { env } of containers) {
      const shutdownMs = Number(env.get("SHUTDOWN_TIMEOUT_MS") ?? runtime.defaultShutdownTimeoutMs);
      const grace = Number(podSpec.terminationGracePeriodSeconds ?? 30);
      if (grace * 1000 > shutdownMs) continue;
      problems.push({
        file,
        field: "spec.template.spec.terminationGracePeriodSeconds",
        message: `is ${grace} s, not longer than the app's shutdown timeout of ${shutdownMs / 1000} s: Kubernetes would kill it mid-drain`,
        fix: `set terminationGracePeriodSeconds to at least ${Math.ceil(shutdownMs / 1000) + 5}`,
        rule: "shutdown",
      });
    }
  }
  return problems;
}
