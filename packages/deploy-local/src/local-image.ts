import { DeployLocalError } from "./deploy-local-error.js";

/** Where local images live: a name no registry serves, so nothing can pull a stale copy. */
export const LOCAL_REPOSITORY_PREFIX = "shipyard-local";

/**
 * The image reference for a local build: its tag is the start of the image's id, the digest of
 * its configuration, which names its layers. The same content always gets the same tag and any
 * change a new one, so a tag is never reused for other content (never :latest).
 */
export function localImageReference(app: string, imageId: string): string {
  const hex = /^(?:sha256:)?([0-9a-f]{64})$/.exec(imageId.trim())?.[1];
  if (!hex) throw new DeployLocalError(`docker returned "${imageId}", not an image id.`);
  return `${LOCAL_REPOSITORY_PREFIX}/${app}:${hex.slice(0, 12)}`;
}
