// The Pod Security "restricted" profile, plus a read-only root filesystem and no
// service-account token, for every Deployment.
import type { Problem } from "../problem.js";
import { obj } from "../yaml-values.js";
import type { ManifestDocument } from "../repository.js";

export function checkPodSecurity(manifests: ManifestDocument[]): Problem[] {
  const problems: Problem[] = [];
  for (const { file, object } of manifests) {
    if (object.kind !== "Deployment") continue;
    const podSpec = obj(obj(obj(object.spec).template).spec);
    const podContext = obj(podSpec.securityContext);
    const base = "spec.template.spec";
    const add = (field: string, message: string, fix: string) =>
      problems.push({ file, field, message, fix, rule: "pod-security" });

    if (podSpec.automountServiceAccountToken !== false) {
      add(
        `${base}.automountServiceAccountToken`,
        "is not false, so every pod gets an API token it does not need",
        "set automountServiceAccountToken: false",
      );
    }
    const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
    containers.forEach((container, index) => {
      const context = obj(obj(container).securityContext);
      const at = `${base}.containers[${index}].securityContext`;
      const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
      if (runAsNonRoot !== true) {
        add(`${at}.runAsNonRoot`, "is not true", "set runAsNonRoot: true (pod or container)");
      }
      if ((context.runAsUser ?? podContext.runAsUser) === 0) {
        add(`${at}.runAsUser`, "is 0 (root)", "use a non-zero uid, such as 65532");
      }
      if (context.allowPrivilegeEscalation !== false) {
        add(
          `${at}.allowPrivilegeEscalation`,
          "is not false",
          "set allowPrivilegeEscalation: false",
        );
      }
      if (context.privileged === true) {
        add(`${at}.privileged`, "is true", "remove privileged: true");
      }
      const drop = obj(context.capabilities).drop;
      if (!Array.isArray(drop) || !drop.includes("ALL")) {
        add(
          `${at}.capabilities.drop`,
          "does not drop ALL capabilities",
          "set capabilities: { drop: [ALL] }",
        );
      }
      const added = obj(context.capabilities).add;
      if (Array.isArray(added) && added.some((c) => c !== "NET_BIND_SERVICE")) {
        add(
          `${at}.capabilities.add`,
          `adds ${added.join(", ")}`,
          "add no capability but NET_BIND_SERVICE",
        );
      }
      const seccomp = obj(context.seccompProfile ?? podContext.seccompProfile).type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
        add(
          `${at}.seccompProfile.type`,
          "is not RuntimeDefault",
          "set seccompProfile: { type: RuntimeDefault }",
        );
      }
      if (context.readOnlyRootFilesystem !== true) {
        add(
          `${at}.readOnlyRootFilesystem`,
          "is not true",
          "set readOnlyRootFilesystem: true (mount an emptyDir where the app must write)",
        );
      }
    });
  }
  return problems;
}
