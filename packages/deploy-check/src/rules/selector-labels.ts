// A Deployment's selector must match its own pods, and its Service must select them: a typo in
// one label leaves a Deployment that never becomes ready or a Service with no endpoints.
import { byKind, deploymentsOf, labelsMatch } from "../app-objects.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import { obj } from "../yaml-values.js";

const RULE = "selector-labels";

export function checkSelectorLabels(app: App): Problem[] {
  const problems: Problem[] = [];
  const services = byKind(app, "Service");
  for (const deployment of byKind(app, "Deployment")) {
    const spec = obj(deployment.object.spec);
    const podLabels = obj(obj(obj(spec.template).metadata).labels);
    const matchLabels = obj(obj(spec.selector).matchLabels);
    if (!labelsMatch(matchLabels, podLabels)) {
      problems.push({
        file: deployment.file,
        field: "spec.selector.matchLabels",
        message: `${JSON.stringify(matchLabels)} does not match the pod labels ${JSON.stringify(podLabels)}`,
        fix: "make spec.template.metadata.labels include every selector label",
        rule: RULE,
      });
    }
  }
  for (const { file, podLabels } of deploymentsOf(app)) {
    for (const service of services) {
      const selector = obj(obj(service.object.spec).selector);
      if (Object.keys(selector).length === 0 || !labelsMatch(selector, podLabels)) {
        problems.push({
          file: service.file,
          field: "spec.selector",
          message: `${JSON.stringify(selector)} selects no pod of ${file} (pod labels ${JSON.stringify(podLabels)})`,
          fix: "use the Deployment's pod labels as the Service selector",
          rule: RULE,
        });
      }
    }
  }
  return problems;
}
