// The `prodgap` check run: created in_progress when the event arrives, completed for every head SHA.
// The name is the contract with branch protection: never change it.
import { annotationFor, ANNOTATIONS_PER_REQUEST, inBatches } from "./annotations.js";
import { externalIdFor, type GitHubClient, type PullRequestRef } from "./client.js";
import type { Conclusion, Finding } from "../review/types.js";
import { sanitizeForGitHub } from "./sanitize.js";

export const CHECK_NAME = "prodgap";
/** GitHub caps summary and text at 65,535 characters. */
export const SUMMARY_LIMIT = 65_000;

export interface CheckOutput {
  title: string;
  summary: string;
}

export async function createCheckRun(octokit: GitHubClient, ref: PullRequestRef, title = "Review queued"): Promise<number> {
  const response = await octokit.rest.checks.create({
    owner: ref.owner,
    repo: ref.repo,
    name: CHECK_NAME,
    head_sha: ref.headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
    external_id: externalIdFor(ref),
    output: { title, summary: "prodgap is reviewing this pull request for production gaps." },
  });
  return response.data.id;
}

export interface CompleteCheckRunInput {
  conclusion: Conclusion | "cancelled";
  output: CheckOutput;
  findings?: readonly Finding[];
  /** Annotations beyond this many are left out (each batch of 50 is one write request). */
  maxAnnotations?: number;
}

/**
 * Sends annotations in batches of 50 while the run is still in progress, then completes it with
 * the last batch, so that the conclusion is only visible once every annotation is in place.
 */
export async function completeCheckRun(octokit: GitHubClient, ref: PullRequestRef, checkRunId: number, input: CompleteCheckRunInput): Promise<void> {
  const annotations = (input.findings ?? []).slice(0, input.maxAnnotations ?? 500).map(annotationFor);
  const batches = inBatches(annotations, ANNOTATIONS_PER_REQUEST);
  const output = {
    title: sanitizeForGitHub(input.output.title, 1000),
    summary: sanitizeForGitHub(input.output.summary, SUMMARY_LIMIT),
  };
  for (const batch of batches.slice(0, -1)) {
    await octokit.rest.checks.update({
      owner: ref.owner,
      repo: ref.repo,
      check_run_id: checkRunId,
      output: { ...output, annotations: batch },
    });
  }
  await octokit.rest.checks.update({
    owner: ref.owner,
    repo: ref.repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: input.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...output, ...(batches.length > 0 ? { annotations: batches[batches.length - 1] } : {}) },
  });
}
