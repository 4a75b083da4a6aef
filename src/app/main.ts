// `npm start`: runs the app with Probot's server. Without APP_ID/PRIVATE_KEY, Probot serves its
// setup page, which registers the GitHub App from app.yml.
import { run } from "probot";
import { readOperatorConfig } from "../config/operator-config.js";
import { ReviewQueue } from "../queue/review-queue.js";
import { createApp } from "./index.js";

const operator = readOperatorConfig();
const queue = new ReviewQueue({ concurrency: operator.PRODGAP_CONCURRENCY });
const server = await run(createApp({ operator, queue, defaultMetrics: true }));

// Probot's own SIGINT handler exits at once; replace it so running reviews complete their checks.
process.removeAllListeners("SIGINT");
let stopping = false;
const shutdown = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`prodgap: ${signal} received; finishing running reviews (up to ${operator.PRODGAP_SHUTDOWN_GRACE_MS} ms)\n`);
  await queue.shutdown(operator.PRODGAP_SHUTDOWN_GRACE_MS);
  await server.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
