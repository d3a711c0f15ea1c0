// A TCP proxy in front of PostgreSQL that refuses connection startup parameters the way PgBouncer does:
// only the parameters PgBouncer tracks per client are let through (user, database, application_name,
// client_encoding, DateStyle, TimeZone, standard_conforming_strings); any other — `options` with
// `-c name=value` settings, `statement_timeout`… — gets PgBouncer's answer, "unsupported startup
// parameter", and the connection is closed. Everything after the startup message passes unchanged to
// the real server. For tests that check Puente works behind a pooler in transaction mode.
import { connect, createServer, type Socket } from "node:net";
import { freePort } from "./processes";

export const PGBOUNCER_PARAMETERS = [
  "user",
  "database",
  "application_name",
  "client_encoding",
  "datestyle",
  "timezone",
  "standard_conforming_strings",
];

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

function errorResponse(message: string) {
  const fields = Buffer.concat([
    Buffer.from("SFATAL\0VFATAL\0C08P01\0M", "utf8"),
    Buffer.from(`${message}\0`, "utf8"),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write("E", 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

function startupParameters(message: Buffer): string[] {
  const names: string[] = [];
  let at = 8;
  while (at < message.length - 1) {
    const end = message.indexOf(0, at);
    if (end < 0) break;
    const name = message.toString("utf8", at, end);
    const valueEnd = message.indexOf(0, end + 1);
    names.push(name);
    at = valueEnd + 1;
  }
  return names;
}

export async function startStartupGate(
  target = { host: "127.0.0.1", port: 5432 },
  allowed = PGBOUNCER_PARAMETERS,
) {
  const port = await freePort();
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8) {
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
          client.write("N"); // no encryption here: the client goes on in the clear
          buffered = buffered.subarray(8);
          continue;
        }
        client.off("data", onData);
        const message = buffered.subarray(0, length);
        const rest = buffered.subarray(length);
        const bad = startupParameters(message).filter((n) => !allowed.includes(n.toLowerCase()));
        if (bad.length) {
          refused.push(...bad);
          client.end(errorResponse(`unsupported startup parameter: ${bad[0]}`));
          return;
        }
        const upstream = connect(target.port, target.host);
        sockets.add(upstream);
        upstream.on("close", () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on("error", () => client.destroy());
        client.on("close", () => upstream.destroy());
        upstream.write(Buffer.concat([message, rest]));
        client.pipe(upstream);
        upstream.pipe(client);
        return;
      }
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    port,
    /** Parameters refused so far (one per refused connection). */
    refused,
    url(databaseUrl: string) {
      const u = new URL(databaseUrl);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
