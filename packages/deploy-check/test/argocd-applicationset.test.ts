import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const file = "deploy/argocd/applicationset.yaml";

interface ApplicationSet {
  apiVersion: string;
  kind: string;
  metadata: { namespace: string };
  spec: {
    syncPolicy?: { applicationsSync?: string; preserveResourcesOnDeletion?: boolean };
    goTemplate?: boolean;
    generators: { git?: { repoURL: string; directories: { path: string }[] } }[];
    template: {
      metadata: { name: string };
      spec: {
        source: { repoURL: string; path: string };
        destination: { namespace: string };
        syncPolicy: { automated?: object; syncOptions?: string[] };
      };
    };
  };
}

const set = parse(await readFile(path.join(root, file), "utf8")) as ApplicationSet;

describe("the Argo CD ApplicationSet", () => {
  it("makes one Application per apps/*/kubernetes folder of one repository", () => {
    expect(set.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(set.kind).toBe("ApplicationSet");
    const [generator, ...others] = set.spec.generators;
    expect(others).toEqual([]);
    expect(generator?.git?.directories).toEqual([{ path: "apps/*/kubernetes" }]);
    expect(set.spec.template.spec.source.repoURL).toBe(generator?.git?.repoURL);
    expect(set.spec.template.spec.source.path).toBe("{{ .path.path }}");
  });

  it("names each Application and its namespace after the app folder", () => {
    expect(set.spec.goTemplate).toBe(true);
    expect(set.spec.template.metadata.name).toBe("{{ index .path.segments 1 }}");
    expect(set.spec.template.spec.destination.namespace).toBe("{{ index .path.segments 1 }}");
  });

  it("never deletes an app because the generator briefly found no folder", () => {
    expect(set.spec.syncPolicy).toEqual({
      applicationsSync: "create-update",
      preserveResourcesOnDeletion: true,
    });
  });

  it("keeps a repository placeholder the README tells users to replace", async () => {
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    const placeholder = set.spec.template.spec.source.repoURL;
    expect(readme).toContain(file);
    expect(readme).toContain(placeholder);
  });

  it("lives outside every app's kubernetes folder, so kubectl apply -f there needs no Argo CD", async () => {
    for (const app of await readdir(path.join(root, "apps"))) {
      const files = await readdir(path.join(root, "apps", app, "kubernetes")).catch(
        () => [] as string[],
      );
      for (const name of files) {
        const text = await readFile(path.join(root, "apps", app, "kubernetes", name), "utf8");
        expect(text, `apps/${app}/kubernetes/${name}`).not.toMatch(/argoproj\.io/);
      }
    }
  });
});

const variantFile = "deploy/argocd/namespace-applicationset.yaml";
const variant = parse(await readFile(path.join(root, variantFile), "utf8")) as ApplicationSet;

describe("the Argo CD ApplicationSet for one namespace", () => {
  it("generates the same Applications, hardened the same way", () => {
    expect(variant.spec.generators).toEqual(set.spec.generators);
    expect(variant.spec.template.metadata).toEqual(set.spec.template.metadata);
    expect(variant.spec.template.spec.source).toEqual(set.spec.template.spec.source);
    expect(variant.spec.syncPolicy).toEqual(set.spec.syncPolicy);
  });

  it("puts every app into the namespace Argo CD runs in, creating none", () => {
    expect(variant.metadata.namespace).toBe("your-namespace");
    expect(variant.spec.template.spec.destination.namespace).toBe("your-namespace");
    expect(variant.spec.template.spec.syncPolicy.syncOptions ?? []).not.toContain(
      "CreateNamespace=true",
    );
  });

  it("is explained, with its placeholder, in chapter 7 in both languages", async () => {
    for (const language of ["en", "fr"]) {
      const chapter = await readFile(path.join(root, "docs", language, "07-ci-cd.md"), "utf8");
      expect(chapter, language).toContain(variantFile);
      expect(chapter, language).toContain("your-namespace");
    }
  });
});
