// `pnpm gen sync`'s engine: each app's generated files brought up to date with a three-way merge.
// Base: the render of the app's record (its answers, the deploy values and the template version
// it was rendered with). Theirs: the render of its answers, deploy.config.yaml and the templates
// now. Ours: the file on disk. planSync computes everything and writes nothing but git objects
// (the current template version, so a record naming it can be read back); applySync writes.
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type DeployConfig,
  imageRepository,
  loadDeployConfig,
} from "@repo/workspace/deploy-config";
import { alignImageLine } from "./image-line-merge.js";
import { formatText } from "./format-files.js";
import type { RenderString } from "./render-templates.js";
import { TEMPLATE_DIR, createRenderString, deployValues, renderService } from "./render-service.js";
import { readRepoFacts } from "./repo-facts.js";
import {
  type ServiceAnswers,
  defaults,
  descriptionProblem,
  hostProblem,
  portProblem,
} from "./service-answers.js";
import { type RenderableRecord, loadAppRecord, recordedApps } from "@repo/workspace/app-record";
import { appFiles } from "@repo/workspace/apps";
import {
  type TemplateFiles,
  isGitRepository,
  readTemplateFolder,
  readTemplateVersion,
  storeTemplateVersion,
  templateTreeId,
} from "./template-version.js";
import { hasConflictMarkers, mergeThreeWay } from "./three-way-merge.js";

/**
 * What a sync does to one file: nothing, write the merged text, create it, delete it, write it
 * with conflict markers, or nothing because it still holds markers from an earlier sync.
 */
export type FileStatus = "unchanged" | "update" | "create" | "delete" | "conflict" | "markers";

export interface FilePlan {
  /** Relative to the repository root. */
  path: string;
  status: FileStatus;
  /** The text to write (update, create, conflict). */
  text?: string;
  notes: string[];
}

export interface AppPlan {
  app: string;
  /** The template version the files were rendered from (undefined: adopted by this sync). */
  from?: string;
  to: string;
  files: FilePlan[];
  notes: string[];
}

export interface SyncPlan {
  root: string;
  apps: AppPlan[];
}

/** Answers to change; they need exactly one app. */
export interface AnswerChanges {
  port?: number;
  host?: string;
  description?: string;
}

export interface SyncOptions {
  /** The apps to sync; every app with a "shipyard" record by default. */
  apps?: string[];
  answers?: AnswerChanges;
  /**
   * Whether to write the current template version into git's objects, so that a record naming
   * it can be read back after a sync; a plan that is only read (`--check`, the deploy check)
   * does not need to (default: true).
   */
  storeTemplate?: boolean;
}

/** A request that cannot be planned: the message names the problem and the fix. */
export class SyncError extends Error {}

/** Files that differ from what is on disk, or still hold conflict markers. */
export function pendingFiles(plan: SyncPlan): FilePlan[] {
  return plan.apps.flatMap((app) => app.files.filter((file) => file.status !== "unchanged"));
}

/** Files written with conflict markers or still holding them. */
export function conflictedFiles(plan: SyncPlan): FilePlan[] {
  return pendingFiles(plan).filter((f) => f.status === "conflict" || f.status === "markers");
}

