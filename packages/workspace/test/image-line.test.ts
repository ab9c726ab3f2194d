import path from "node:path";
import { describe, expect, it } from "vitest";
import { imageRepository, loadDeployConfig } from "../src/deploy-config.js";
import { readFile } from "node:fs/promises";
import { repositoryRoot as root } from "../src/repository-root.js";
import { findImageLine, replaceImage } from "../src/image-line.js";
import { imageRepositoryOf } from "../src/image-reference.js";

const manifest = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: shop }
spec:
  template:
    spec:
      containers:
        - { name: proxy, image: "docker.io/library/nginx:1.27" }
        - { name: shop, image: "${image}" }
`;

describe("finding the container to roll out", () => {
  it("finds the demo's container, whose image is the one deploy.config.yaml says CI pushes", async () => {
    const config = await loadDeployConfig(root);
    const repository = imageRepository(config, "demo");
    const text = await readFile(path.join(root, "apps/demo/kubernetes/deployment.yaml"), "utf8");
    const target = findImageLine(text, repository, "apps/demo/kubernetes/deployment.yaml");
    expect(target).toMatchObject({ deployment: "demo", container: "demo" });
    expect(target.image.startsWith(`${repository}:sha-`)).toBe(true);
  });

  it("picks the container by its image repository, whatever its tag", () => {
    const text = manifest("ttl.sh/me/shop:sha-abc1234");
    const target = findImageLine(text, "ttl.sh/me/shop", "shop.yaml");
    expect(target).toMatchObject({
      deployment: "shop",
      container: "shop",
      image: "ttl.sh/me/shop:sha-abc1234",
    });
    // Only the value changes; the flow mapping and its quotes around it stay.
    expect(replaceImage(text, target, "ttl.sh/me/shop:sha-def5678")).toBe(
      manifest("ttl.sh/me/shop:sha-def5678"),
    );
  });

  it("says which images the manifest runs when none is the configured one", () => {
    expect(() =>
      findImageLine(
        manifest("docker.io/someone-else/shop:latest"),
        "docker.io/me/shop",
        "shop.yaml",
      ),
    ).toThrow(
      "shop.yaml runs docker.io/library/nginx:1.27, docker.io/someone-else/shop:latest, not docker.io/me/shop",
    );
  });

  it("refuses a file without a Deployment", () => {
    expect(() =>
      findImageLine("apiVersion: v1\nkind: Service\nmetadata: { name: shop }\n", "x/y", "s.yaml"),
    ).toThrow("s.yaml runs no image, not x/y");
  });
});

describe("image references", () => {
  it.each([
    ["docker.io/me/demo:latest", "docker.io/me/demo"],
    ["docker.io/me/demo", "docker.io/me/demo"],
    ["localhost:5000/me/demo:sha-abc1234", "localhost:5000/me/demo"],
    ["localhost:5000/me/demo", "localhost:5000/me/demo"],
    ["ghcr.io/me/demo@sha256:0123", "ghcr.io/me/demo"],
    ["ghcr.io/me/demo:v1@sha256:0123", "ghcr.io/me/demo"],
  ])("%s is from %s", (image, repository) => {
    expect(imageRepositoryOf(image)).toBe(repository);
  });
});
