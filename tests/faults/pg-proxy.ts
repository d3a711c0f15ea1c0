// A TCP proxy we control between the app and PostgreSQL (or Redis: any TCP service), so a test can
// "restart" the database without touching the machine's shared cluster: cut() drops every open
// connection and refuses new ones (what clients see while PostgreSQL restarts); silence() keeps every
// connection open but forwards nothing more, ever, in either direction, and holds new ones the same way
// (a firewall or NAT that dropped its state: no reset, no answer); restore() accepts and forwards new
// connections again on the same port — connections silenced before stay silent, as they would.
import { createServer, connect, type Server, type Socket } from "node:net";
import { freePort } from "../support/processes";

export async function startPgProxy(target = { host: "127.0.0.1", port: 5432 }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  /** Connections that get nothing through, ever (silenced, or accepted while silent). */
  const holes = new Set<Socket>();
  let silent = false;
  let server: Server | undefined;
  let accepted = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        accepted++;
        if (silent) {
          holes.add(client);
          client.pause();
          client.on("error", () => {});
          return;
        }
        const upstream = connect(target.port, target.host);
        sockets.add(client);
        sockets.add(upstream);
        const pair = { client, upstream };
        pairs.add(pair);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
          pairs.delete(pair);
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });

  await listen();
  return {
    port,
    url(databaseUrl: string) {
      const u = new URL(databaseUrl);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size / 2;
    },
    /** Like a PostgreSQL restart: every connection dropped at once, new ones refused until restore(). */
    async cut() {
      const s = server;
      server = undefined;
      const closed = s ? new Promise<void>((r) => s.close(() => r())) : Promise.resolve();
      for (const socket of [...sockets, ...holes]) socket.destroy();
      sockets.clear();
      holes.clear();
      await closed;
    },
    /** Like a firewall dropping its state: nothing more passes on any connection, and nobody is told. */
    silence() {
      silent = true;
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        // Closing either side would tell the other: keep both open, and stop tracking them as live.
        client
          .removeAllListeners("close")
          .removeAllListeners("error")
          .on("error", () => {});
        upstream
          .removeAllListeners("close")
          .removeAllListeners("error")
          .on("error", () => {});
        sockets.delete(client);
        sockets.delete(upstream);
        holes.add(client).add(upstream);
      }
      pairs.clear();
    },
    async restore() {
      silent = false;
      if (!server) await listen();
    },
    async stop() {
      await this.cut();
    },
  };
}
