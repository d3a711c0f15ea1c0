import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// What server.ts does in production, in a fresh Node process: register the hooks, then import.
const script = `
import { register } from "node:module";
register("./app/utils/react-router-production-hooks.mjs", "file://${process.cwd()}/");
const production = await import("react-router");
const { createRequestHandler } = await import("@react-router/express");
const development = await import("./node_modules/react-router/dist/development/index.mjs");
console.log(JSON.stringify({
  router: import.meta.resolve("react-router"),
  dom: import.meta.resolve("react-router/dom"),
  adapter: typeof createRequestHandler,
  productionExports: Object.keys(production).sort(),
  developmentExports: Object.keys(development).sort(),
}));
`;

describe("React Router's production build in the production web process", () => {
  it("resolves react-router and react-router/dom to dist/production, with the same exports", () => {
    const out = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
    ) as Record<string, string | string[]>;
    expect(out.router).toMatch(/\/node_modules\/react-router\/dist\/production\/index\.mjs$/);
    expect(out.dom).toMatch(/\/node_modules\/react-router\/dist\/production\/dom-export\.mjs$/);
    expect(out.adapter).toBe("function");
    expect(out.productionExports).toEqual(out.developmentExports);
    expect(out.productionExports.length).toBeGreaterThan(50);
  });
});
