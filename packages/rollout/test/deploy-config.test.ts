import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  imageRepository,
  ingressHost,
  loadDeployConfig,
  parseDeployConfig,
  registryKind,
} from "../src/deploy-config.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
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
    const text = await readFile(new URL("../../../deploy.config.yaml", import.meta.url), "utf8");
    for (const key of Object.keys(config)) {
      const lines = text.split("\n");
      const at = lines.findIndex((line) => line.startsWith(`${key}:`));
      expect(lines[at - 1], `the line above ${key}`).toMatch(/^#/);
    }
  });

  it("derives the image repository, the host and the workflow's registry kind", () => {
    const config = parseDeployConfig(valid);
    expect(imageRepository(config, "billing")).toBe("ghcr.io/octo-org/team/billing");
    expect(ingressHost(config, "billing")).toBe("billing.apps.example.com");
    expect(registryKind(config)).toBe("ghcr");
    expect(registryKind(parseDeployConfig(valid.replace("ghcr.io", "docker.io")))).toBe(
      "dockerhub",
    );
    expect(registryKind(parseDeployConfig(valid.replace("ghcr.io", "ttl.sh")))).toBe("ttl.sh");
  });

  it("names the key at fault, the rule and the file to fix", () => {
    expect(() => parseDeployConfig(valid.replace("octo-org/team", "Octo Org"))).toThrow(
      /^deploy\.config\.yaml: imageNamespace must be lowercase letters and digits.*Fix it in deploy\.config\.yaml\.$/,
    );
    expect(() => parseDeployConfig(valid.replace("ghcr.io", "quay.io"))).toThrow(
      /registry must be one of docker\.io, ghcr\.io, ttl\.sh/,
    );
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