async function validateAnswers(root: string, app: string, changes: AnswerChanges): Promise<void> {
  const facts = await readRepoFacts(root);
  // The app's own port is free for it.
  const others = { ...facts, ports: facts.ports.filter((used) => used.app !== app) };
  const problems = [
    changes.port === undefined ? undefined : portProblem(String(changes.port), others),
    changes.host === undefined ? undefined : hostProblem(changes.host),
    changes.description === undefined ? undefined : descriptionProblem(changes.description),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new SyncError(problems.join("\n"));
}

const short = (id: string | undefined) => (id ? id.slice(0, 7) : "none");

interface Context {
  root: string;
  deploy: DeployConfig;
  templates: TemplateFiles;
  template: string;
  renderString: RenderString;
  git: boolean;
  versions: Map<string, Promise<TemplateFiles>>;
}

function answersOf(record: RenderableRecord, deploy: DeployConfig, changes: AnswerChanges = {}) {
  const answers: ServiceAnswers = {
    name: record.name,
    description: changes.description ?? record.description,
    port: changes.port ?? record.port,
    host: changes.host ?? record.host ?? defaults.host(record.name, { deploy }),
  };
  return answers;
}

async function readOurs(root: string, file: string): Promise<string | undefined> {
  const abs = path.join(root, file);
  return existsSync(abs) ? readFile(abs, "utf8") : undefined;
}

/** The record completed with what the current render records, the rest of package.json kept. */
async function adoptedManifest(
  root: string,
  file: string,
  ours: string,
  rendered: string,
): Promise<string> {
  const manifest = JSON.parse(ours) as Record<string, unknown>;
  manifest.shipyard = (JSON.parse(rendered) as { shipyard: unknown }).shipyard;
  return formatText(root, file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The files of the template version an app was rendered from. The templates on disk when the
 * record names them, so only an app rendered from an older template needs git's objects.
 */
async function baseTemplates(ctx: Context, app: string, template: string): Promise<TemplateFiles> {
  if (template === ctx.template) return ctx.templates;
  if (!ctx.git) {
    throw new SyncError(
      `${ctx.root} is not a git repository, and apps/${app} was rendered from template version ${short(template)}, not the one on disk (${short(ctx.template)}): its files are read from git's objects. Fix: run the sync in the repository's git clone.`,
    );
  }
  if (!ctx.versions.has(template))
    ctx.versions.set(template, readTemplateVersion(ctx.root, template));
  return ctx.versions.get(template)!;
}

async function planApp(
  ctx: Context,
  app: string,
  changes: AnswerChanges | undefined,
): Promise<AppPlan> {
  const record = await loadAppRecord(ctx.root, app);
  if (!record) {
    throw new SyncError(
      `${appFiles(app).packageJson} has no "shipyard" record, so nothing says how apps/${app} was generated. Fix: add "shipyard": { "name": "${app}", "port": <its port>, "description": "<one line>" } to it, then sync again to adopt it.`,
    );
  }
  const theirsAnswers = answersOf(record, ctx.deploy, changes);
  const theirsInput = { ...ctx, answers: theirsAnswers };
  const plan: AppPlan = { app, from: record.template, to: ctx.template, files: [], notes: [] };
  const manifestFile = appFiles(app).packageJson;

  if (record.template === undefined) {
    if (changes && Object.keys(changes).length > 0) {
      throw new SyncError(
        `apps/${app} records no template version yet, so its answers cannot be changed by a merge. Fix: run \`pnpm gen sync ${app}\` first to adopt it, then change the answers.`,
      );
    }
    // Adopted: the files as they are count as the current template's render.
    const theirs = await renderService(theirsInput);
    const ours = (await readOurs(ctx.root, manifestFile)) ?? "{}";
    const text = await adoptedManifest(
      ctx.root,
      manifestFile,
      ours,
      theirs.get(manifestFile) ?? "{}",
    );
    plan.files.push({
      path: manifestFile,
      status: text === ours ? "unchanged" : "update",
      text,
      notes: [],
    });
    plan.notes.push(
      `adopted: its files were taken as they are and its record now names template ${short(ctx.template)}; later syncs merge template and deploy.config.yaml changes into them`,
    );
    return plan;
  }

  const baseDeploy = record.deploy ?? ctx.deploy;
  const baseAnswers = answersOf(record, baseDeploy);
  const sameInputs =
    record.template === ctx.template &&
    JSON.stringify(deployValues(baseDeploy)) === JSON.stringify(deployValues(ctx.deploy)) &&
    JSON.stringify(baseAnswers) === JSON.stringify(theirsAnswers);
  if (sameInputs) {
    // The base is the render now, so a merge keeps every file as it is: only conflict markers
    // left by an earlier sync are news, and the render's paths are all that is needed.
    const rendered = await renderService({ ...theirsInput, format: false });
    for (const file of [...rendered.keys()].sort()) {
      const markers = hasConflictMarkers((await readOurs(ctx.root, file)) ?? "");
      plan.files.push({
        path: file,
        status: markers ? "markers" : "unchanged",
        notes: markers ? ["holds conflict markers: resolve them, then sync again"] : [],
      });
    }
    return plan;
  }
  const theirs = await renderService(theirsInput);
  const base = await renderService({
    ...ctx,
    answers: baseAnswers,
    deploy: baseDeploy,
    templates: await baseTemplates(ctx, app, record.template),
    template: record.template,
  });

  const oursByFile = new Map<string, string | undefined>();
  const files = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  for (const file of files) oursByFile.set(file, await readOurs(ctx.root, file));
  const withMarkers = files.filter((file) => hasConflictMarkers(oursByFile.get(file) ?? ""));
  if (withMarkers.length > 0) {
    // Nothing of the app is merged, its record included, until every conflict is resolved.
    plan.files = files.map((file) => ({
      path: file,
      status: withMarkers.includes(file) ? "markers" : "unchanged",
      notes: withMarkers.includes(file)
        ? ["holds conflict markers: resolve them, then sync again"]
        : [],
    }));
    return plan;
  }

  const labels = {
    ours: "yours",
    base: `rendered before: template ${short(record.template)}`,
    // A conflict may come from deploy.config.yaml as much as from the template: name both.
    theirs: `render now: template ${short(ctx.template)} and deploy.config.yaml`,
  };
  const repositories = {
    base: imageRepository(baseDeploy, app),
    theirs: imageRepository(ctx.deploy, app),
  };
  for (const file of files) {
    const ours = oursByFile.get(file);
    const baseText = base.get(file);
    const theirsText = theirs.get(file);
    const filePlan: FilePlan = { path: file, status: "unchanged", notes: [] };
    plan.files.push(filePlan);
    if (theirsText === undefined) {
      // The template dropped the file.
      if (ours === undefined) continue;
      if (ours === baseText) filePlan.status = "delete";
      else filePlan.notes.push("the template no longer renders it; kept because it was edited");
      continue;
    }
    if (ours === undefined) {
      if (baseText === undefined) {
        filePlan.status = "create";
        filePlan.text = theirsText;
      } else if (baseText !== theirsText) {
        filePlan.notes.push("deleted here, so the template's changes to it were not applied");
      }
      continue;
    }
    let texts = { ours, base: baseText ?? "", theirs: theirsText };
    if (file === `apps/${app}/kubernetes/deployment.yaml`) {
      const aligned = alignImageLine(texts, repositories, file);
      if (aligned.note && aligned.ours !== ours) filePlan.notes.push(aligned.note);
      texts = aligned;
    }
    // A file the new template adds that already exists merges against nothing: any difference
    // is a conflict.
    const merged = await mergeThreeWay(texts.ours, texts.base, texts.theirs, {
      ...labels,
      ours: `${labels.ours}: ${file}`,
    });
    if (merged.text === ours) continue;
    filePlan.text = merged.text;
    filePlan.status = merged.conflicted ? "conflict" : "update";
  }
  return plan;
}

/** What a sync of the apps would do; writes nothing but git objects. */
export async function planSync(root: string, options: SyncOptions = {}): Promise<SyncPlan> {
  // Named apps are the only ones read: another app's package.json may be anything.
  const apps = options.apps ?? recordedApps(root);
  for (const app of apps) {
    if (!existsSync(path.join(root, appFiles(app).packageJson))) {
      const all = recordedApps(root);
      throw new SyncError(
        `There is no app "${app}" (no ${appFiles(app).packageJson}). Fix: name one of ${all.join(", ") || "the apps in apps/"}, or generate it with \`pnpm gen service ${app}\`.`,
      );
    }
  }
  const changes = options.answers;
  if (changes && Object.values(changes).some((value) => value !== undefined)) {
    if (apps.length !== 1) {
      throw new SyncError(
        "--port, --host and --description change one app's answers. Fix: name the app, e.g. `pnpm gen sync orders --port 8010`.",
      );
    }
    await validateAnswers(root, apps[0]!, changes);
  }
  const git = await isGitRepository(root);
  // The repository's own template: a sync of another checkout renders that checkout's.
  const templates = path.join(root, TEMPLATE_DIR);
  const ctx: Context = {
    root,
    deploy: await loadDeployConfig(root),
    templates: await readTemplateFolder(templates),
    template:
      git && options.storeTemplate !== false
        ? await storeTemplateVersion(root, templates)
        : await templateTreeId(templates),
    renderString: await createRenderString(),
    git,
    versions: new Map(),
  };
  const plans: AppPlan[] = [];
  for (const app of apps) plans.push(await planApp(ctx, app, changes));
  return { root, apps: plans };
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.sync-${process.pid}`);
  await writeFile(temp, text);
  await rename(temp, file);
}

/**
 * Writes a plan: merged and conflicted files, created and deleted ones. Each app's package.json,
 * which holds the record, goes last, so an interrupted sync leaves the old record and is merged
 * again by the next one.
 */
export async function applySync(plan: SyncPlan): Promise<void> {
  for (const app of plan.apps) {
    const manifest = appFiles(app.app).packageJson;
    const ordered = [
      ...app.files.filter((f) => f.path !== manifest),
      ...app.files.filter((f) => f.path === manifest),
    ];
    for (const file of ordered) {
      const abs = path.join(plan.root, file.path);
      if (file.status === "delete") await unlink(abs);
      else if (file.text !== undefined && ["update", "create", "conflict"].includes(file.status))
        await writeAtomically(abs, file.text);
    }
  }
}
