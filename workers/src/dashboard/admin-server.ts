/**
 * The admin HTTP server of a worker process: `/metrics` (Prometheus), `/healthz`, and the bull-board
 * dashboard under `/admin/queues`. It binds to loopback by default (ATELIER_ADMIN_HOST): the dashboard
 * can retry and remove jobs, so expose it only behind an authenticating proxy.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import { type Metrics, metricsHandler } from "../metrics.js";
import { DASHBOARD_PATH, type DashboardHandler } from "./bull-board.js";

/** A listening admin server. */
export interface AdminServer {
  readonly server: Server;
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly url: string;
  /** Stop accepting connections and close idle ones; resolves when the server is closed. */
  close(): Promise<void>;
}

/** Start the admin server on `host:port` (port 0: any free port). */
export async function startAdminServer({
  host,
  port,
  metrics,
  dashboard,
  logger,
}: {
  host: string;
  port: number;
  metrics: Metrics;
  /** Omit to serve without the dashboard (e.g. the crank). */
  dashboard?: DashboardHandler;
  logger: Logger;
}): Promise<AdminServer> {
  const serveMetrics = metricsHandler({ metrics });
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    if (req.method === "GET" && path === "/metrics") {
      void serveMetrics(req, res);
      return;
    }
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}\n');
      return;
    }
    if (dashboard !== undefined && (path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`))) {
      req.url = (req.url ?? "").slice(DASHBOARD_PATH.length) || "/";
      dashboard(req, res, (error) => {
        if (error !== undefined) logger.error({ err: error }, "dashboard request failed");
        if (!res.headersSent) res.writeHead(error === undefined ? 404 : 500, { "Content-Type": "text/plain" }).end("not found\n");
      });
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  logger.info({ url, dashboard: dashboard === undefined ? undefined : `${url}${DASHBOARD_PATH}` }, "admin server listening");
  return {
    server,
    port: bound,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeIdleConnections();
      }),
  };
}
