// Posts one COMMENT review per head SHA with inline comments on added lines, never repeating a
// finding already commented on this PR, and never letting one bad line sink the whole review.
import type { RepoConfig } from "../config/repo-config.js";
import { atLeast, type ChangedFile, type Finding } from "../review/types.js";
import { httpStatusOf, type GitHubClient, type PullRequestRef } from "./client.js";
import { commentBody, fingerprintsIn } from "./comment-body.js";
import { sanitizeForGitHub } from "./sanitize.js";

export interface ReviewComment {
  path: string;
  line: number;
  start_line?: number;
  side: "RIGHT";
  start_side?: "RIGHT";
  body: string;
}

export interface InlinePlan {
  comments: ReviewComment[];
  /** Findings already commented on by an earlier push or delivery. */
  alreadyPosted: number;
  /** Findings eligible for a comment but over `comments.max`. */
  overCap: number;
  /** Findings whose lines GitHub would not accept (outside the diff hunks). */
  outsideDiff: number;
}

/** Fingerprints of the comments this app already left on the PR. */
export async function postedFingerprints(octokit: GitHubClient, ref: PullRequestRef, signal?: AbortSignal): Promise<Set<string>> {
  // A 404 for a pull request that exists means "no comments"; any other failure stops the posting,
  // since posting without knowing what is there would repeat comments.
  const comments = await octokit
    .paginate(octokit.rest.pulls.listReviewComments, { owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: 100, request: { signal } })
    .catch((error: unknown) => {
      if (httpStatusOf(error) === 404) return [];
      throw error;
    });
  // Review bodies too: when GitHub refused inline comments, the findings went into the body.
  // Secondary: a failure here loses only the (rare) fallback bodies, not the comments themselves.
  const reviews = await octokit
    .paginate(octokit.rest.pulls.listReviews, { owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: 100, request: { signal } })
    .catch((error: unknown) => {
      if (signal?.aborted) throw error;
      return [];
    });
  const fingerprints = new Set<string>();
  for (const item of [...comments, ...reviews]) {
    if (item.user?.type !== "Bot") continue;
    for (const fingerprint of fingerprintsIn(item.body ?? "")) fingerprints.add(fingerprint);
  }
  return fingerprints;
}

function hunkIndexOf(file: ChangedFile, line: number): number {
  return file.hunks.findIndex((hunk) => line >= hunk.newStart && line < hunk.newStart + hunk.newLines);
}

/**
 * Where on the diff a finding can be commented: the whole range when it sits inside one hunk,
 * else the first added line of the range. Undefined when GitHub would reject every choice.
 */
export function anchorFor(finding: Finding, file: ChangedFile): { line: number; startLine?: number; wholeRange: boolean } | undefined {
  const hunk = hunkIndexOf(file, finding.line);
  const rangeCommentable = hunk >= 0 && hunk === hunkIndexOf(file, finding.endLine) && file.commentableLines.has(finding.line) && file.commentableLines.has(finding.endLine);
  if (rangeCommentable) {
    return finding.endLine > finding.line ? { line: finding.endLine, startLine: finding.line, wholeRange: true } : { line: finding.line, wholeRange: true };
  }
  for (let line = finding.line; line <= finding.endLine; line++) {
    if (file.addedLines.has(line) && file.commentableLines.has(line)) return { line, wholeRange: false };
  }
  return undefined;
}

export function planInlineComments(findings: readonly Finding[], files: readonly ChangedFile[], config: RepoConfig, posted: ReadonlySet<string>): InlinePlan {
  const plan: InlinePlan = { comments: [], alreadyPosted: 0, overCap: 0, outsideDiff: 0 };
  if (!config.comments.enabled) return plan;
  const byPath = new Map(files.map((file) => [file.path, file]));
  for (const finding of findings) {
    if (!atLeast(finding.severity, config.comments.minSeverity)) continue;
    if (posted.has(finding.fingerprint)) {
      plan.alreadyPosted++;
      continue;
    }
    const file = byPath.get(finding.path);
    const anchor = file ? anchorFor(finding, file) : undefined;
    if (!anchor) {
      plan.outsideDiff++;
      continue;
    }
    if (plan.comments.length >= config.comments.max) {
      plan.overCap++;
      continue;
    }
    plan.comments.push({
      path: finding.path,
      line: anchor.line,
      side: "RIGHT",
      ...(anchor.startLine !== undefined ? { start_line: anchor.startLine, start_side: "RIGHT" as const } : {}),
      // A suggestion replaces exactly the commented lines, so only offer it when they are the finding's.
      body: commentBody(finding, { withSuggestion: anchor.wholeRange }),
    });
  }
  return plan;
}

export interface PostReviewResult {
  posted: number;
  /** Set when GitHub refused the inline comments and they went into the review body instead. */
  fallback?: string;
}

export async function postReview(octokit: GitHubClient, ref: PullRequestRef, comments: readonly ReviewComment[], summaryLine: string): Promise<PostReviewResult> {
  if (comments.length === 0) return { posted: 0 };
  const body = sanitizeForGitHub(summaryLine);
  try {
    await octokit.rest.pulls.createReview({ owner: ref.owner, repo: ref.repo, pull_number: ref.number, commit_id: ref.headSha, event: "COMMENT", body, comments: [...comments] });
    return { posted: comments.length };
  } catch (error) {
    if (httpStatusOf(error) !== 422) throw error;
    // One unacceptable line makes GitHub reject the whole review; keep the findings in the body.
    const listed = comments.map((comment) => `---\n\`${comment.path}:${comment.line}\`\n\n${comment.body}`).join("\n\n");
    await octokit.rest.pulls.createReview({
      owner: ref.owner,
      repo: ref.repo,
      pull_number: ref.number,
      commit_id: ref.headSha,
      event: "COMMENT",
      body: `${body}\n\nGitHub did not accept these as inline comments, so they are listed here:\n\n${listed}`.slice(0, 65_000),
    });
    return { posted: comments.length, fallback: `GitHub refused the inline comments (${(error as Error).message}); they were posted in the review body.` };
  }
}
