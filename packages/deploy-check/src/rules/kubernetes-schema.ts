// Validates every manifest against the Kubernetes OpenAPI schemas that kubernetes-models
// compiles, then makes a strict pass for fields the schema does not know. The compiled
// validators ignore unknown fields (as the API server 1.20 does); kubectl's client-side
// validation rejects them, so an unknown field is a deploy that fails, or worse, a setting
// silently dropped.
import { childPath, fieldPath } from "../field-path.js";
import type { Problem } from "../problem.js";
import type { ManifestDocument } from "../repository.js";

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}
type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** `networking.k8s.io/v1` + `Ingress` → `IoK8sApiNetworkingV1Ingress`, kubernetes-models' name. */
export function schemaName(apiVersion: string, kind: string): string | undefined {
  const match = /^(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)$/.exec(apiVersion);
  if (!match) return undefined;
  const [, group = "core", version = ""] = match;
  const groupName = group.split(".")[0] ?? "";
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `IoK8sApi${cap(groupName)}${cap(version)}${kind}`;
}

async function loadValidator(name: string): Promise<Validator | undefined> {
  try {
    const module = (await import(`kubernetes-models/_schemas/${name}`)) as { validate: Validator };
    return module.validate;
  } catch {
    return undefined;
  }
}

/** JSON Schema's type names with their article: an integer, an object, a string or null. */
function aValueOfType(type: unknown): string {
  return String(type)
    .split(",")
    .map((name) => (name === "null" ? name : `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`))
    .join(" or ");
}

function describe(error: SchemaError): { message: string; fix?: string } {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return {
        message: `is missing the required field "${String(p.missingProperty)}"`,
        fix: `add ${String(p.missingProperty)}`,
      };
    case "type":
      return {
        message: `must be of type ${String(p.type)}`,
        fix: `write ${aValueOfType(p.type)} here`,
      };
    case "enum":
      return {
        message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "format":
      return { message: `must be a valid ${String(p.format)}` };
    default:
      return { message: `fails the schema rule "${error.keyword}" ${JSON.stringify(p)}` };
  }
}

/**
 * Runs `validate` on a proxy of `object` that records which keys of each nested object the
 * validator read. A key it never read, in an object whose keys it did not enumerate (maps such
 * as labels are enumerated), is a field the schema does not define.
 */
function unknownFields(validate: Validator, object: unknown): string[] {
  const reads = new WeakMap<object, { keys: Set<string>; enumerated: boolean }>();
  const track = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    const record = { keys: new Set<string>(), enumerated: false };
    reads.set(value, record);
    return new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") record.keys.add(key);
        return track(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === "string") record.keys.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  validate(track(object));

  const unknown: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || typeof value !== "object") return;
    const record = reads.get(value);
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, childPath(path, index)));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (record && !record.enumerated && !record.keys.has(key)) unknown.push(childPath(path, key));
      else walk(child, childPath(path, key));
    }
  };
  walk(object, "");
  return unknown;
}

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function nameProblem(kind: string, name: unknown): string | undefined {
  if (typeof name !== "string") return undefined; // the schema pass reports a missing name
  if (kind === "Service") {
    if (name.length > 63 || !DNS_1035_LABEL.test(name)) {
      return "must be a DNS-1035 label: at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit";
    }
  } else if (name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    return "must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}

export async function checkKubernetesSchema(manifests: ManifestDocument[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const { file, index, object } of manifests) {
    const at = index > 0 ? `document ${index + 1}: ` : "";
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      problems.push({
        file,
        message: `${at}has no apiVersion or kind`,
        fix: "start the document with apiVersion and kind",
        rule: "kubernetes-schema",
      });
      continue;
    }
    const name = schemaName(apiVersion, kind);
    const validate = name ? await loadValidator(name) : undefined;
    if (!validate) {
      problems.push({
        file,
        field: "apiVersion",
        message: `${at}${apiVersion} ${kind} is not a Kubernetes API this check knows`,
        fix: "use a stable API such as apps/v1 Deployment, v1 Service or networking.k8s.io/v1 Ingress",
        rule: "kubernetes-schema",
      });
      continue;
    }
    if (!validate(object)) {
      for (const error of validate.errors ?? []) {
        const { message, fix } = describe(error);
        problems.push({
          file,
          field: fieldPath(error.instancePath) || undefined,
          message: `${at}${message}`,
          ...(fix && { fix }),
          rule: "kubernetes-schema",
        });
      }
    }
    for (const path of unknownFields(validate, object)) {
      const field = path.split(/[.[]/).pop()!;
      problems.push({
        file,
        field: path,
        message: `${at}is not a field of ${apiVersion} ${kind}`,
        fix: `remove "${field}" or correct its spelling`,
        rule: "kubernetes-unknown-field",
      });
    }
    const metadata = object.metadata as Record<string, unknown> | undefined;
    const nameIssue = nameProblem(kind, metadata?.name);
    if (nameIssue) {
      problems.push({
        file,
        field: "metadata.name",
        message: `${at}${JSON.stringify(metadata?.name)} ${nameIssue}`,
        rule: "kubernetes-name",
      });
    }
  }
  return problems;
}
