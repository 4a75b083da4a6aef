// Operational routes beside Probot's webhook path: /healthz (alive), /readyz (taking work), /metrics.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReviewQueue } from "../queue/review-queue.js";
import type { ReviewMetrics } from "./metrics.js";

export function operationalRoutes(queue: ReviewQueue, metrics: ReviewMetrics) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
      return true;
    }
    if (path === "/readyz") {
      const ready = !queue.closed;
      res
        .writeHead(ready ? 200 : 503, { "content-type": "application/json" })
        .end(JSON.stringify({ status: ready ? "ready" : "shutting down", waiting: queue.waiting, running: queue.running }));
      return true;
    }
    if (path === "/metrics") {
      res.writeHead(200, { "content-type": metrics.registry.contentType }).end(await metrics.registry.metrics());
      return true;
    }
    return false;
  };
}
