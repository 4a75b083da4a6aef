// One review, from config to completed check run. Whatever happens inside, the check run for this
// head SHA is completed: a required check that never completes blocks merges forever.
import type { Logger } from "probot";
import type { Rule } from "../analysis/rule.js";
import { defaultRepoConfig, type RepoConfig } from "../config/repo-config.js";
import type { OperatorConfig } from "../config/operator-config.js";
import { completeCheckRun, type CompleteCheckRunInput } from "../github/check-run.js";
import type { GitHubClient, PullRequestRef } from "../github/client.js";
import { loadRepoConfig } from "../github/repo-config.js";
import { planInlineComments, postedFingerprints, postReview } from "../github/review-comments.js";
import { buildSnapshotFromGitHub } from "../github/snapshot.js";
import { ReviewAborted } from "../queue/review-queue.js";
import { renderMarkdownSummary, renderTitle } from "../review/render/markdown.js";
import { reviewSnapshot } from "../review/review.js";
import type { ReviewResult } from "../review/types.js";
import type { ReviewMetrics } from "./metrics.js";

export interface ReviewJobInput {
  octokit: GitHubClient;
  log: Logger;
  ref: PullRequestRef;
  checkRunId: number;
  /** Aborted when a newer push supersedes this one or the process shuts down. */
  signal: AbortSignal;
  operator: OperatorConfig;
  metrics?: ReviewMetrics;
  /** The rules to run; all registered rules by default. */
  rules?: readonly Rule[];
}

export type JobOutcome = CompleteCheckRunInput["conclusion"] | "incomplete";

/** Maps an abort reason to our error type; AbortSignal.timeout() aborts with a DOMException. */
function abortReason(signal: AbortSignal, timeoutMs: number): ReviewAborted | undefined {
  if (!signal.aborted) return undefined;
  if (signal.reason instanceof ReviewAborted) return signal.reason;
  return new ReviewAborted("timeout", `The review did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`);
}

export async function runReviewJob(input: ReviewJobInput): Promise<JobOutcome> {
  const { octokit, ref, checkRunId, operator } = input;
  const log = input.log.child({ repo: `${ref.owner}/${ref.repo}`, pr: ref.number, sha: ref.headSha, checkRunId });
  const signal = AbortSignal.any([input.signal, AbortSignal.timeout(operator.PRODGAP_JOB_TIMEOUT_MS)]);
  const started = performance.now();
  let config: RepoConfig = defaultRepoConfig();

  const complete = async (completion: CompleteCheckRunInput): Promise<JobOutcome> => {
    await completeCheckRun(octokit, ref, checkRunId, { maxAnnotations: operator.PRODGAP_MAX_ANNOTATIONS, ...completion });
    input.metrics?.reviewCompleted(completion.conclusion, (performance.now() - started) / 1000);
    return completion.conclusion;
  };

  try {
    signal.throwIfAborted();
    const loaded = await loadRepoConfig(octokit, ref.owner, ref.repo);
    config = loaded.config;
    if (loaded.error) log.warn({ configSource: loaded.source }, `repository config rejected: ${loaded.error}`);

    if (ref.draft && !config.review.drafts) {
      return await complete({
        conclusion: "neutral",
        output: {
          title: "Draft pull request: review deferred",
          summary: "prodgap reviews this pull request once it is marked ready for review. Set `review.drafts: true` in `.github/prodgap.yml` to review drafts too.",
        },
      });
    }

    const snapshot = await buildSnapshotFromGitHub(octokit, ref, config, signal);
    if (loaded.error) {
      snapshot.notes.unshift(`**Configuration not applied:** ${loaded.error}. This review used the default configuration; fix the file on the default branch.`);
    }
    const result = await reviewSnapshot(snapshot, { config, signal, ...(input.rules ? { rules: input.rules } : {}) });
    signal.throwIfAborted();
    await publishInlineComments(input, result, snapshot.files, signal, log);
    signal.throwIfAborted();

    input.metrics?.findingsReported(result.findings);
    log.info(
      { conclusion: result.gate.conclusion, findings: result.findings.length, filesAnalyzed: result.stats.filesAnalyzed, staticMs: result.stats.durationMs.static },
      "review completed",
    );
    return await complete({
      conclusion: result.gate.conclusion,
      output: { title: renderTitle(result), summary: renderMarkdownSummary(result) },
      findings: result.findings,
    });
  } catch (error) {
    const aborted = abortReason(signal, operator.PRODGAP_JOB_TIMEOUT_MS);
    const conclusion = aborted && aborted.kind !== "timeout" ? "neutral" : config.gate.onError;
    const title = aborted ? aborted.message : "The review could not be completed";
    const summary = aborted
      ? `${aborted.message}\n\nThis check did not review the pull request; it is completed so that it never blocks a merge while waiting.`
      : `prodgap failed while reviewing this pull request: ${(error as Error).message}\n\nThe check is completed as \`${conclusion}\` because \`gate.onError\` is \`${config.gate.onError}\`. Push again or re-run the check to retry.`;
    if (aborted) log.info({ reason: aborted.kind }, "review stopped");
    else log.error({ err: error }, "review failed");
    try {
      return await complete({ conclusion, output: { title: title.slice(0, 200), summary } });
    } catch (completionError) {
      log.error({ err: completionError }, "could not complete the check run; it stays in progress until the next push or re-run");
      return "incomplete";
    }
  }
}

async function publishInlineComments(input: ReviewJobInput, result: ReviewResult, files: Parameters<typeof planInlineComments>[1], signal: AbortSignal, log: Logger): Promise<void> {
  if (!result.config.comments.enabled) return;
  try {
    const posted = await postedFingerprints(input.octokit, input.ref, signal);
    const plan = planInlineComments(result.findings, files, result.config, posted);
    const summaryLine = `prodgap found ${result.findings.length} production gap${result.findings.length === 1 ? "" : "s"} in this push; ${result.gate.reason}`;
    const outcome = await postReview(input.octokit, input.ref, plan.comments, summaryLine);
    if (outcome.fallback) result.notes.push(outcome.fallback);
    if (plan.alreadyPosted > 0) result.notes.push(`${plan.alreadyPosted} finding${plan.alreadyPosted === 1 ? " was" : "s were"} already commented on in an earlier push and ${plan.alreadyPosted === 1 ? "was" : "were"} not repeated.`);
    if (plan.overCap > 0) result.notes.push(`${plan.overCap} more finding${plan.overCap === 1 ? "" : "s"} did not get an inline comment (\`comments.max\` is ${result.config.comments.max}); all are listed in this check's annotations.`);
    if (plan.outsideDiff > 0) result.notes.push(`${plan.outsideDiff} finding${plan.outsideDiff === 1 ? "" : "s"} lie outside the diff hunks and appear only as annotations.`);
    log.info({ inlineComments: outcome.posted }, "review comments posted");
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn({ err: error }, "inline comments could not be posted");
    result.notes.push(`Inline comments could not be posted (${(error as Error).message}); the findings are in this check's annotations.`);
  }
}
