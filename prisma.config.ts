// Prisma CLI configuration. The CLI runs the WASM schema engine through @prisma/adapter-pg because
// the native engine cannot be downloaded on our machines (docs/decisions/0002-prisma-6-19.md).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Migrate's introspection reads catalog columns of type `name` (oid 19) and `"char"` (oid 18),
// which adapter-pg refuses (prisma/orm#27403). Report them as text (oid 25) on this connection only.
const CATALOG_TYPES = new Set([18, 19]);
type FieldsResult = { fields?: Array<{ dataTypeID: number }> };
function asText(result: unknown) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of (r as FieldsResult | undefined)?.fields ?? []) {
      if (CATALOG_TYPES.has(f.dataTypeID)) f.dataTypeID = 25;
    }
  }
  return result;
}
class CatalogAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const cb = args.findIndex((a) => typeof a === "function");
    if (cb >= 0) {
      const original = args[cb];
      args[cb] = (err: unknown, res: unknown) => original(err, asText(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(asText) : out;
  }
}

// The WASM engine leaves 10 s and 60 s timers pending after its work is done, so the CLI would hang
// after "All migrations have been successfully applied". Long timers must not keep this CLI process alive.
const setTimeoutKeepingAlive = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
  const timer = setTimeoutKeepingAlive(fn, ms, ...rest);
  if ((ms ?? 0) >= 5_000) timer.unref();
  return timer;
}) as typeof setTimeout;

function discreteConfig(url: string, database?: string): pg.PoolConfig {
  // Discrete fields (not connectionString) so that the shadow database override below wins.
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: database ?? decodeURIComponent(u.pathname.slice(1)),
    Client: CatalogAsTextClient,
    // The engine keeps no timers of its own alive if idle connections close quickly.
    idleTimeoutMillis: 100,
    allowExitOnIdle: true,
  };
}

// adapter-pg's executeScript splits scripts on ";", which breaks dollar-quoted function bodies.
// Send the whole migration as one simple-protocol query instead: it also runs as one implicit transaction.
type ScriptAdapter = {
  executeScript(script: string): Promise<void>;
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
};
function wholeScripts<T>(adapter: T): T {
  const a = adapter as unknown as ScriptAdapter;
  a.executeScript = async (script: string) => {
    try {
      await a.client.query(script);
    } catch (error) {
      a.onError(error);
    }
  };
  return adapter;
}

class MigratePg extends PrismaPg {
  constructor(private readonly url: string) {
    super(discreteConfig(url));
  }
  override async connect() {
    return wholeScripts(await super.connect());
  }
  override async connectToShadowDb() {
    const name = `prisma_shadow_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
    const admin = new pg.Pool(discreteConfig(this.url, "postgres"));
    await admin.query(`CREATE DATABASE "${name}"`);
    const shadow = new PrismaPg(discreteConfig(this.url, name));
    const adapter = wholeScripts(await shadow.connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL must be set for Prisma's CLI");
    return new MigratePg(url);
  },
});
