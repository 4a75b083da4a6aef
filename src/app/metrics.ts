// Prometheus metrics for /metrics. One registry per app instance, so tests can run several apps.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Finding } from "../review/types.js";
import type { ReviewQueue } from "../queue/review-queue.js";

export interface ReviewMetrics {
  registry: Registry;
  reviewCompleted(conclusion: string, seconds: number): void;
  findingsReported(findings: readonly Finding[]): void;
  webhookAccepted(event: string): void;
}

export function createMetrics(queue: ReviewQueue, options: { defaultMetrics?: boolean } = {}): ReviewMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: "prodgap_" });
  const reviews = new Counter({ name: "prodgap_reviews_total", help: "Reviews completed, by check conclusion.", labelNames: ["conclusion"], registers: [registry] });
  const duration = new Histogram({
    name: "prodgap_review_duration_seconds",
    help: "Time from job start to completed check run.",
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const findings = new Counter({ name: "prodgap_findings_total", help: "Findings reported, by severity.", labelNames: ["severity"], registers: [registry] });
  const webhooks = new Counter({ name: "prodgap_webhooks_accepted_total", help: "Webhook events that started a review.", labelNames: ["event"], registers: [registry] });
  new Gauge({
    name: "prodgap_queue_jobs",
    help: "Review jobs in the in-process queue, by state.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      this.set({ state: "waiting" }, queue.waiting);
      this.set({ state: "running" }, queue.running);
    },
  });
  return {
    registry,
    reviewCompleted(conclusion, seconds) {
      reviews.inc({ conclusion });
      duration.observe(seconds);
    },
    findingsReported(list) {
      for (const finding of list) findings.inc({ severity: finding.severity });
    },
    webhookAccepted(event) {
      webhooks.inc({ event });
    },
  };
}
