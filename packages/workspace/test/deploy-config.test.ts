import { readFile } from "node:fs/promises";
import path from "node:path";
import { repositoryRoot as root } from "../src/repository-root.js";
import { describe, expect, it } from "vitest";
import {
  imageRepository,
  ingressHost,
  loadDeployConfig,
  parseDeployConfig,
  registryLogin,
  registrySecretNames,
} from "../src/deploy-config.js";

const valid = `registry: ghcr.io\nimageNamespace: octo-org/team\ndomain: apps.example.com\ningressClass: traefik\n`;

describe("deploy.config.yaml", () => {
  it("the repository's own file is valid and names every field", async () => {
    const config = await loadDeployConfig(root);
    expect(Object.keys(config).sort()).toEqual([
      "domain",
      "imageNamespace",
      "ingressClass",
      "registry",
    ]);
    // Each field carries a comment saying what to put there.
    const text = await readFile(path.join(root, "deploy.config.yaml"), "utf8");
    for (const key of Object.keys(config)) {
      const lines = text.split("\n");
      const at = lines.findIndex((line) => line.startsWith(`${key}:`));
      expect(lines[at - 1], `the line above ${key}`).toMatch(/^#/);
    }
  });

  it("derives the image repository, the host and how the workflow logs in", () => {
    const config = parseDeployConfig(valid);
    expect(imageRepository(config, "billing")).toBe("ghcr.io/octo-org/team/billing");
    expect(ingressHost(config, "billing")).toBe("billing.apps.example.com");
    const at = (registry: string) => parseDeployConfig(valid.replace("ghcr.io", registry));
    expect(registryLogin(config)).toBe("github-token");
    expect(registrySecretNames(config)).toBeUndefined();
    expect(registryLogin(at("ttl.sh"))).toBe("none");
    expect(registryLogin(at("localhost:5000"))).toBe("none");
    expect(registrySecretNames(at("docker.io"))).toEqual({
      username: "DOCKERHUB_USERNAME",
      token: "DOCKERHUB_TOKEN",
    });
  });

  it("accepts any registry of the user's own, with generic secrets", () => {
    for (const registry of [
      "harbor.example.com",
      "registry.gitlab.com",
      "registry.datalab.example.org:5443",
      "localhost:5000",
      "10.0.0.7:5000",
    ]) {
      const config = parseDeployConfig(valid.replace("ghcr.io", registry));
      expect(imageRepository(config, "billing")).toBe(`${registry}/octo-org/team/billing`);
    }
    expect(
      registrySecretNames(parseDeployConfig(valid.replace("ghcr.io", "harbor.example.com"))),
    ).toEqual({
      username: "REGISTRY_USERNAME",
      token: "REGISTRY_TOKEN",
    });
  });

  it("names the key at fault, the rule and the file to fix", () => {
    expect(() => parseDeployConfig(valid.replace("octo-org/team", "Octo Org"))).toThrow(
      /^deploy\.config\.yaml: imageNamespace must be lowercase letters and digits.*Fix it in deploy\.config\.yaml\.$/,
    );
    for (const registry of ["https://quay.io", "quay.io/team", "Quay.io", "quay.io:port"]) {
      expect(() => parseDeployConfig(valid.replace("ghcr.io", registry))).toThrow(
        /registry must be a registry host with an optional port, without https:\/\/ or a path/,
      );
    }
    expect(() =>
      parseDeployConfig(valid.replace("apps.example.com", "https://example.com")),
    ).toThrow(/domain must be a lowercase DNS name/);
    expect(() => parseDeployConfig(valid.replace("ingressClass: traefik\n", ""))).toThrow(
      /ingressClass must name an IngressClass/,
    );
  });

  it("rejects a misspelt key instead of ignoring it", () => {
    expect(() => parseDeployConfig(`${valid}ingressclass: nginx\n`)).toThrow(
      /unknown key ingressclass \(the keys are/,
    );
  });

  it("reports broken YAML as such", () => {
    expect(() => parseDeployConfig("registry: [docker.io\n")).toThrow(
      /^deploy\.config\.yaml is not valid YAML/,
    );
  });

  it("says where the file should be when it is missing", async () => {
    await expect(loadDeployConfig("/nonexistent")).rejects.toThrow(
      /deploy\.config\.yaml is missing/,
    );
  });
});
