import { describe, expect, it } from "vitest";
import { isDns1035Label, isDnsLabel, isDnsSubdomain, isHostName } from "../src/dns-names.js";

const label63 = "a".repeat(63);

describe("DNS names", () => {
  it("labels: lowercase letters, digits and '-', alphanumeric at each end, 63 at most", () => {
    for (const valid of ["demo", "orders-2", "2fa", label63]) expect(isDnsLabel(valid)).toBe(true);
    for (const invalid of ["", "Demo", "-demo", "demo-", "de_mo", "de.mo", `${label63}a`]) {
      expect(isDnsLabel(invalid), invalid).toBe(false);
    }
  });

  it("DNS-1035 labels also start with a letter", () => {
    expect(isDns1035Label("orders")).toBe(true);
    expect(isDns1035Label("2fa")).toBe(false);
    expect(isDns1035Label(`${label63}a`)).toBe(false);
  });

  it("subdomains join labels with dots, 253 characters in all", () => {
    expect(isDnsSubdomain("demo.v1")).toBe(true);
    expect(isDnsSubdomain("demo..v1")).toBe(false);
    expect(isDnsSubdomain(`${"a".repeat(64)}.b`)).toBe(true);
    expect(isDnsSubdomain("a".repeat(254))).toBe(false);
  });

  it("host names bound each label to 63 characters as well", () => {
    expect(isHostName("orders.example.com")).toBe(true);
    expect(isHostName("localhost")).toBe(true);
    expect(isHostName(`${"a".repeat(64)}.example.com`)).toBe(false);
    expect(isHostName(`${[label63, label63, label63, label63].join(".")}`)).toBe(false);
    expect(isHostName("example.com.")).toBe(false);
    expect(isHostName("")).toBe(false);
  });
});
