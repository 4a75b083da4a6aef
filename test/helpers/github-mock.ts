// nock-intercepted GitHub for end-to-end tests: serves a pull request's files and records every write.
import { createHash } from "node:crypto";
import nock from "nock";
import { INSTALLATION_ID, OWNER, REPO } from "./payloads.js";

export interface PrFile {
  filename: string;
  status?: "added" | "modified" | "removed" | "renamed";
  /** Head content; the patch is derived from `patch` or, when absent, adds every line. */
  content: string;
  patch?: string | null;
  /** Neither the blob nor the contents API can serve it. */
  unreadable?: boolean;
}

export interface GitHubRecord {
  checkCreates: Array<Record<string, unknown> & { id: number }>;
  checkUpdates: Array<Record<string, unknown> & { id: number }>;
  reviews: Array<Record<string, unknown>>;
  /** Every request GitHub received, as "METHOD path". */
  requests: string[];
  /** Review comments now on the PR (seeded plus posted). */
  comments: Array<{ body: string }>;
}

/** The updates of one check run; the last one completes it. */
export function updatesOf(record: GitHubRecord, id: number): Array<Record<string, unknown>> {
  return record.checkUpdates.filter((update) => update.id === id);
}

export function completionOf(record: GitHubRecord, id: number): Record<string, unknown> | undefined {
  return updatesOf(record, id).find((update) => update.status === "completed");
}

export interface MockOptions {
  baseUrl?: string;
  number?: number;
  files: PrFile[];
  /** YAML of .github/prodgap.yml on the default branch; undefined means none. */
  config?: string;
  /** Bodies of review comments already on the PR, by our bot. */
  existingCommentBodies?: string[];
  /** Test files elsewhere in the head tree (the repository's test convention). */
  repoTestPaths?: string[];
  /** Status to answer the first createReview with (e.g. 500 or 422). */
  reviewStatus?: number;
  /** Status to answer listFiles with (e.g. 500). */
  listFilesStatus?: number;
  /** Hold every listFiles answer until `release()` is called, to keep a review running deterministically. */
  holdListFiles?: boolean;
  /** Status to answer the first check-run update with. */
  firstCheckUpdateStatus?: number;
}

export function blobSha(content: string): string {
  return createHash("sha1").update(`blob ${Buffer.byteLength(content)}\0${content}`).digest("hex");
}

export function wholeFilePatch(content: string): string {
  const lines = content.replace(/\n$/, "").split("\n");
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join("\n");
}

export function mockGitHub(options: MockOptions): { scope: nock.Scope; record: GitHubRecord; release: () => void } {
  const base = options.baseUrl ?? "https://api.github.com";
  const number = options.number ?? 7;
  const record: GitHubRecord = { checkCreates: [], checkUpdates: [], reviews: [], requests: [], comments: (options.existingCommentBodies ?? []).map((body) => ({ body })) };
  const repoPath = `/repos/${OWNER}/${REPO}`;
  let checkRuns = 0;
  let release: () => void = () => undefined;
  const released = options.holdListFiles ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  let updates = 0;

  const scope = nock(base)
    .persist()
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {} })
    .post(`${repoPath}/check-runs`)
    .reply(201, (_uri, body) => {
      const id = 100 + ++checkRuns;
      record.checkCreates.push({ ...(body as Record<string, unknown>), id });
      return { id };
    })
    .patch(new RegExp(`${repoPath}/check-runs/\\d+$`))
    .reply((uri, body) => {
      updates++;
      if (updates === 1 && options.firstCheckUpdateStatus) return [options.firstCheckUpdateStatus, { message: "Server Error" }];
      const id = Number(uri.slice(uri.lastIndexOf("/") + 1));
      record.checkUpdates.push({ ...(body as Record<string, unknown>), id });
      return [200, { id }];
    })
    .get(`${repoPath}/contents/.github%2Fprodgap.yml`)
    .reply(() => (options.config === undefined ? [404, { message: "Not Found" }] : [200, options.config]))
    .get(`/repos/${OWNER}/.github/contents/.github%2Fprodgap.yml`)
    .reply(404, { message: "Not Found" })
    .get(`${repoPath}/pulls/${number}/files`)
    .query(true)
    .reply((_uri, _body, callback) => {
      const answer = (): nock.ReplyFnResult =>
        options.listFilesStatus
          ? [options.listFilesStatus, { message: "Server Error" }]
          : [
              200,
              options.files.map((file) => ({
                filename: file.filename,
                status: file.status ?? "added",
                sha: blobSha(file.content),
                additions: 1,
                deletions: 0,
                changes: 1,
                ...(file.patch === null ? {} : { patch: file.patch ?? wholeFilePatch(file.content) }),
              })),
            ];
      void released.then(() => callback(null, answer()));
    })
    .get(/\/git\/blobs\/[0-9a-f]{40}$/)
    .reply((uri) => {
      const sha = uri.slice(uri.lastIndexOf("/") + 1);
      const file = options.files.find((candidate) => blobSha(candidate.content) === sha && !candidate.unreadable);
      return file
        ? [200, { sha, size: Buffer.byteLength(file.content), encoding: "base64", content: Buffer.from(file.content).toString("base64") }]
        : [404, { message: "Not Found" }];
    })
    .get(new RegExp(`${repoPath}/git/trees/[0-9a-f]{40}\\?recursive=true$`))
    .reply(200, { truncated: false, tree: [...options.files.map((file) => ({ path: file.filename, type: "blob" })), ...(options.repoTestPaths ?? []).map((path) => ({ path, type: "blob" }))] })
    .get(`${repoPath}/pulls/${number}/comments`)
    .query(true)
    .reply(() => [200, record.comments.map((comment, index) => ({ id: index + 1, body: comment.body, user: { login: "prodgap[bot]", type: "Bot" } }))])
    .get(`${repoPath}/pulls/${number}/reviews`)
    .query(true)
    .reply(200, [])
    .post(`${repoPath}/pulls/${number}/reviews`)
    .reply((_uri, body) => {
      const review = body as { comments?: Array<{ body: string }> };
      record.reviews.push(body as Record<string, unknown>);
      if (options.reviewStatus && record.reviews.length === 1) return [options.reviewStatus, { message: "failure injected by test" }];
      for (const comment of review.comments ?? []) record.comments.push({ body: comment.body });
      return [200, { id: record.reviews.length }];
    });
  scope.on("request", (request: { method: string; path: string }) => {
    record.requests.push(`${request.method} ${request.path}`);
  });
  return { scope, record, release: () => release() };
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
