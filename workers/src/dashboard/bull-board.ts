/**
 * The bull-board dashboard for the pipeline's queues, as a plain node request handler (bull-board's
 * express adapter is itself an express app) mounted by the admin server under {@link DASHBOARD_PATH}.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";

/** URL path of the dashboard on the admin server. */
export const DASHBOARD_PATH = "/admin/queues";

/** A node request handler serving the dashboard; `req.url` must already be relative to the mount. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Build the dashboard listing `queues`. `readOnly` hides retry/remove/clean actions. */
export function createDashboard({ queues, readOnly = false }: { queues: readonly Queue[]; readOnly?: boolean }): DashboardHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: readOnly, allowRetries: !readOnly })),
    // @bull-board/express pins its own copy of @bull-board/api: same shape, separate declarations.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]["serverAdapter"],
    options: { uiConfig: { boardTitle: "Atelier queues" } },
  });
  return serverAdapter.getRouter() as DashboardHandler;
}
