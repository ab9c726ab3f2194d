// The probes must ask the runtime where it answers: a wrong path or port is a pod that never
// becomes ready, or one Kubernetes keeps restarting.
import { deploymentsOf } from "../app-objects.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import type { RuntimeContract } from "../runtime-contract.js";
import { obj } from "../yaml-values.js";

const RULE = "probes";

export function checkProbes(app: App, runtime: RuntimeContract): Problem[] {
  const problems: Problem[] = [];
  for (const { file, containers } of deploymentsOf(app)) {
    for (const { at, container, ports } of containers) {
      const portNames = ports.map((p) => p.name);
      for (const [probeName, expected] of [
        ["readinessProbe", runtime.readinessPath],
        ["livenessProbe", runtime.livenessPath],
      ] as const) {
        const probe = obj(container[probeName]);
        const httpGet = obj(probe.httpGet);
        if (Object.keys(probe).length === 0) {
          problems.push({
            file,
            field: `${at}.${probeName}`,
            message: "is missing",
            fix: `add an httpGet probe on ${expected}`,
            rule: RULE,
          });
          continue;
        }
        if (httpGet.path !== expected) {
          problems.push({
            file,
            field: `${at}.${probeName}.httpGet.path`,
            message: `is ${JSON.stringify(httpGet.path)}, but the runtime serves ${probeName === "readinessProbe" ? "readiness" : "liveness"} on ${expected}`,
            fix: `set path: ${expected}`,
            rule: RULE,
          });
        }
        const port = httpGet.port;
        const known =
          typeof port === "string"
            ? portNames.includes(port)
            : ports.some((p) => p.containerPort === port);
        if (!known) {
          problems.push({
            file,
            field: `${at}.${probeName}.httpGet.port`,
            message: `${JSON.stringify(port)} matches no container port`,
            fix: `use the container port's name (${portNames.map(String).join(", ")})`,
            rule: RULE,
          });
        }
      }
    }
  }
  return problems;
}
