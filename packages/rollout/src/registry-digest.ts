import { isLocalRegistry, loginForRegistry } from "./deploy-config.js";
import { parseImageReference } from "./image-reference.js";

/** Who to be at the registry: its username and an access token; anonymous when absent. */
export interface RegistryCredentials {
  username: string;
  token: string;
}

const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** Docker Hub's API lives on another host than the one image names use. */
const API_HOSTS: Record<string, string> = { "docker.io": "registry-1.docker.io" };

/** Where a registry host answers the distribution API: plain HTTP only on this machine. */
export function registryBaseUrl(host: string): string {
  return `${isLocalRegistry(host) ? "http" : "https"}://${API_HOSTS[host] ?? host}`;
}

/** The registry host and repository path of an image: docker.io/x/y → docker.io, x/y. */
export function splitRepository(repository: string): { host: string; path: string } {
  const slash = repository.indexOf("/");
  const first = slash === -1 ? "" : repository.slice(0, slash);
  if (first.includes(".") || first.includes(":") || first === "localhost") {
    return { host: first, path: repository.slice(slash + 1) };
  }
  return {
    host: "docker.io",
    path: repository.includes("/") ? repository : `library/${repository}`,
  };
}

function basic({ username, token }: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${username}:${token}`).toString("base64")}`;
}

/** Reads the parameters of a WWW-Authenticate challenge: Bearer realm="…",service="…". */
function challengeParameters(header: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [, key, value] of header.matchAll(/(\w+)="([^"]*)"/g)) parameters[key!] = value!;
  return parameters;
}

async function bearerToken(
  challenge: string,
  credentials: RegistryCredentials | undefined,
  signal: AbortSignal,
): Promise<string> {
  const { realm, service, scope } = challengeParameters(challenge);
  if (!realm) throw new Error(`the registry's challenge names no token realm: ${challenge}`);
  const url = new URL(realm);
  if (service) url.searchParams.set("service", service);
  if (scope) url.searchParams.set("scope", scope);
  const response = await fetch(url, {
    headers: credentials ? { authorization: basic(credentials) } : {},
    signal,
  });
  if (!response.ok) {
    throw new Error(
      `the registry's token service answered ${response.status} ${response.statusText}`,
    );
  }
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new Error("the registry's token service returned no token");
  return token;
}

/**
 * The digest a registry gives the manifest an image tag names now (for a multi-platform image,
 * its index), as `docker pull` would resolve it. Throws when the registry cannot be reached,
 * refuses the credentials or has no such tag.
 */
export async function lookupDigest(
  image: string,
  credentials?: RegistryCredentials,
  timeoutMs = 15_000,
): Promise<string> {
  const { repository, tag } = parseImageReference(image);
  if (!tag) throw new Error(`${image} names no tag to look up`);
  const { host, path } = splitRepository(repository);
  const url = `${registryBaseUrl(host)}/v2/${path}/manifests/${tag}`;
  const signal = AbortSignal.timeout(timeoutMs);
  const request = (authorization?: string) =>
    fetch(url, {
      method: "HEAD",
      headers: { accept: MANIFEST_TYPES, ...(authorization && { authorization }) },
      signal,
    });
  let response = await request();
  if (response.status === 401) {
    const challenge = response.headers.get("www-authenticate") ?? "";
    response = /^bearer/i.test(challenge)
      ? await request(`Bearer ${await bearerToken(challenge, credentials, signal)}`)
      : await request(credentials ? basic(credentials) : undefined);
  }
  if (response.status === 404) throw new Error(`${host} has no ${path}:${tag}`);
  if (!response.ok) {
    throw new Error(
      `${host} answered ${response.status} ${response.statusText} for ${path}:${tag}`,
    );
  }
  const digest = response.headers.get("docker-content-digest");
  if (!digest) throw new Error(`${host} gave no Docker-Content-Digest for ${path}:${tag}`);
  return digest;
}

/**
 * Who to be at the registry an image lives on: GitHub's token (GITHUB_TOKEN, as GITHUB_ACTOR)
 * only where the image workflow logs in with it (ghcr.io), so it never reaches another
 * registry; REGISTRY_USERNAME and REGISTRY_TOKEN for any other; anonymous without them.
 */
export function credentialsFor(
  image: string,
  env: NodeJS.ProcessEnv = process.env,
): RegistryCredentials | undefined {
  const { host } = splitRepository(parseImageReference(image).repository);
  if (loginForRegistry(host) === "github-token" && env.GITHUB_TOKEN) {
    return { username: env.GITHUB_ACTOR ?? "github-actions", token: env.GITHUB_TOKEN };
  }
  const username = env.REGISTRY_USERNAME;
  const token = env.REGISTRY_TOKEN;
  return username && token ? { username, token } : undefined;
}
