import { describe, expect, it } from "vitest";
import { generateMasterKeyEntry } from "./crypto/master-keys";
import { EnvError, parseEnv, webEnvSchema, workerEnvSchema } from "./env-schema";

describe("environment validation", () => {
  it("accepts an empty environment with local defaults", () => {
    const env = parseEnv(webEnvSchema, {});
    expect(env.DATABASE_URL).toMatch(/^postgresql:/);
    expect(env.PORT).toBe(3000);
    expect(env.MEILI_URL).toBeUndefined();
  });

  it("names every offending variable in one message", () => {
    let message = "";
    try {
      parseEnv(webEnvSchema, {
        DATABASE_URL: "mysql://x",
        REDIS_URL: "nope",
        PORT: "99999",
        SESSION_SECRET: "short",
      });
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      message = (error as Error).message;
    }
    for (const name of ["DATABASE_URL", "REDIS_URL", "PORT", "SESSION_SECRET"])
      expect(message).toContain(name);
  });

  it("refuses the development secret in production", () => {
    expect(() => parseEnv(webEnvSchema, { NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
    expect(() =>
      parseEnv(webEnvSchema, {
        NODE_ENV: "production",
        SESSION_SECRET: "x".repeat(40),
        ENCRYPTION_KEYS: generateMasterKeyEntry(),
      }),
    ).not.toThrow();
  });

  it("validates the worker's own settings", () => {
    expect(() => parseEnv(workerEnvSchema, { ENGAGEMENT_STALL_DAYS: "0" })).toThrow(/ENGAGEMENT_STALL_DAYS/);
    expect(parseEnv(workerEnvSchema, { MEILI_URL: "" }).MEILI_URL).toBeUndefined();
  });

  it("refuses to start in production without an encryption key, and names a malformed one", () => {
    const base = { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) };
    expect(() => parseEnv(webEnvSchema, base)).toThrow(/ENCRYPTION_KEYS: must be set in production/);
    expect(() => parseEnv(workerEnvSchema, base)).toThrow(/ENCRYPTION_KEYS/);
    const entry = generateMasterKeyEntry();
    const env = parseEnv(webEnvSchema, { ...base, ENCRYPTION_KEYS: entry });
    expect(env.ENCRYPTION_KEYS?.current.id).toBe(entry.split(":")[0]);
    expect(() => parseEnv(webEnvSchema, { ENCRYPTION_KEYS: "k1:tooshort" })).toThrow(
      /ENCRYPTION_KEYS: key "k1"/,
    );
    // Outside production the key is optional (the app starts; encryption says what is missing when used).
    expect(parseEnv(webEnvSchema, {}).ENCRYPTION_KEYS).toBeUndefined();
  });

  it("reads the upload limits", () => {
    const env = parseEnv(webEnvSchema, {});
    expect(env.UPLOAD_MAX_FILE_MB).toBe(20);
    expect(env.UPLOAD_SCRATCH_DIR).toBe("/dev/shm");
    expect(() => parseEnv(webEnvSchema, { UPLOAD_MAX_FILE_MB: "0" })).toThrow(/UPLOAD_MAX_FILE_MB/);
    expect(() => parseEnv(webEnvSchema, { UPLOAD_SCRATCH_DIR: "tmp" })).toThrow(/UPLOAD_SCRATCH_DIR/);
  });

  it("keeps metrics off the network unless a token guards them", () => {
    expect(parseEnv(webEnvSchema, {}).METRICS_PORT).toBeUndefined();
    expect(parseEnv(webEnvSchema, { METRICS_PORT: "9464" }).METRICS_HOST).toBe("127.0.0.1");
    expect(() => parseEnv(webEnvSchema, { METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0" })).toThrow(
      /METRICS_TOKEN: required/,
    );
    expect(() => parseEnv(workerEnvSchema, { METRICS_HOST: "10.0.0.5" })).toThrow(/METRICS_TOKEN/);
    expect(
      parseEnv(workerEnvSchema, { METRICS_HOST: "0.0.0.0", METRICS_TOKEN: "t".repeat(32) }).METRICS_TOKEN,
    ).toHaveLength(32);
    expect(() => parseEnv(webEnvSchema, { METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
    expect(parseEnv(webEnvSchema, { METRICS_HOST: "::1" }).METRICS_HOST).toBe("::1");
  });

  it("listens on loopback unless HOST says otherwise", () => {
    expect(parseEnv(webEnvSchema, {}).HOST).toBe("127.0.0.1");
    expect(parseEnv(webEnvSchema, { HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });

  it("never runs the development mailbox in production nor off loopback (issue 15)", () => {
    const production = {
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(40),
      ENCRYPTION_KEYS: generateMasterKeyEntry(),
    };
    expect(() => parseEnv(webEnvSchema, { ...production, DEV_MAILBOX: "true" })).toThrow(
      /DEV_MAILBOX: the development mailbox .* never runs with NODE_ENV=production/,
    );
    expect(() => parseEnv(webEnvSchema, { ...production, DEV_MAILBOX: "1" })).toThrow(/DEV_MAILBOX/);
    expect(parseEnv(webEnvSchema, { ...production, DEV_MAILBOX: "false" }).DEV_MAILBOX).toBe(false);
    expect(() => parseEnv(webEnvSchema, { DEV_MAILBOX: "true", HOST: "0.0.0.0" })).toThrow(
      /DEV_MAILBOX: .* loopback HOST/,
    );
    expect(parseEnv(webEnvSchema, { DEV_MAILBOX: "true" }).DEV_MAILBOX).toBe(true);
    expect(parseEnv(webEnvSchema, { DEV_MAILBOX: "true", HOST: "localhost" }).DEV_MAILBOX).toBe(true);
  });
});
