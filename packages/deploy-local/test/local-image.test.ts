import { describe, expect, it } from "vitest";
import { localImageReference } from "../src/local-image.js";

const id = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("localImageReference", () => {
  it("tags with the start of the image id: same content, same tag; never latest", () => {
    expect(localImageReference("demo", id)).toBe("shipyard-local/demo:0123456789ab");
    expect(localImageReference("demo", `${id}\n`)).toBe(localImageReference("demo", id));
    expect(localImageReference("demo", id.replace("0123", "f123"))).not.toBe(
      localImageReference("demo", id),
    );
  });

  it("refuses anything that is not an image id", () => {
    expect(() => localImageReference("demo", "latest")).toThrow(/"latest", not an image id/);
  });
});
