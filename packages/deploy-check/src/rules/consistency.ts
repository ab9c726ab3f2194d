// The facts one app states in several files must agree: labels, ports, names, probe paths,
// the image, the workflow's path filters and the shutdown budget. Most broken deploys are one
// of these drifting in one file.
import { appRecord, recordFile } from "../app-record.js";
import { dockerfileFacts } from "../dockerfile-facts.js";
import { imageRepositoryOf } from "@repo/workspace/image-reference";
import type { Problem } from "../problem.js";
import { list, type Obj, obj } from "../yaml-values.js";
import { type DeployConfig, imageRepository, ingressHost } from "@repo/workspace/deploy-config";
import type { App, ManifestDocument } from "../repository.js";

/** What the runtime (@repo/service) serves and how long it takes to shut down. */
export interface RuntimeContract {
  readinessPath: string;
  livenessPath: string;
  defaultShutdownTimeoutMs: number;
}

function byKind(manifests: ManifestDocument[], kind: string): ManifestDocument[] {
  return manifests.filter((m) => m.object.kind === kind);
}

function labelsMatch(selector: Obj, labels: Obj): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function describeLabels(labels: Obj): string {
  return JSON.stringify(labels);
}

export function checkConsistency(
  app: App,
  defaults: DeployConfig | undefined,
  runtime: RuntimeContract,
): Problem[] {
  const problems: Problem[] = [];
  const add = (
    file: string,
    field: string | undefined,
    message: string,
    fix: string,
    rule: string,
  ) => problems.push({ file, ...(field && { field }), message, fix, rule });

  const { record, problems: recordProblems } = appRecord(app);
  problems.push(...recordProblems);

  const deployments = byKind(app.manifests, "Deployment");
  const services = byKind(app.manifests, "Service");
  const ingresses = byKind(app.manifests, "Ingress");
  const dockerfile = app.dockerfile && dockerfileFacts(app.dockerfile.text);

  for (const deployment of deployments) {
    const { file, object } = deployment;
    const spec = obj(object.spec);
    const podLabels = obj(obj(obj(spec.template).metadata).labels);
    const matchLabels = obj(obj(spec.selector).matchLabels);
    if (!labelsMatch(matchLabels, podLabels)) {
      add(
        file,
        "spec.selector.matchLabels",
        `${describeLabels(matchLabels)} does not match the pod labels ${describeLabels(podLabels)}`,
        "make spec.template.metadata.labels include every selector label",
        "selector-labels",
      );
    }

    const podSpec = obj(obj(spec.template).spec);
    list(podSpec.containers).forEach((raw, index) => {
      const container = obj(raw);
      const at = `spec.template.spec.containers[${index}]`;
      const ports = list(container.ports).map(obj);
      const portByName = new Map(ports.map((p) => [p.name, p.containerPort]));
      const env = new Map(
        list(container.env)
          .map(obj)
          .map((e) => [e.name, e.value]),
      );
      const envPort = env.get("PORT");
      const appPort = envPort === undefined ? undefined : Number(envPort);

      if (record.port !== undefined && appPort !== undefined && appPort !== record.port) {
        add(
          file,
          `${at}.env.PORT`,
          `is ${appPort}, but ${recordFile(app)} records this app's port as ${record.port}`,
          `set PORT and the containerPort to ${record.port} (or change "shipyard.port" in ${recordFile(app)})`,
          "ports",
        );
      }
      if (appPort !== undefined && !ports.some((p) => p.containerPort === appPort)) {
        add(
          file,
          `${at}.ports`,
          `has no containerPort ${appPort}, the port the app listens on (env PORT)`,
          `set containerPort: ${appPort}`,
          "ports",
        );
      }
      if (dockerfile && app.dockerfile) {
        for (const port of ports) {
          if (!dockerfile.exposedPorts.includes(Number(port.containerPort))) {
            add(
              app.dockerfile.file,
              "EXPOSE",
              `does not expose ${String(port.containerPort)}, the containerPort of ${file}`,
              `EXPOSE ${String(port.containerPort)}, or change the containerPort to ${dockerfile.exposedPorts.join(", ") || "the exposed port"}`,
              "ports",
            );
          }
        }
      }

      for (const [probeName, expected] of [
        ["readinessProbe", runtime.readinessPath],
        ["livenessProbe", runtime.livenessPath],
      ] as const) {
        const probe = obj(container[probeName]);
        const httpGet = obj(probe.httpGet);
        if (Object.keys(probe).length === 0) {
          add(
            file,
            `${at}.${probeName}`,
            "is missing",
            `add an httpGet probe on ${expected}`,
            "probes",
          );
          continue;
        }
        if (httpGet.path !== expected) {
          add(
            file,
            `${at}.${probeName}.httpGet.path`,
            `is ${JSON.stringify(httpGet.path)}, but the runtime serves ${probeName === "readinessProbe" ? "readiness" : "liveness"} on ${expected}`,
            `set path: ${expected}`,
            "probes",
          );
        }
        const port = httpGet.port;
        const known =
          typeof port === "string"
            ? portByName.has(port)
            : ports.some((p) => p.containerPort === port);
        if (!known) {
          add(
            file,
            `${at}.${probeName}.httpGet.port`,
            `${JSON.stringify(port)} matches no container port`,
            `use the container port's name (${[...portByName.keys()].map(String).join(", ")})`,
            "probes",
          );
        }
      }

      const image = typeof container.image === "string" ? container.image : "";
      const repository = imageRepositoryOf(image);
      if (defaults) {
        const expected = imageRepository(defaults, app.name);
        const comparable = (ref: string) => ref.replace(/^docker\.io\//, "");
        if (comparable(repository) !== comparable(expected)) {
          add(
            file,
            `${at}.image`,
            `is ${JSON.stringify(image)}, but deploy.config.yaml makes this app's image ${expected}`,
            `set image: ${expected}:sha-0000000, which the next build replaces (or change deploy.config.yaml)`,
            "image",
          );
        }
      }

      const shutdownMs = Number(env.get("SHUTDOWN_TIMEOUT_MS") ?? runtime.defaultShutdownTimeoutMs);
      const grace = Number(podSpec.terminationGracePeriodSeconds ?? 30);
      if (!(grace * 1000 > shutdownMs)) {
        add(
          file,
          "spec.template.spec.terminationGracePeriodSeconds",
          `is ${grace} s, not longer than the app's shutdown timeout of ${shutdownMs / 1000} s: Kubernetes would kill it mid-drain`,
          `set terminationGracePeriodSeconds to at least ${Math.ceil(shutdownMs / 1000) + 5}`,
          "shutdown",
        );
      }
    });

    for (const service of services) {
      const serviceSpec = obj(service.object.spec);
      const selector = obj(serviceSpec.selector);
      if (Object.keys(selector).length === 0 || !labelsMatch(selector, podLabels)) {
        add(
          service.file,
          "spec.selector",
          `${describeLabels(selector)} selects no pod of ${file} (pod labels ${describeLabels(podLabels)})`,
          "use the Deployment's pod labels as the Service selector",
          "selector-labels",
        );
      }
      const containerPorts = list(podSpec.containers).flatMap((c) => list(obj(c).ports).map(obj));
      list(serviceSpec.ports).forEach((raw, index) => {
        const targetPort = obj(raw).targetPort ?? obj(raw).port;
        const found =
          typeof targetPort === "string"
            ? containerPorts.some((p) => p.name === targetPort)
            : containerPorts.some((p) => p.containerPort === targetPort);
        if (!found) {
          const names = containerPorts
            .map((p) => JSON.stringify(p.name ?? p.containerPort))
            .join(", ");
          add(
            service.file,
            `spec.ports[${index}].targetPort`,
            `${JSON.stringify(targetPort)} matches no container port (container has ${names || "none"})`,
            "name the container port and use that name as targetPort",
            "ports",
          );
        }
      });
    }
  }

  for (const ingress of ingresses) {
    const rules = list(obj(ingress.object.spec).rules).map(obj);
    rules.forEach((rule, ruleIndex) => {
      list(obj(rule.http).paths).forEach((rawPath, pathIndex) => {
        const backend = obj(obj(obj(rawPath).backend).service);
        const at = `spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend.service`;
        const service = services.find((s) => obj(s.object.metadata).name === backend.name);
        if (!service) {
          add(
            ingress.file,
            `${at}.name`,
            `${JSON.stringify(backend.name)} is not a Service of this app`,
            `use ${services.map((s) => JSON.stringify(obj(s.object.metadata).name)).join(" or ") || "the app's Service name"}`,
            "ingress-backend",
          );
          return;
        }
        const port = obj(backend.port);
        const servicePorts = list(obj(service.object.spec).ports).map(obj);
        const found =
          port.name !== undefined
            ? servicePorts.some((p) => p.name === port.name)
            : servicePorts.some((p) => p.port === port.number);
        if (!found) {
          add(
            ingress.file,
            `${at}.port`,
            `${JSON.stringify(port)} is not a port of Service ${JSON.stringify(backend.name)}`,
            `use one of its ports: ${servicePorts.map((p) => String(p.port)).join(", ")}`,
            "ingress-backend",
          );
        }
      });
      // A host recorded for the app is an answer it was generated with, not a disagreement.
      if (typeof rule.host === "string" && record.host !== undefined) {
        if (rule.host !== record.host) {
          add(
            ingress.file,
            `spec.rules[${ruleIndex}].host`,
            `is ${rule.host}, but ${recordFile(app)} records this app's host as ${record.host}`,
            `set host: ${record.host} (or change "shipyard.host" in ${recordFile(app)})`,
            "ingress-host",
          );
        }
      } else if (
        defaults &&
        typeof rule.host === "string" &&
        rule.host !== ingressHost(defaults, app.name)
      ) {
        add(
          ingress.file,
          `spec.rules[${ruleIndex}].host`,
          `is ${rule.host}, but deploy.config.yaml makes this app's host ${ingressHost(defaults, app.name)}`,
          `set host: ${ingressHost(defaults, app.name)}`,
          "ingress-host",
        );
      }
    });
    const className = obj(ingress.object.spec).ingressClassName;
    if (defaults && className !== defaults.ingressClass) {
      add(
        ingress.file,
        "spec.ingressClassName",
        `is ${JSON.stringify(className)}, but deploy.config.yaml names ${JSON.stringify(defaults.ingressClass)}`,
        `set ingressClassName: ${defaults.ingressClass}`,
        "ingress-class",
      );
    }
  }
  return problems;
}
