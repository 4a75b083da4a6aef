// Builds the PullRequestSnapshot the review core consumes, from the GitHub API.
import type { RepoConfig } from "../config/repo-config.js";
import { buildChangedFile } from "../review/changed-file.js";
import { pathSkipReason, screenBytes } from "../review/file-screening.js";
import type { ChangedFile, FileStatus, PullRequestSnapshot } from "../review/types.js";
import type { GitHubClient, PullRequestRef } from "./client.js";
import { mapLimited } from "../util/map-limited.js";
import { testSignalOf } from "../analysis/test-paths.js";

/** GitHub's listFiles never returns more than this many files. */
export const LIST_FILES_LIMIT = 3000;
const CONTENT_FETCH_CONCURRENCY = 6;

function statusOf(status: string): FileStatus {
  switch (status) {
    case "added":
      return "added";
    case "removed":
      return "removed";
    case "renamed":
      return "renamed";
    default:
      return "modified"; // modified, changed, copied, unchanged
  }
}

interface ListedFile {
  filename: string;
  status: string;
  patch?: string | undefined;
  previous_filename?: string | undefined;
  sha?: string | null | undefined;
}

export async function buildSnapshotFromGitHub(octokit: GitHubClient, ref: PullRequestRef, config: RepoConfig, signal?: AbortSignal): Promise<PullRequestSnapshot> {
  const notes: string[] = [];
  const listed: ListedFile[] = await octokit.paginate(octokit.rest.pulls.listFiles, {
    owner: ref.owner,
    repo: ref.repo,
    pull_number: ref.number,
    per_page: 100,
    request: { signal },
  });
  if (ref.changedFiles !== undefined && ref.changedFiles > listed.length) {
    notes.push(`GitHub lists at most ${LIST_FILES_LIMIT} changed files; ${ref.changedFiles - listed.length} of ${ref.changedFiles} files were not reviewed.`);
  }

  const skipped: Record<string, string[]> = {};
  const skip = (reason: string, path: string): void => {
    (skipped[reason] ??= []).push(path);
  };

  let toFetch = 0;
  const plans = listed.map((file) => {
    const base = {
      path: file.filename,
      status: statusOf(file.status),
      ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
    };
    if (base.status === "removed") return { base, fetch: false as const };
    const pathReason = pathSkipReason(file.filename, config);
    if (pathReason) return { base, fetch: false as const, skipReason: pathReason };
    if (file.patch === undefined) {
      // GitHub leaves out the patch for binary files and diffs that are too large.
      return { base, fetch: false as const, skipReason: "no diff from GitHub (binary or too large a diff)" };
    }
    if (toFetch >= config.review.maxFiles) {
      return { base, fetch: false as const, skipReason: `over the \`review.maxFiles\` limit of ${config.review.maxFiles}` };
    }
    toFetch++;
    return { base, fetch: true as const, patch: file.patch, sha: file.sha ?? undefined };
  });

  const files: ChangedFile[] = await mapLimited(plans, CONTENT_FETCH_CONCURRENCY, async (plan) => {
    if (!plan.fetch) {
      if (plan.skipReason) skip(plan.skipReason, plan.base.path);
      return buildChangedFile({ ...plan.base, ...(plan.skipReason ? { skipReason: plan.skipReason } : {}) });
    }
    signal?.throwIfAborted();
    let bytes: Uint8Array;
    try {
      bytes = await fetchHeadContent(octokit, ref, plan.base.path, plan.sha, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      // One unreadable file is skipped and named; it does not sink the review of the others.
      skip("could not read its content from GitHub", plan.base.path);
      return buildChangedFile({ ...plan.base, patch: plan.patch, skipReason: `could not read its content: ${(error as Error).message}` });
    }
    const screened = screenBytes(bytes, config);
    if ("skipReason" in screened) {
      skip(screened.skipReason, plan.base.path);
      return buildChangedFile({ ...plan.base, patch: plan.patch, skipReason: screened.skipReason });
    }
    return buildChangedFile({ ...plan.base, patch: plan.patch, content: screened.text });
  });

  for (const [reason, paths] of Object.entries(skipped)) {
    const shown = paths.slice(0, 5).map((path) => `\`${path}\``).join(", ");
    const more = paths.length > 5 ? ` and ${paths.length - 5} more` : "";
    notes.push(`Skipped ${paths.length} file${paths.length === 1 ? "" : "s"} (${reason}): ${shown}${more}.`);
  }

  const testSignal = await repoTestSignal(octokit, ref, signal);
  return {
    ...testSignal,
    repo: { owner: ref.owner, name: ref.repo },
    number: ref.number,
    title: ref.title,
    body: ref.body,
    baseSha: ref.baseSha,
    headSha: ref.headSha,
    files,
    mode: "review",
    notes,
  };
}

/** Head content by blob SHA (one JSON call, works for fork PRs), falling back to the path at the head commit. */
async function fetchHeadContent(octokit: GitHubClient, ref: PullRequestRef, path: string, blobSha: string | undefined, signal?: AbortSignal): Promise<Uint8Array> {
  let blobError: unknown;
  if (blobSha) {
    try {
      const blob = await octokit.rest.git.getBlob({ owner: ref.owner, repo: ref.repo, file_sha: blobSha, request: { signal } });
      return Buffer.from(blob.data.content, blob.data.encoding === "base64" ? "base64" : "utf8");
    } catch (error) {
      if (signal?.aborted) throw error;
      blobError = error;
    }
  }
  try {
    const file = await octokit.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, ref: ref.headSha, request: { signal } });
    if (Array.isArray(file.data) || file.data.type !== "file" || !("content" in file.data)) throw new Error("not a regular file");
    return Buffer.from(file.data.content, "base64");
  } catch (error) {
    const blobPart = blobError ? `blob ${blobSha?.slice(0, 7)}: ${(blobError as Error).message}; ` : "";
    throw new Error(`${blobPart}contents of \`${path}\` at ${ref.headSha.slice(0, 7)}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * How many test files the head tree holds, so the missing-tests rule stays silent in repositories
 * without tests. One recursive tree call; a truncated tree still counts what it lists. Unknown
 * (undefined) when the call fails: that is advice lost, never a review failed.
 */
async function repoTestSignal(octokit: GitHubClient, ref: PullRequestRef, signal?: AbortSignal): Promise<{ repoTestFiles?: number; repoTestPaths?: string[] }> {
  try {
    const tree = await octokit.rest.git.getTree({ owner: ref.owner, repo: ref.repo, tree_sha: ref.headSha, recursive: "true", request: { signal } });
    const paths = tree.data.tree.filter((entry) => entry.type === "blob" && entry.path !== undefined).map((entry) => entry.path as string);
    return testSignalOf(paths);
  } catch (error) {
    if (signal?.aborted) throw error;
    return {};
  }
}
