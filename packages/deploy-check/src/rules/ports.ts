// One port, written in four places: the app's PORT, the containerPort, the Dockerfile's EXPOSE
// and the Service's targetPort. A port edited in one of them and not the others is a Service
// that sends traffic nowhere.
import { byKind, deploymentsOf, listenPort } from "../app-objects.js";
import { dockerfileFacts } from "../dockerfile-facts.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import { list, obj } from "../yaml-values.js";

const RULE = "ports";

export function checkPorts(app: App): Problem[] {
  const problems: Problem[] = [];
  const dockerfile = app.dockerfile && dockerfileFacts(app.dockerfile.text);
  for (const { file, containers } of deploymentsOf(app)) {
    for (const container of containers) {
      const appPort = listenPort(container);
      if (appPort !== undefined && !container.ports.some((p) => p.containerPort === appPort)) {
        problems.push({
          file,
          field: `${container.at}.ports`,
          message: `has no containerPort ${appPort}, the port the app listens on (env PORT)`,
          fix: `set containerPort: ${appPort}`,
          rule: RULE,
        });
      }
      if (!dockerfile || !app.dockerfile) continue;
      for (const port of container.ports) {
        if (dockerfile.exposedPorts.includes(Number(port.containerPort))) continue;
        problems.push({
          file: app.dockerfile.file,
          field: "EXPOSE",
          message: `does not expose ${String(port.containerPort)}, the containerPort of ${file}`,
          fix: `EXPOSE ${String(port.containerPort)}, or change the containerPort to ${dockerfile.exposedPorts.join(", ") || "the exposed port"}`,
          rule: RULE,
        });
      }
    }
    const containerPorts = containers.flatMap((c) => c.ports);
    for (const service of byKind(app, "Service")) {
      list(obj(service.object.spec).ports).forEach((raw, index) => {
        const targetPort = obj(raw).targetPort ?? obj(raw).port;
        const found =
          typeof targetPort === "string"
            ? containerPorts.some((p) => p.name === targetPort)
            : containerPorts.some((p) => p.containerPort === targetPort);
        if (found) return;
        const names = containerPorts
          .map((p) => JSON.stringify(p.name ?? p.containerPort))
          .join(", ");
        problems.push({
          file: service.file,
          field: `spec.ports[${index}].targetPort`,
          message: `${JSON.stringify(targetPort)} matches no container port (container has ${names || "none"})`,
          fix: "name the container port and use that name as targetPort",
          rule: RULE,
        });
      });
    }
  }
  return problems;
}
