// The one render of a service, shared by `pnpm gen service` and `pnpm gen sync`: a template
// version rendered with an app's answers and deploy values, then formatted as the repository's
// Prettier formats it. It writes nothing.
import path from "node:path";
import { type DeployConfig, imageRepository, registryLogin } from "@repo/workspace/deploy-config";
import nodePlop, { type NodePlopAPI } from "node-plop";
import { formatText } from "./format-files.js";
import { type RenderString, renderTemplates } from "./render-templates.js";
import { type ServiceAnswers, defaults } from "./service-answers.js";
import { workspaceDependenciesOf } from "./service-dependencies.js";
import type { TemplateFiles } from "./template-version.js";

/** The service template on disk, relative to the repository root. */
export const TEMPLATE_DIR = "generators/templates/service";

/** This checkout's service template: the version `pnpm gen service` renders today. */
export const TEMPLATES = path.resolve(import.meta.dirname, "..", "templates", "service");

/** The helpers the templates use, on plop's Handlebars. */
export function registerHelpers(plop: NodePlopAPI): void {
  // Values going into JSON or TypeScript string literals are written with JSON.stringify.
  plop.setHelper("json", (value: unknown) => JSON.stringify(value));
}

/** A renderString with the templates' helpers, for rendering outside a plop generator. */
export async function createRenderString(): Promise<RenderString> {
  const plop = await nodePlop();
  registerHelpers(plop);
  return (template, data) => plop.renderString(template, data);
}

/** The deploy.config.yaml values a render uses, as the app's record keeps them. */
export function deployValues(deploy: DeployConfig): DeployConfig {
  const { registry, imageNamespace, domain, ingressClass } = deploy;
  return { registry, imageNamespace, domain, ingressClass };
}

export interface RenderInput {
  root: string;
  answers: ServiceAnswers;
  deploy: DeployConfig;
  /** The template version's files and its tree id, which the rendered record keeps. */
  templates: TemplateFiles;
  template: string;
  renderString: RenderString;
  /** Whether to format the files as the repository does (default: true); false gives the paths fast. */
  format?: boolean;
}

/** What the templates see: the answers, the deploy values and the workspaces it builds from. */
async function templateData(input: RenderInput): Promise<object> {
  const { answers, deploy } = input;
  const defaultHost = defaults.host(answers.name, { deploy });
  const data = {
    ...answers,
    template: input.template,
    deploy: deployValues(deploy),
    image: imageRepository(deploy, answers.name),
    ingressClass: deploy.ingressClass,
    registry: deploy.registry,
    login: registryLogin(deploy),
    // Comments name the default host by its rule, so they stay true if the domain changes;
    // only a host that is not the default is recorded, so the default follows the domain.
    customHost: answers.host !== defaultHost,
    hostComment: answers.host === defaultHost ? `${answers.name}.<domain>` : answers.host,
  };
  const dependencyPaths = await workspaceDependenciesOf(
    input.root,
    input.templates,
    data,
    input.renderString,
  );
  return { ...data, dependencyPaths };
}

/** The service's files, path relative to the repository root -> formatted text. */
export async function renderService(input: RenderInput): Promise<Map<string, string>> {
  const rendered = renderTemplates(input.templates, await templateData(input), input.renderString);
  if (input.format === false) return rendered;
  const formatted = new Map<string, string>();
  for (const [file, text] of rendered)
    formatted.set(file, await formatText(input.root, file, text));
  return formatted;
}
