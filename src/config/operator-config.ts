// The operator's configuration, from the environment only: a repository can never set these.
import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const operatorConfigSchema = z.object({
  /** Reviews running at once in this process. */
  PRODGAP_CONCURRENCY: positiveInt(2),
  /** A review still running after this long is stopped and its check completed as an error. */
  PRODGAP_JOB_TIMEOUT_MS: positiveInt(10 * 60_000),
  /** On SIGTERM, how long running reviews get to finish before their checks are completed as interrupted. */
  PRODGAP_SHUTDOWN_GRACE_MS: positiveInt(25_000),
  /** Check-run annotations per review at most (GitHub takes 50 per request; each is one write). */
  PRODGAP_MAX_ANNOTATIONS: positiveInt(500),
});

export type OperatorConfig = z.infer<typeof operatorConfigSchema>;

export function readOperatorConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  const result = operatorConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid prodgap environment configuration: ${problems}`);
  }
  return result.data;
}
