import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appFiles } from "../src/apps.js";
import {
  containerPorts,
  isDeployment,
  isIngress,
  isService,
  parseManifests,
  readManifests,
} from "../src/manifests.js";
import { repositoryRoot } from "../src/repository-root.js";

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers:
        - {name: orders, image: orders:1, ports: [{name: http, containerPort: 8001}, {containerPort: 9090}]}
        - {name: sidecar, image: proxy:1}
`;

describe("manifests", () => {
  it("are the documents of each YAML file, empty ones skipped, typed by their kind", () => {
    const objects = parseManifests(
      `# only a comment\n---\n${deployment}---\napiVersion: v1\nkind: Service\nmetadata: {name: orders}\n---\n`,
      "orders.yaml",
    );
    expect(objects.map((object) => object.kind)).toEqual(["Deployment", "Service"]);
    const [first, second] = objects;
    expect(isDeployment(first)).toBe(true);
    expect(isService(second)).toBe(true);
    expect(isIngress(first)).toBe(false);
    if (!isDeployment(first)) throw new Error("not a Deployment");
    expect(containerPorts(first)).toEqual([8001, 9090]);
  });

  it("of another API version are not taken for a Deployment", () => {
    const [old] = parseManifests(deployment.replace("apps/v1", "extensions/v1beta1"), "old.yaml");
    expect(isDeployment(old)).toBe(false);
  });

  it("name the file that is not valid YAML", () => {
    expect(() => parseManifests("kind: [Deployment\n", "apps/x/kubernetes/bad.yaml")).toThrow(
      /^apps\/x\/kubernetes\/bad\.yaml is not valid YAML: /,
    );
  });

  it("are read from a folder's .yaml and .yml files in name order, as kubectl apply does", async () => {
    const dir = await mkdtemp(join(tmpdir(), "manifests-"));
    await writeFile(
      join(dir, "b-service.yml"),
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
    );
    await writeFile(join(dir, "a-deployment.yaml"), deployment);
    await writeFile(join(dir, "notes.txt"), "kind: Secret\n");
    expect((await readManifests(dir)).map((object) => object.kind)).toEqual([
      "Deployment",
      "Service",
    ]);
  });

  it("of the demo hold one Deployment with a port", async () => {
    const dir = join(repositoryRoot, appFiles("demo").kubernetes);
    const deployments = (await readManifests(dir)).filter(isDeployment);
    expect(deployments).toHaveLength(1);
    expect(containerPorts(deployments[0]!).length).toBeGreaterThan(0);
  });
});
