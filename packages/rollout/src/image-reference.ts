/** The repository part of an image reference: without its :tag and @digest. */
export function imageRepositoryOf(image: string): string {
  const withoutDigest = image.split("@", 1)[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}
