import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveCommit, shaTag } from "../src/commit-tag.js";

describe("the immutable tag of a commit", () => {
  it("is sha- and the first 7 hex digits, as docker/metadata-action's short sha", () => {
    expect(shaTag("83ae97af169d6f9519ff5d2e3d388a52c46ec205")).toBe("sha-83ae97a");
  });

  it("refuses anything but a full hash", () => {
    expect(() => shaTag("83ae97a")).toThrow('"83ae97a" is not a full commit hash');
  });
});

describe("resolving a commit with git", () => {
  let repo: string;
  let first: string;
  let second: string;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: repo,
      encoding: "utf8",
    }).trim();

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), "rollout-git-"));
    git("init", "--quiet", "--initial-branch=main");
    writeFileSync(path.join(repo, "a.txt"), "1");
    git("add", ".");
    git("commit", "--quiet", "-m", "first");
    first = git("rev-parse", "HEAD");
    writeFileSync(path.join(repo, "a.txt"), "2");
    git("commit", "--quiet", "-am", "second");
    git("tag", "v1");
    second = git("rev-parse", "HEAD");
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("accepts HEAD, a short hash, a branch, a tag and a relative revision", async () => {
    expect(await resolveCommit(repo, "HEAD")).toBe(second);
    expect(await resolveCommit(repo, first.slice(0, 7))).toBe(first);
    expect(await resolveCommit(repo, "main")).toBe(second);
    expect(await resolveCommit(repo, "v1")).toBe(second);
    expect(await resolveCommit(repo, "HEAD~1")).toBe(first);
  });

  it("names an unknown commit and how to list the real ones", async () => {
    await expect(resolveCommit(repo, "deadbeef")).rejects.toThrow(
      /^unknown commit "deadbeef".*git log --oneline/,
    );
  });

  it("does not let a revision pass as an option to git", async () => {
    await expect(resolveCommit(repo, "--all")).rejects.toThrow('"--all" is not a commit');
  });

  it("says so outside a git repository", async () => {
    const plain = mkdtempSync(path.join(tmpdir(), "rollout-plain-"));
    try {
      await expect(resolveCommit(plain, "HEAD")).rejects.toThrow(/is not a git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
