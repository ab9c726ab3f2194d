import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { imageRepository, ingressHost, loadDeployConfig } from "../src/deploy-config.js";
import { loadDeploymentTarget } from "../src/deployment-manifest.js";
import { deployableApps } from "../src/rollout.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const config = await loadDeployConfig(root);

interface Ingress {
  spec?: { ingressClassName?: string; rules?: { host?: string }[] };
}

describe.each(await deployableApps(root))(
  "apps/%s/kubernetes agrees with deploy.config.yaml",
  (app) => {
    const dir = path.join(root, "apps", app, "kubernetes");

    it(`runs the image CI pushes`, async () => {
      const target = await loadDeploymentTarget(
        path.join(dir, "deployment.yaml"),
        imageRepository(config, app),
        `apps/${app}/kubernetes/deployment.yaml`,
      );
      expect(target.image, `apps/${app}/kubernetes/deployment.yaml: image`).toBe(
        `${imageRepository(config, app)}:latest`,
      );
    });

    it(`answers on <app>.<domain> through the configured ingress class`, async () => {
      const ingress = parse(await readFile(path.join(dir, "ingress.yaml"), "utf8")) as Ingress;
      expect(
        ingress.spec?.ingressClassName,
        `apps/${app}/kubernetes/ingress.yaml: ingressClassName`,
      ).toBe(config.ingressClass);
      expect(
        ingress.spec?.rules?.map((rule) => rule.host),
        `apps/${app}/kubernetes/ingress.yaml: host`,
      ).toEqual([ingressHost(config, app)]);
    });
  },
);
