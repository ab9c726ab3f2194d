import { describe, expect, it } from "vitest";
import { KNOWN_REGISTRIES, loginForRegistry } from "../src/deploy-config.js";
import { credentialsFor, registryBaseUrl, splitRepository } from "../src/registry-digest.js";

describe("registry credentials and addresses", () => {
  const env = {
    GITHUB_TOKEN: "ghs_x",
    GITHUB_ACTOR: "octocat",
    REGISTRY_USERNAME: "robot",
    REGISTRY_TOKEN: "secret",
  };

  it("hands GitHub's token to ghcr.io only, the registry secrets to any other", () => {
    expect(credentialsFor("ghcr.io/me/demo:sha-abc1234", env)).toEqual({
      username: "octocat",
      token: "ghs_x",
    });
    for (const image of ["harbor.example.com/team/demo:sha-abc1234", "docker.io/me/demo:sha-1"]) {
      expect(credentialsFor(image, env)).toEqual({ username: "robot", token: "secret" });
    }
    expect(
      credentialsFor("localhost:5000/me/demo:sha-1", { GITHUB_TOKEN: "ghs_x" }),
    ).toBeUndefined();
  });

  it("hands GitHub's token exactly where the image workflow pushes with it", () => {
    for (const host of [...KNOWN_REGISTRIES, "localhost:5000", "harbor.example.com"]) {
      const credentials = credentialsFor(`${host}/me/demo:sha-abc1234`, { GITHUB_TOKEN: "ghs_x" });
      expect(credentials?.token, host).toBe(
        loginForRegistry(host) === "github-token" ? "ghs_x" : undefined,
      );
    }
  });

  it("finds each registry's API: Docker Hub's own host, plain HTTP only on this machine", () => {
    expect(splitRepository("docker.io/me/demo")).toEqual({ host: "docker.io", path: "me/demo" });
    expect(splitRepository("localhost:5000/me/demo")).toEqual({
      host: "localhost:5000",
      path: "me/demo",
    });
    expect(registryBaseUrl("docker.io")).toBe("https://registry-1.docker.io");
    expect(registryBaseUrl("localhost:5000")).toBe("http://localhost:5000");
    expect(registryBaseUrl("harbor.example.com")).toBe("https://harbor.example.com");
  });
});
