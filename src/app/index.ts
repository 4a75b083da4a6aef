// The Probot application: handlers for pull requests and re-runs, plus operational routes.
import type { ApplicationFunction } from "probot";
import type { Rule } from "../analysis/rule.js";
import { readOperatorConfig, type OperatorConfig } from "../config/operator-config.js";
import { ReviewQueue } from "../queue/review-queue.js";
import { registerHandlers } from "./handlers.js";
import { createMetrics } from "./metrics.js";
import { operationalRoutes } from "./routes.js";

export interface AppOptions {
  operator?: OperatorConfig;
  queue?: ReviewQueue;
  /** The rules to run; all registered rules by default (tests inject failing rules here). */
  rules?: readonly Rule[];
  defaultMetrics?: boolean;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app, { addHandler }) => {
    const operator = options.operator ?? readOperatorConfig();
    const queue = options.queue ?? new ReviewQueue({ concurrency: operator.PRODGAP_CONCURRENCY });
    const metrics = createMetrics(queue, { defaultMetrics: options.defaultMetrics ?? false });
    registerHandlers(app, { queue, operator, metrics, ...(options.rules ? { rules: options.rules } : {}) });
    addHandler(operationalRoutes(queue, metrics));
    app.log.info({ concurrency: operator.PRODGAP_CONCURRENCY }, "prodgap is ready to review pull requests");
  };
}

export default createApp();
