// A template version is the git tree id of generators/templates/service as its files are: the
// id `git rev-parse HEAD:generators/templates/service` gives once they are committed. It is
// computed from the files themselves, so it is known in a folder that is not a git repository,
// and the files of a recorded version are read back from git's objects.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A template version's files: path relative to the template folder ("/"-separated) -> text. */
export type TemplateFiles = Map<string, string>;

interface TreeEntry {
  mode: string;
  name: string;
  id: Buffer;
}

function objectId(type: "blob" | "tree", content: Buffer): Buffer {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]))
    .digest();
}

// git orders a tree's entries by name, a directory's name compared as if it ended with "/".
const sortKey = (entry: TreeEntry) => (entry.mode === "40000" ? `${entry.name}/` : entry.name);
const byGitOrder = (a: TreeEntry, b: TreeEntry) =>
  Buffer.compare(Buffer.from(sortKey(a)), Buffer.from(sortKey(b)));

function treeContent(entries: TreeEntry[]): Buffer {
  return Buffer.concat(
    [...entries]
      .sort(byGitOrder)
      .flatMap((entry) => [Buffer.from(`${entry.mode} ${entry.name}\0`), entry.id]),
  );
}

async function treeOf(dir: string): Promise<{ id: Buffer; entries: TreeEntry[] }> {
  const entries: TreeEntry[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = await treeOf(full);
      // git stores no empty directory.
      if (sub.entries.length > 0) entries.push({ mode: "40000", name: entry.name, id: sub.id });
    } else if (entry.isFile()) {
      const executable = ((await stat(full)).mode & 0o111) !== 0;
      entries.push({
        mode: executable ? "100755" : "100644",
        name: entry.name,
        id: objectId("blob", await readFile(full)),
      });
    }
  }
  return { id: objectId("tree", treeContent(entries)), entries };
}

/** The git tree id of the folder's files, whether or not they are committed. */
export async function templateTreeId(dir: string): Promise<string> {
  return (await treeOf(dir)).id.toString("hex");
}

/** Whether root is inside a git work tree. */
export async function isGitRepository(root: string): Promise<boolean> {
  try {
    const { stdout } = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: root });
    return stdout.trim() === "true";
  } catch {
    return false;
  }
}

async function git(root: string, args: string[], input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      { cwd: root, encoding: "buffer", maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args.join(" ")}: ${stderr.toString().trim()}`));
        else resolve(stdout);
      },
    );
    // A command that reads no input may exit before it is written: that is not an error.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

/**
 * Writes the folder's blobs and trees into root's git objects, so that a version recorded before
 * it is committed can still be read back. Returns the tree id (the one templateTreeId computes).
 */
export async function storeTemplateVersion(root: string, dir: string): Promise<string> {
  const store = async (folder: string): Promise<string> => {
    const lines: string[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        const entries = await readdir(full, { recursive: true, withFileTypes: true });
        if (!entries.some((e) => e.isFile())) continue;
        lines.push(`040000 tree ${await store(full)}\t${entry.name}`);
      } else if (entry.isFile()) {
        const executable = ((await stat(full)).mode & 0o111) !== 0;
        const id = (await git(root, ["hash-object", "-w", "--no-filters", "--", full]))
          .toString()
          .trim();
        lines.push(`${executable ? "100755" : "100644"} blob ${id}\t${entry.name}`);
      }
    }
    return (await git(root, ["mktree"], lines.join("\n") + "\n")).toString().trim();
  };
  return store(path.resolve(dir));
}

/**
 * The files of a template version, read from root's git objects. Throws a message with the fix
 * when the version is not there (a shallow clone, or a version never committed nor stored).
 */
export async function readTemplateVersion(root: string, treeId: string): Promise<TemplateFiles> {
  let listing: string;
  try {
    listing = (await git(root, ["ls-tree", "-r", "-z", "--full-tree", treeId])).toString();
  } catch {
    throw new Error(
      `The template version ${treeId} is not among this repository's git objects, so the files it rendered cannot be rebuilt. Fix: fetch the full history (git fetch --unshallow), or, to take the files as they are as rendered by today's template, remove "template" from the app's "shipyard" record in package.json and sync again.`,
    );
  }
  const entries = listing
    .split("\0")
    .filter((line) => line !== "")
    .map((line) => {
      const [meta = "", name = ""] = line.split("\t");
      return { id: meta.split(" ")[2] ?? "", name };
    });
  const output = await git(
    root,
    ["cat-file", "--batch"],
    entries.map((e) => e.id).join("\n") + "\n",
  );
  const files: TemplateFiles = new Map();
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = output.indexOf(10, offset);
    const [, , size = "0"] = output.subarray(offset, headerEnd).toString().split(" ");
    const start = headerEnd + 1;
    files.set(entry.name, output.subarray(start, start + Number(size)).toString("utf8"));
    offset = start + Number(size) + 1;
  }
  return files;
}

/** The files of a template folder on disk, keyed as readTemplateVersion keys them. */
export async function readTemplateFolder(dir: string): Promise<TemplateFiles> {
  const files: TemplateFiles = new Map();
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
  for (const file of entries)
    files.set(file.split(path.sep).join("/"), await readFile(path.join(dir, file), "utf8"));
  return files;
}
