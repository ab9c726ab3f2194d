import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveCommit } from "../src/commit-tag.js";
import { imageRepository, loadDeployConfig } from "../src/deploy-config.js";
import { deployableApps, planRollout } from "../src/rollout.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("planning a rollout from the repository", () => {
  it("targets the demo's Deployment with the sha tag of the commit", async () => {
    const head = await resolveCommit(root, "HEAD");
    const repository = imageRepository(await loadDeployConfig(root), "demo");
    expect(await planRollout({ root, app: "demo", commit: "HEAD", namespace: "shop" })).toEqual({
      app: "demo",
      deployment: "demo",
      container: "demo",
      image: `${repository}:sha-${head.slice(0, 7)}`,
      commit: head,
      namespace: "shop",
    });
  });

  it("lists the apps it knows when given an unknown one", async () => {
    expect(await deployableApps(root)).toContain("demo");
    await expect(planRollout({ root, app: "nope", commit: "HEAD" })).rejects.toThrow(
      /^unknown app "nope": no apps\/nope\/kubernetes\/deployment\.yaml\. Apps with manifests: .*demo/,
    );
    await expect(planRollout({ root, app: "../demo", commit: "HEAD" })).rejects.toThrow(
      /^unknown app "\.\.\/demo"/,
    );
  });
});
