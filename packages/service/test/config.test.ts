import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("the configuration was accepted");
}

describe("configuration from the environment", () => {
  it("has production defaults", () => {
    expect(loadConfig({})).toEqual({
      port: 8000,
      logLevel: "info",
      shutdownTimeoutMs: 10_000,
      shutdownDelayMs: 0,
      bodyLimit: "100kb",
      bodyTotalLimit: "16mb",
      bodyTimeoutMs: 20_000,
      apiDocs: true,
    });
  });

  it("serves no API documents in production unless asked to", () => {
    expect(loadConfig({ NODE_ENV: "production" }).apiDocs).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", API_DOCS: "true" }).apiDocs).toBe(true);
    expect(loadConfig({ API_DOCS: "False" }).apiDocs).toBe(false);
  });

  it("reads every variable", () => {
    expect(
      loadConfig({
        PORT: "3000",
        LOG_LEVEL: "DEBUG",
        SHUTDOWN_TIMEOUT_MS: "20000",
        SHUTDOWN_DELAY_MS: "5000",
        BODY_LIMIT: "1mb",
        BODY_TOTAL_LIMIT: "64mb",
        BODY_TIMEOUT_MS: "5000",
        METRICS_PORT: "9464",
        API_DOCS: "false",
      }),
    ).toEqual({
      port: 3000,
      logLevel: "debug",
      shutdownTimeoutMs: 20_000,
      shutdownDelayMs: 5000,
      bodyLimit: "1mb",
      bodyTotalLimit: "64mb",
      bodyTimeoutMs: 5000,
      metricsPort: 9464,
      apiDocs: false,
    });
  });

  it.each([
    [{ PORT: "80a" }, 'PORT="80a" is not allowed, expected an integer from 0 to 65535'],
    [{ PORT: "70000" }, 'PORT="70000" is not allowed, expected an integer from 0 to 65535'],
    [{ PORT: "" }, 'PORT="" is not allowed, expected an integer from 0 to 65535'],
    [
      { LOG_LEVEL: "loud" },
      'LOG_LEVEL="loud" is not allowed, expected one of fatal, error, warn, info, debug, trace, silent',
    ],
    [
      { SHUTDOWN_TIMEOUT_MS: "0" },
      'SHUTDOWN_TIMEOUT_MS="0" is not allowed, expected an integer from 1 to 600000',
    ],
    [
      { BODY_LIMIT: "lots" },
      'BODY_LIMIT="lots" is not allowed, expected a size in bytes such as "100kb", "1mb" or "2048"',
    ],
    [
      { BODY_LIMIT: "99999999999gb" },
      'BODY_LIMIT="99999999999gb" is not allowed, expected a size of at most 4mb (a body is held and parsed in memory)',
    ],
    [
      { BODY_LIMIT: "4.5mb" },
      'BODY_LIMIT="4.5mb" is not allowed, expected a size of at most 4mb (a body is held and parsed in memory)',
    ],
    [
      { BODY_LIMIT: "2mb", BODY_TOTAL_LIMIT: "1mb" },
      'BODY_TOTAL_LIMIT="1mb" is not allowed, expected at least BODY_LIMIT (2mb)',
    ],
    [
      { PORT: "8000", METRICS_PORT: "8000" },
      'METRICS_PORT="8000" is not allowed, expected a port other than PORT (8000), or no METRICS_PORT to serve /metrics on PORT',
    ],
    [
      { BODY_TIMEOUT_MS: "120000" },
      'BODY_TIMEOUT_MS="120000" is not allowed, expected an integer from 1 to 60000',
    ],
    [{ API_DOCS: "yes" }, 'API_DOCS="yes" is not allowed, expected true or false'],
    [
      { SHUTDOWN_DELAY_MS: "10000" },
      'SHUTDOWN_DELAY_MS="10000" is not allowed, expected less than SHUTDOWN_TIMEOUT_MS (10000)',
    ],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(problem(env)).toBe(`Invalid environment: ${message}`);
  });

  it("accepts a BODY_LIMIT up to its cap", () => {
    expect(loadConfig({ BODY_LIMIT: "4mb" }).bodyLimit).toBe("4mb");
  });

  it("names every bad variable on the same line", () => {
    const message = problem({ PORT: "x", LOG_LEVEL: "y" });
    expect(message).not.toContain("\n");
    expect(message).toMatch(/PORT="x".*; LOG_LEVEL="y"/);
  });
});
