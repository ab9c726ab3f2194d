import { isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import { imageRepositoryOf } from "./image-reference.js";

/** The container of a Deployment whose image comes from the repository CI pushes to. */
export interface ImageLine {
  deployment: string;
  container: string;
  image: string;
  /** Where the image's value sits in the text, quotes included: [start, end) offsets. */
  range: [number, number];
  /** The quote the value is written with, kept when it is replaced. */
  quote: string;
}

/**
 * Finds, in a manifest's text, the one container (of any Deployment in it) that runs an image
 * of `repository`. Throws a message naming the file when there is none or more than one.
 */
export function findImageLine(text: string, repository: string, source: string): ImageLine {
  const found: ImageLine[] = [];
  const seen: string[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`${source} is not valid YAML: ${document.errors[0]?.message}`);
    }
    if (!isMap(document.contents) || document.get("kind") !== "Deployment") continue;
    const name: unknown = document.getIn(["metadata", "name"]);
    const deployment = typeof name === "string" ? name : "";
    const containers = document.getIn(["spec", "template", "spec", "containers"], true);
    if (!isSeq(containers)) continue;
    for (const container of containers.items) {
      if (!isMap(container)) continue;
      const image = container.get("image", true);
      if (!isScalar(image) || typeof image.value !== "string") continue;
      seen.push(image.value);
      if (imageRepositoryOf(image.value) !== repository) continue;
      const [start, end] = image.range ?? [0, 0];
      found.push({
        deployment,
        container:
          typeof container.get("name") === "string" ? (container.get("name") as string) : "",
        image: image.value,
        range: [start, end],
        quote: image.type === "QUOTE_DOUBLE" ? '"' : image.type === "QUOTE_SINGLE" ? "'" : "",
      });
    }
  }
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new Error(
      `${source} runs ${seen.join(", ") || "no image"}, not ${repository}, the image CI pushes for this app: ` +
        `set the container's image to ${repository}:sha-<commit> or fix deploy.config.yaml.`,
    );
  }
  throw new Error(
    `${source} runs ${repository} in ${found.length} containers: keep one, so it is clear which one CI updates.`,
  );
}

/** The manifest's text with that container's image set to `image`, nothing else changed. */
export function replaceImage(text: string, line: ImageLine, image: string): string {
  // References hold no character that needs escaping inside quotes.
  return text.slice(0, line.range[0]) + line.quote + image + line.quote + text.slice(line.range[1]);
}
