// Each Ingress path must send traffic to one of the app's Services, on one of its ports.
import { byKind } from "../app-objects.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import { list, obj } from "../yaml-values.js";

const RULE = "ingress-backend";

export function checkIngressBackend(app: App): Problem[] {
  const problems: Problem[] = [];
  const services = byKind(app, "Service");
  const nameOf = (service: (typeof services)[number]) => obj(service.object.metadata).name;
  for (const ingress of byKind(app, "Ingress")) {
    list(obj(ingress.object.spec).rules).forEach((rule, ruleIndex) => {
      list(obj(obj(rule).http).paths).forEach((rawPath, pathIndex) => {
        const backend = obj(obj(obj(rawPath).backend).service);
        const at = `spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend.service`;
        const service = services.find((s) => nameOf(s) === backend.name);
        if (!service) {
          problems.push({
            file: ingress.file,
            field: `${at}.name`,
            message: `${JSON.stringify(backend.name)} is not a Service of this app`,
            fix: `use ${services.map((s) => JSON.stringify(nameOf(s))).join(" or ") || "the app's Service name"}`,
            rule: RULE,
          });
          return;
        }
        const port = obj(backend.port);
        const servicePorts = list(obj(service.object.spec).ports).map(obj);
        const found =
          port.name !== undefined
            ? servicePorts.some((p) => p.name === port.name)
            : servicePorts.some((p) => p.port === port.number);
        if (found) return;
        problems.push({
          file: ingress.file,
          field: `${at}.port`,
          message: `${JSON.stringify(port)} is not a port of Service ${JSON.stringify(backend.name)}`,
          fix: `use one of its ports: ${servicePorts.map((p) => String(p.port)).join(", ")}`,
          rule: RULE,
        });
      });
    });
  }
  return problems;
}
