// The `service` generator: a new app in apps/<name> with its Dockerfile, Kubernetes manifests
// and caller workflow, deployable as generated. `pnpm gen service` runs it through src/cli.ts;
// tests load it with node-plop: nodePlop(plopfile, { destBasePath, install }).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CustomActionConfig, NodePlopAPI } from "node-plop";
import { formatFiles } from "./src/format-files.js";
import { readRepoFacts } from "./src/repo-facts.js";
import { TEMPLATES, registerHelpers, renderService } from "./src/render-service.js";
import {
  type ServiceAnswers,
  defaults,
  descriptionProblem,
  hostProblem,
  nameProblem,
  portProblem,
  resolveAnswers,
} from "./src/service-answers.js";
import { type Command, ServiceTransaction } from "./src/service-transaction.js";
import {
  isGitRepository,
  readTemplateFolder,
  storeTemplateVersion,
  templateTreeId,
} from "./src/template-version.js";

export interface GeneratorOptions {
  /** The repository to write into; this generator's own repository by default. */
  destBasePath?: string;
  /** What installs the new workspace; `pnpm install --prefer-offline` by default. */
  install?: Command;
}

// --no-frozen-lockfile: the install must add the new workspace to pnpm-lock.yaml, and pnpm
// freezes the lockfile by default when CI is set.
export const DEFAULT_INSTALL: Command = {
  command: "pnpm",
  args: ["install", "--prefer-offline", "--no-frozen-lockfile"],
};

/** The two entries a service adds to the repository, relative to its root. */
export function serviceEntries(name: string): string[] {
  return [`apps/${name}`, `.github/workflows/app-${name}.yml`];
}

interface Run {
  tx: ServiceTransaction;
  answers?: ServiceAnswers;
  files: string[];
}

export default function plopfile(plop: NodePlopAPI, options: GeneratorOptions = {}): void {
  const root = path.resolve(options.destBasePath ?? path.join(import.meta.dirname, ".."));
  const install = options.install ?? DEFAULT_INSTALL;
  const facts = () => readRepoFacts(root);
  const render = (template: string, data: object) => plop.renderString(template, data);
  registerHelpers(plop);

  // Every step undoes everything when it fails, and lets the next generation run.
  const undoable =
    (fn: (run: Run, answers: Record<string, unknown>) => Promise<string>) =>
    async (run: Run, answers: Record<string, unknown>): Promise<string> => {
      try {
        return await fn(run, answers);
      } catch (error) {
        await run.tx.rollback();
        throw error;
      }
    };

  // Each step is an action type; the run they share rides on the action's config.
  const step = (
    type: string,
    fn: (run: Run, answers: Record<string, unknown>) => Promise<string>,
  ) => plop.setActionType(type, (answers, config) => fn(config.run as Run, answers));

  step(
    "check",
    undoable(async (run, answers) => {
      // Names and ports are read under the lock, so a concurrent generation cannot take them
      // between this check and the write.
      await run.tx.lock();
      const result = resolveAnswers(answers, await facts());
      if (!result.answers) throw new Error(result.problems.join("\n"));
      run.answers = result.answers;
      // The defaults become answers, so the caller sees what was generated.
      Object.assign(answers, result.answers);
      const { name, port, host } = result.answers;
      return `apps/${name}: port ${port}, http://${host}`;
    }),
  );
  step(
    "render",
    undoable(async (run) => {
      const staging = await run.tx.begin();
      const rendered = await renderService({
        root,
        answers: run.answers!,
        deploy: (await facts()).deploy,
        templates: await readTemplateFolder(TEMPLATES),
        // Stored in git when it can be, so that `pnpm gen sync` finds this version's files
        // even if the template is changed before it is committed.
        template: (await isGitRepository(root))
          ? await storeTemplateVersion(root, TEMPLATES)
          : await templateTreeId(TEMPLATES),
        renderString: render,
      });
      for (const [file, text] of rendered) {
        await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
        await writeFile(path.join(staging, file), text, { flag: "wx" });
      }
      run.files = [...rendered.keys()];
      return `${run.files.length} files rendered into a staging folder`;
    }),
  );
  step(
    "place",
    undoable(async (run) => {
      const entries = serviceEntries(run.answers!.name);
      await run.tx.place(entries);
      return entries.join(", ");
    }),
  );
  step(
    "install",
    undoable(async (run) => {
      await run.tx.run(install);
      return [install.command, ...install.args].join(" ");
    }),
  );
  step(
    "format",
    undoable(async (run) => {
      const changed = await formatFiles(root, run.files);
      await run.tx.commit();
      return changed.length === 0 ? "already formatted" : `${changed.length} files formatted`;
    }),
  );

  plop.setGenerator("service", {
    description: "a new service in apps/<name>, deployable as generated",
    prompts: [
      {
        type: "input",
        name: "name",
        message: "Service name (lowercase, e.g. orders)",
        validate: async (name: string) => nameProblem(name, await facts()) ?? true,
      },
      {
        type: "input",
        name: "description",
        message: "One-line description",
        default: (answers: { name: string }) => defaults.description(answers.name),
        validate: (description: string) => descriptionProblem(description) ?? true,
      },
      {
        type: "input",
        name: "port",
        message: "Port",
        default: async () => String(defaults.port(await facts())),
        validate: async (port: string) => portProblem(String(port), await facts()) ?? true,
      },
      {
        type: "input",
        name: "host",
        message: "Ingress host",
        default: async (answers: { name: string }) => defaults.host(answers.name, await facts()),
        validate: (host: string) => hostProblem(host) ?? true,
      },
    ],
    actions: () => {
      const run: Run = { tx: new ServiceTransaction(root), files: [] };
      const actions: (CustomActionConfig<string> | string)[] = [
        { type: "check", run },
        { type: "render", run },
        { type: "place", run },
        `Installing the new workspace: ${[install.command, ...install.args].join(" ")}`,
        { type: "install", run },
        { type: "format", run },
      ];
      return actions;
    },
  });
}
