import { describe, expect, it } from "vitest";
import type { LocalManifests } from "../src/local-manifests.js";
import { howToReach } from "../src/reach.js";

const manifests: LocalManifests = {
  yaml: "",
  deployments: ["demo"],
  services: [{ name: "demo", port: 80 }],
  ingresses: [{ name: "demo", className: "nginx", hosts: ["demo.localhost"] }],
};

describe("howToReach", () => {
  it("always gives the port-forward line, and the Ingress URL when its class exists", () => {
    expect(howToReach({ manifests, namespace: "dev", ingressClasses: ["nginx"] })).toEqual([
      "  kubectl port-forward --namespace dev service/demo 8080:80   then http://localhost:8080/",
      "  http://demo.localhost/   through the Ingress (IngressClass nginx), once its host resolves to the ingress controller",
    ]);
  });

  it("says why the Ingress will not answer when no controller serves its class", () => {
    const lines = howToReach({ manifests, namespace: "dev", ingressClasses: [] });
    expect(lines[0]).toContain("kubectl port-forward --namespace dev service/demo 8080:80");
    expect(lines[1]).toBe(
      "  http://demo.localhost/ will not answer yet: Ingress demo asks for IngressClass nginx and this cluster has none " +
        "(kubectl get ingressclass). Install an ingress controller, or use the port-forward line.",
    );
    expect(howToReach({ manifests, namespace: "dev", ingressClasses: ["traefik"] })[1]).toContain(
      "this cluster has only traefik",
    );
  });
});
