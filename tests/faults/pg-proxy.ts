// A TCP proxy we control between the app and PostgreSQL, so a test can "restart" the database without
// touching the machine's shared cluster: cut() drops every open connection and refuses new ones (what
// clients see while PostgreSQL restarts); restore() accepts connections again on the same port.
import { createServer, connect, type Server, type Socket } from "node:net";
import { freePort } from "../support/processes";

export async function startPgProxy(target = { host: "127.0.0.1", port: 5432 }) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let accepted = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        accepted++;
        const upstream = connect(target.port, target.host);
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
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
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
    async restore() {
      if (!server) await listen();
    },
    async stop() {
      await this.cut();
    },
  };
}
