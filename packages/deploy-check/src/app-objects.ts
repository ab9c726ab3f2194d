// The parts of an app's manifests the rules compare: its Deployments with their pod labels and
// containers, its Services and Ingresses. Missing or mistyped fields read as empty.
import type { App, ManifestDocument } from "./repository.js";
import { list, type Obj, obj } from "./yaml-values.js";

export interface Container {
  /** The field path of the container in its Deployment. */
  at: string;
  container: Obj;
  ports: Obj[];
  env: Map<unknown, unknown>;
}

export interface DeploymentParts {
  file: string;
  podLabels: Obj;
  podSpec: Obj;
  containers: Container[];
}

export const byKind = (app: App, kind: string): ManifestDocument[] =>
  app.manifests.filter((m) => m.object.kind === kind);

export function deploymentsOf(app: App): DeploymentParts[] {
  return byKind(app, "Deployment").map(({ file, object }) => {
    const template = obj(obj(object.spec).template);
    const podSpec = obj(template.spec);
    return {
      file,
      podLabels: obj(obj(template.metadata).labels),
      podSpec,
      containers: list(podSpec.containers).map((raw, index) => {
        const container = obj(raw);
        return {
          at: `spec.template.spec.containers[${index}]`,
          container,
          ports: list(container.ports).map(obj),
          env: new Map(
            list(container.env)
              .map(obj)
              .map((e) => [e.name, e.value]),
          ),
        };
      }),
    };
  });
}

/** The port the container's app listens on (env PORT), if it says. */
export function listenPort(container: Container): number | undefined {
  const port = container.env.get("PORT");
  return port === undefined ? undefined : Number(port);
}

export function labelsMatch(selector: Obj, labels: Obj): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
