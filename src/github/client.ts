// The GitHub side of the seam: the Octokit type we use and how a pull request is identified.
import type { ProbotOctokit } from "probot";

export type GitHubClient = ProbotOctokit;

/** What a review job needs to know about the pull request; never holds a token. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
  title: string;
  body: string;
  draft: boolean;
  /** Files the PR reports changing; listFiles stops at 3000, so this tells us what we missed. */
  changedFiles?: number;
}

export function prKey(ref: Pick<PullRequestRef, "owner" | "repo" | "number">): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}

/** The check run's external_id carries the PR number: fork PRs arrive with empty `pull_requests`. */
export function externalIdFor(ref: Pick<PullRequestRef, "number">): string {
  return `pr:${ref.number}`;
}

export function prNumberFromExternalId(externalId: string | null | undefined): number | undefined {
  const match = /^pr:(\d+)$/.exec(externalId ?? "");
  return match ? Number(match[1]) : undefined;
}

/** The HTTP status of an Octokit RequestError, if it is one. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") return error.status;
  return undefined;
}
