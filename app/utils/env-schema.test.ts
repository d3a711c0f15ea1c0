import { describe, expect, it } from "vitest";
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
      parseEnv(webEnvSchema, { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) }),
    ).not.toThrow();
  });

  it("validates the worker's own settings", () => {
    expect(() => parseEnv(workerEnvSchema, { ENGAGEMENT_STALL_DAYS: "0" })).toThrow(/ENGAGEMENT_STALL_DAYS/);
    expect(parseEnv(workerEnvSchema, { MEILI_URL: "" }).MEILI_URL).toBeUndefined();
  });
});
