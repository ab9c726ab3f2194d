// The answers an app records in its package.json ("shipyard") are what its files must say: a
// port or host edited in the record and not in the files (or the other way round) is a sync
// that would keep the files' value, since both the base and the new render carry the record's.
import { appRecord, recordFile } from "../app-record.js";
import { byKind, deploymentsOf, listenPort } from "../app-objects.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import { list, obj } from "../yaml-values.js";

const RULE = "app-record";

export function checkAppRecord(app: App): Problem[] {
  const { record, problems } = appRecord(app);
  const from = recordFile(app);
  if (record.port !== undefined) {
    for (const { file, containers } of deploymentsOf(app)) {
      for (const container of containers) {
        const port = listenPort(container);
        if (port === undefined || port === record.port) continue;
        problems.push({
          file,
          field: `${container.at}.env.PORT`,
          message: `is ${port}, but ${from} records this app's port as ${record.port}`,
          fix: `run \`pnpm gen sync ${app.name} --port ${port}\` to keep ${port} everywhere, or set PORT and the containerPort to ${record.port}`,
          rule: RULE,
        });
      }
    }
  }
  if (record.host !== undefined) {
    for (const ingress of byKind(app, "Ingress")) {
      list(obj(ingress.object.spec).rules).forEach((rule, index) => {
        const host = obj(rule).host;
        if (typeof host !== "string" || host === record.host) return;
        problems.push({
          file: ingress.file,
          field: `spec.rules[${index}].host`,
          message: `is ${host}, but ${from} records this app's host as ${record.host}`,
          fix: `run \`pnpm gen sync ${app.name} --host ${host}\` to keep ${host}, or set host: ${record.host}`,
          rule: RULE,
        });
      });
    }
  }
  return problems;
}
