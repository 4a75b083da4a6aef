// Webhook handlers. Each one only creates the `prodgap` check run and enqueues the job: Probot
// waits for handlers before answering, and GitHub gives up after 10 s and never redelivers.
import type { Context, Logger, Probot } from "probot";
import type { Rule } from "../analysis/rule.js";
import type { OperatorConfig } from "../config/operator-config.js";
import { CHECK_NAME, completeCheckRun, createCheckRun } from "../github/check-run.js";
import { prKey, prNumberFromExternalId, type GitHubClient, type PullRequestRef } from "../github/client.js";
import type { ReviewQueue } from "../queue/review-queue.js";
import type { ReviewMetrics } from "./metrics.js";
import { runReviewJob } from "./review-job.js";

export interface HandlerDependencies {
  queue: ReviewQueue;
  operator: OperatorConfig;
  metrics: ReviewMetrics;
  rules?: readonly Rule[];
}

const PULL_REQUEST_EVENTS = ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"] as const;

interface PullRequestPayload {
  number: number;
  title: string;
  body?: string | null;
  draft?: boolean;
  state: string;
  changed_files?: number;
  head: { sha: string };
  base: { sha: string };
}

function refOf(owner: string, repo: string, pr: PullRequestPayload): PullRequestRef {
  return {
    owner,
    repo,
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    title: pr.title,
    body: pr.body ?? "",
    draft: pr.draft ?? false,
    ...(pr.changed_files !== undefined ? { changedFiles: pr.changed_files } : {}),
  };
}

/** Claims the PR head, creates the in-progress check run and enqueues the review. */
async function acceptReview(deps: HandlerDependencies, octokit: GitHubClient, eventLog: Logger, ref: PullRequestRef, event: string): Promise<void> {
  const log = eventLog.child({ repo: `${ref.owner}/${ref.repo}`, pr: ref.number, sha: ref.headSha });
  const slot = deps.queue.claim(prKey(ref), ref.headSha);
  if (!slot) {
    // Failing the delivery while shutting down leaves it visible for redelivery in GitHub's log.
    if (deps.queue.closed) throw new Error(`prodgap is shutting down; ${event} for ${prKey(ref)} was not accepted (redeliver it once the app is back)`);
    log.info({ event }, "this head is already queued or under review; duplicate delivery ignored");
    return;
  }
  let checkRunId: number;
  try {
    checkRunId = await createCheckRun(octokit, ref);
  } catch (error) {
    deps.queue.release(slot);
    throw new Error(`could not create the ${CHECK_NAME} check run for ${prKey(ref)}@${ref.headSha.slice(0, 7)}: ${(error as Error).message}`, { cause: error });
  }
  deps.metrics.webhookAccepted(event);
  log.info({ event, checkRunId }, "review queued");
  deps.queue.run(slot, async (signal) => {
    await runReviewJob({ octokit, log, ref, checkRunId, signal, operator: deps.operator, metrics: deps.metrics, ...(deps.rules ? { rules: deps.rules } : {}) });
  });
}

export function registerHandlers(app: Probot, deps: HandlerDependencies): void {
  app.on([...PULL_REQUEST_EVENTS], async (context) => {
    const { repository, pull_request: pr } = context.payload;
    await acceptReview(deps, context.octokit, context.log, refOf(repository.owner.login, repository.name, pr), `${context.name}.${context.payload.action}`);
  });

  app.on("pull_request.closed", async (context) => {
    const { repository, pull_request: pr } = context.payload;
    const key = prKey({ owner: repository.owner.login, repo: repository.name, number: pr.number });
    if (deps.queue.cancel(key, `Pull request #${pr.number} was closed before the review finished.`)) {
      context.log.info({ pr: pr.number }, "pull request closed; its review was stopped");
    }
  });

  app.on("check_run.rerequested", async (context: Context<"check_run.rerequested">) => {
    const run = context.payload.check_run;
    if (run.name !== CHECK_NAME) return;
    const owner = context.payload.repository.owner.login;
    const repo = context.payload.repository.name;
    // Fork PRs arrive with an empty pull_requests list; the number is in our external_id.
    const number = run.pull_requests[0]?.number ?? prNumberFromExternalId(run.external_id);
    if (number === undefined) {
      context.log.warn({ checkRunId: run.id }, "re-run requested for a check run without a pull request; ignored");
      return;
    }
    const { data: pr } = await context.octokit.rest.pulls.get({ owner, repo, pull_number: number });
    const ref = refOf(owner, repo, { ...pr, draft: pr.draft ?? false });
    if (pr.state !== "open" || pr.head.sha !== run.head_sha) {
      // Only the current head of an open PR can be reviewed; still answer the re-run with a completed check.
      const stale: PullRequestRef = { ...ref, headSha: run.head_sha };
      const checkRunId = await createCheckRun(context.octokit, stale);
      await completeCheckRun(context.octokit, stale, checkRunId, {
        conclusion: "neutral",
        output: {
          title: pr.state !== "open" ? "Pull request is closed: nothing to review" : "This commit is no longer the head of the pull request",
          summary: pr.state !== "open" ? `#${number} is ${pr.state}.` : `The head of #${number} is now ${pr.head.sha.slice(0, 7)}; that commit is reviewed instead.`,
        },
      });
      return;
    }
    await acceptReview(deps, context.octokit, context.log, ref, "check_run.rerequested");
  });
}
