// Every app listens on its own port: `pnpm dev` runs them all on one machine, and the generator
// gives a new app the lowest port none uses. Two apps on one port fail at `pnpm dev` with
// EADDRINUSE, far from the cause.
import { lowestFreeAppPort } from "@repo/workspace/app-port";
import { appRecord, recordFile } from "../app-record.js";
import { dockerfileFacts } from "../dockerfile-facts.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import { list, obj } from "../yaml-values.js";

interface AppPort {
  app: App;
  port: number;
  /** Where the port was read. */
  file: string;
}

/** The port the app listens on: its record, else its Deployment's PORT, else its Dockerfile's. */
function appPort(app: App): AppPort | undefined {
  const { port } = appRecord(app).record;
  if (port !== undefined) return { app, port, file: recordFile(app) };
  for (const { file, object } of app.manifests) {
    if (object.kind !== "Deployment") continue;
    const containers = list(obj(obj(obj(object.spec).template).spec).containers).map(obj);
    for (const container of containers) {
      const env = list(container.env)
        .map(obj)
        .find((e) => e.name === "PORT");
      const value = Number(env?.value);
      if (Number.isInteger(value) && value > 0) return { app, port: value, file };
    }
  }
  if (app.dockerfile) {
    const [exposed] = dockerfileFacts(app.dockerfile.text).exposedPorts;
    if (exposed !== undefined) return { app, port: exposed, file: app.dockerfile.file };
  }
  return undefined;
}

export function checkUniquePorts(apps: readonly App[]): Problem[] {
  const found = apps.map(appPort).filter((found) => found !== undefined);
  const taken = new Set(found.map((f) => f.port));
  // Each clash gets its own suggestion, so two fixes do not collide in turn.
  const suggestPort = () => {
    const port = lowestFreeAppPort(taken);
    taken.add(port);
    return port;
  };
  const problems: Problem[] = [];
  const first = new Map<number, AppPort>();
  for (const current of found) {
    const owner = first.get(current.port);
    if (!owner) {
      first.set(current.port, current);
      continue;
    }
    const { name, dir } = current.app;
    const free = suggestPort();
    problems.push({
      file: current.file,
      message: `gives ${name} port ${current.port}, which ${owner.app.name} already listens on (${owner.file}): the two cannot run side by side in \`pnpm dev\``,
      fix: `give ${name} a free port such as ${free}: "shipyard.port" in ${dir}/package.json, PORT and containerPort in ${dir}/kubernetes/deployment.yaml, ARG PORT in ${dir}/Dockerfile`,
      rule: "unique-ports",
    });
  }
  return problems;
}
