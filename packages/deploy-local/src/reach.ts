import type { LocalManifests } from "./local-manifests.js";

export interface ReachFacts {
  manifests: LocalManifests;
  namespace: string;
  /** The IngressClasses the cluster has (kubectl get ingressclass). */
  ingressClasses: string[];
}

/** The lines that tell the user how to reach the app: port-forward always, the Ingress if served. */
export function howToReach({ manifests, namespace, ingressClasses }: ReachFacts): string[] {
  const lines: string[] = [];
  const ns = `--namespace ${namespace}`;
  for (const service of manifests.services) {
    lines.push(
      `  kubectl port-forward ${ns} service/${service.name} 8080:${service.port}   then http://localhost:8080/`,
    );
  }
  for (const ingress of manifests.ingresses) {
    const urls = ingress.hosts.map((host) => `http://${host}/`).join(" ");
    if (ingress.className === undefined || ingressClasses.includes(ingress.className)) {
      lines.push(
        `  ${urls}   through the Ingress${ingress.className ? ` (IngressClass ${ingress.className})` : ""}, once its host resolves to the ingress controller`,
      );
    } else {
      const has = ingressClasses.length > 0 ? `only ${ingressClasses.join(", ")}` : "none";
      lines.push(
        `  ${urls} will not answer yet: Ingress ${ingress.name} asks for IngressClass ${ingress.className} and this cluster has ${has} ` +
          `(kubectl get ingressclass). Install an ingress controller, or use the port-forward line.`,
      );
    }
  }
  return lines;
}
