// Which words of the docs name a file of the repository, and whether it is there.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { repositoryRoot } from "@repo/workspace/repository-root";

const FILE_EXTENSION = /\.(ya?ml|json|md|ts|mts|cts|js|mjs|cjs|toml|txt|lock)$/;

let rootEntries: Set<string> | undefined;
function topLevel(): Set<string> {
  rootEntries ??= new Set(readdirSync(repositoryRoot));
  return rootEntries;
}

/** The repository path a word names, or undefined when the word is not a path. */
export function namedPath(word: string): string | undefined {
  const token = word.replace(/^\.\//, "").replace(/[.,:;]$/, "");
  // Absolute paths and URL routes (/healthz) are not repository paths.
  if (token === "" || /[:=@$`]|^[-/]|\/\/|\s/.test(token) || token.startsWith("..")) {
    return undefined;
  }
  const [first = ""] = token.split("/");
  if (token.includes("/")) {
    if (topLevel().has(first)) return token;
    if (first.includes(".") && !first.startsWith(".")) return undefined; // a host: ghcr.io/…
    return FILE_EXTENSION.test(token) ? token : undefined;
  }
  if (topLevel().has(token) || token === "Dockerfile") return token;
  if (/^\.[a-z][\w.-]*$/.test(token)) return token; // a dotfile: .gitignore, .env
  return FILE_EXTENSION.test(token) ? token : undefined;
}

/** Files tracked or present anywhere in the repository with this name (for bare file names). */
let fileNames: Set<string> | undefined;
function existsAnywhere(name: string): boolean {
  if (!fileNames) {
    const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
      cwd: repositoryRoot,
      encoding: "utf8",
    });
    fileNames = new Set(listed.stdout.split("\n").map((file) => file.split("/").at(-1)!));
  }
  return fileNames.has(name);
}

function isIgnored(path: string): boolean {
  return (
    spawnSync("git", ["check-ignore", "--quiet", "--no-index", path], { cwd: repositoryRoot })
      .status === 0
  );
}

/** Matches a path with <placeholder> or * segments against the repository's files. */
function matchPattern(path: string): boolean {
  const segments = path.split("/").filter((segment) => segment !== "");
  const walk = (dir: string, index: number): boolean => {
    if (index === segments.length) return true;
    const segment = segments[index]!;
    if (!/[<*]/.test(segment)) {
      const next = join(dir, segment);
      return existsSync(next) && walk(next, index + 1);
    }
    const pattern = new RegExp(
      `^${segment
        .split(/<[^>]+>|\*/)
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]+")}$`,
    );
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return false;
    }
    return entries.some((entry) => pattern.test(entry) && walk(join(dir, entry), index + 1));
  };
  return walk(repositoryRoot, 0);
}

/**
 * Whether a named path exists. A service the docs generate stands for the demo, whose files
 * are exactly what the generator writes; a path git ignores (build output, secrets) is one the
 * docs name as not belonging in the repository.
 */
export function pathExists(path: string, generatedNames: readonly string[]): boolean {
  let candidate = path;
  for (const name of generatedNames) {
    candidate = candidate.replace(new RegExp(`(?<![\\w-])${name}(?![\\w])`, "g"), "demo");
  }
  if (/[<*]/.test(candidate)) return matchPattern(candidate);
  if (existsSync(join(repositoryRoot, candidate))) return true;
  if (!candidate.includes("/") && existsAnywhere(candidate)) return true;
  return isIgnored(candidate);
}

/** A Markdown link's target, relative to the document, as a repository path (or undefined). */
export function linkedPath(docPath: string, target: string): string | undefined {
  if (/^[a-z]+:|^#|^mailto:/i.test(target)) return undefined;
  const path = target.split("#")[0]!;
  if (path === "") return undefined;
  return relative(
    repositoryRoot,
    normalize(join(repositoryRoot, dirname(docPath), decodeURI(path))),
  );
}
