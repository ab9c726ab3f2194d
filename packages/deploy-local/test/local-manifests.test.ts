import path from "node:path";
import { repositoryRoot as root } from "@repo/workspace/repository-root";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { localManifests, readManifestFiles } from "../src/local-manifests.js";

interface Parsed {
  spec: { template: { spec: { containers: Record<string, unknown>[] } } };
}

const image = "shipyard-local/demo:0123456789ab";

describe("localManifests, on the demo's manifests", () => {
  it("runs the local image without pulling it, and changes nothing else", async () => {
    const files = await readManifestFiles(root, "demo");
    expect(files.map((file) => path.basename(file.name))).toEqual([
      "deployment.yaml",
      "ingress.yaml",
      "service.yaml",
    ]);
    const result = localManifests(files, "demo", image);
    const applied = parseAllDocuments(result.yaml).map((d) => d.toJS() as Parsed);
    const original = files.flatMap((file) =>
      parseAllDocuments(file.text).map((d) => d.toJS() as Parsed),
    );
    expect(applied).toHaveLength(original.length);
    const container = applied[0]!.spec.template.spec.containers[0];
    expect(container).toMatchObject({ name: "demo", image, imagePullPolicy: "Never" });
    // Apart from those two fields, the objects are the files' objects.
    const originalContainer = original[0]!.spec.template.spec.containers[0]!;
    originalContainer.image = image;
    originalContainer.imagePullPolicy = "Never";
    expect(applied).toEqual(original);
    expect(result).toMatchObject({
      deployments: ["demo"],
      services: [{ name: "demo", port: 80 }],
      ingresses: [{ name: "demo", className: "nginx", hosts: ["demo.localhost"] }],
    });
  });

  it("whatever the files' image line says", () => {
    const text = (line: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: demo}\nspec:\n  template:\n    spec:\n      containers:\n        - name: demo\n${line}`;
    for (const line of ["          image: docker.io/someone/demo:sha-abc1234\n", ""]) {
      const result = localManifests([{ name: "d.yaml", text: text(line) }], "demo", image);
      expect(result.yaml).toContain(`image: ${image}`);
    }
  });

  it("refuses manifests it cannot point at the image, naming the fix", () => {
    expect(() =>
      localManifests(
        [{ name: "apps/demo/kubernetes/s.yaml", text: "kind: Service\nmetadata: {name: demo}\n" }],
        "demo",
        image,
      ),
    ).toThrow("apps/demo/kubernetes holds no Deployment");
    const two =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: demo}\nspec: {template: {spec: {containers: [{name: a}, {name: b}]}}}\n";
    expect(() => localManifests([{ name: "d.yaml", text: two }], "demo", image)).toThrow(
      "Deployment demo in apps/demo/kubernetes has no container named demo",
    );
    expect(() => localManifests([{ name: "d.yaml", text: "a: [" }], "demo", image)).toThrow(
      /^d\.yaml is not valid YAML/,
    );
  });
});
