// A small GitHub-compatible API on 127.0.0.1, served under /api/v3 as GitHub Enterprise is, so the
// app can be pointed at it with GHE_HOST/GHE_PROTOCOL exactly as a user would. It keeps state
// (check runs, reviews, comments) and, like GitHub, refuses a review whose comment lines are not in the diff.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parsePatch } from "../../src/diff/hunk.js";

export interface FakePullRequestFile {
  filename: string;
  status?: "added" | "modified" | "removed" | "renamed";
  content: string;
  /** Defaults to a patch adding every line. */
  patch?: string;
}

export interface FakePullRequest {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  files: FakePullRequestFile[];
  /** YAML of .github/prodgap.yml, if any. */
  config?: string;
  /** Other paths in the head tree (e.g. the repository's existing tests). */
  treePaths?: string[];
}

export interface CheckRunState {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  external_id?: string;
  output?: { title?: string; summary?: string };
  annotations: Array<Record<string, unknown>>;
  createdAt: number;
  completedAt?: number;
}

export interface ReviewState {
  commit_id: string;
  event: string;
  body: string;
  comments: Array<{ path: string; line: number; start_line?: number; side: string; body: string }>;
}

function sha1(text: string): string {
  return createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0${text}`).digest("hex");
}

function addAllPatch(content: string): string {
  const lines = content.replace(/\n$/, "").split("\n");
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((line) => `+${line}`)].join("\n");
}

export class FakeGitHub {
  readonly checkRuns: CheckRunState[] = [];
  readonly reviews: ReviewState[] = [];
  readonly rejectedReviews: ReviewState[] = [];
  readonly requests: string[] = [];
  #server: Server | undefined;
  #pulls: FakePullRequest[] = [];

  addPullRequest(pull: FakePullRequest): void {
    this.#pulls.push(pull);
  }

  async start(): Promise<{ host: string; port: number }> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    const port = (this.#server.address() as AddressInfo).port;
    return { host: `127.0.0.1:${port}`, port };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #pull(owner: string, repo: string, number: number): FakePullRequest | undefined {
    return this.#pulls.find((pull) => pull.owner === owner && pull.repo === repo && pull.number === number);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v3/, ""));
    this.requests.push(`${req.method} ${path}`);
    const send = (status: number, payload: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    };
    let match: RegExpExecArray | null;

    if (req.method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return send(201, { token: "ghs_fake", expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {} });
    }
    if (req.method === "POST" && (match = /^\/repos\/[^/]+\/[^/]+\/check-runs$/.exec(path))) {
      const run: CheckRunState = {
        id: this.checkRuns.length + 1,
        name: String(body.name),
        head_sha: String(body.head_sha),
        status: String(body.status ?? "queued"),
        ...(typeof body.external_id === "string" ? { external_id: body.external_id } : {}),
        output: body.output as CheckRunState["output"],
        annotations: [],
        createdAt: Date.now(),
      };
      this.checkRuns.push(run);
      return send(201, { id: run.id });
    }
    if (req.method === "PATCH" && (match = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(path))) {
      const run = this.checkRuns.find((candidate) => candidate.id === Number(match![1]));
      if (!run) return send(404, { message: "Not Found" });
      const output = body.output as { title?: string; summary?: string; annotations?: Array<Record<string, unknown>> } | undefined;
      if ((output?.annotations?.length ?? 0) > 50) return send(422, { message: "Only 50 annotations per request" });
      if (output) {
        run.output = { title: output.title, summary: output.summary };
        run.annotations.push(...(output.annotations ?? []));
      }
      if (typeof body.status === "string") run.status = body.status;
      if (typeof body.conclusion === "string") {
        run.conclusion = body.conclusion;
        run.status = "completed";
        run.completedAt = Date.now();
      }
      return send(200, { id: run.id });
    }
    if (req.method === "GET" && (match = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(path))) {
      const pull = this.#pulls.find((candidate) => candidate.owner === match![1] && candidate.repo === match![2]);
      if (match[3] === ".github/prodgap.yml" && pull?.config !== undefined) {
        res.writeHead(200, { "content-type": "application/vnd.github.v3.raw" }).end(pull.config);
        return;
      }
      return send(404, { message: "Not Found" });
    }
    if (req.method === "GET" && (match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/.exec(path))) {
      const pull = this.#pull(match[1]!, match[2]!, Number(match[3]));
      if (!pull) return send(404, { message: "Not Found" });
      const page = Number(url.searchParams.get("page") ?? 1);
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const files = pull.files.slice((page - 1) * perPage, page * perPage).map((file) => ({
        filename: file.filename,
        status: file.status ?? "added",
        sha: sha1(file.content),
        additions: 1,
        deletions: 0,
        changes: 1,
        patch: file.patch ?? addAllPatch(file.content),
      }));
      if (page * perPage < pull.files.length) {
        res.setHeader("link", `<http://${req.headers.host}/api/v3${url.pathname.replace(/^\/api\/v3/, "")}?per_page=${perPage}&page=${page + 1}>; rel="next"`);
      }
      return send(200, files);
    }
    if (req.method === "GET" && (match = /^\/repos\/[^/]+\/[^/]+\/git\/blobs\/([0-9a-f]{40})$/.exec(path))) {
      const file = this.#pulls.flatMap((pull) => pull.files).find((candidate) => sha1(candidate.content) === match![1]);
      if (!file) return send(404, { message: "Not Found" });
      return send(200, { sha: match[1], size: Buffer.byteLength(file.content), encoding: "base64", content: Buffer.from(file.content).toString("base64") });
    }
    if (req.method === "GET" && (match = /^\/repos\/([^/]+)\/([^/]+)\/git\/trees\/([0-9a-f]{40})$/.exec(path))) {
      const pull = this.#pulls.find((candidate) => candidate.owner === match![1] && candidate.repo === match![2] && candidate.headSha === match![3]);
      if (!pull) return send(404, { message: "Not Found" });
      const paths = [...pull.files.map((file) => file.filename), ...(pull.treePaths ?? [])];
      return send(200, { sha: match[3], truncated: false, tree: paths.map((entry) => ({ path: entry, type: "blob", mode: "100644" })) });
    }
    if (req.method === "GET" && (match = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/.exec(path))) {
      const comments = this.reviews.flatMap((review) => review.comments).map((comment, index) => ({ id: index + 1, ...comment, user: { login: "prodgap[bot]", type: "Bot" } }));
      return send(200, comments);
    }
    if (req.method === "GET" && /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/reviews$/.test(path)) {
      return send(200, this.reviews.map((review, index) => ({ id: index + 1, body: review.body, user: { login: "prodgap[bot]", type: "Bot" } })));
    }
    if (req.method === "POST" && (match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/.exec(path))) {
      const pull = this.#pull(match[1]!, match[2]!, Number(match[3]));
      const review = { comments: [], ...body } as unknown as ReviewState;
      // GitHub refuses the whole review when one comment is not on a line of the diff.
      for (const comment of review.comments) {
        const file = pull?.files.find((candidate) => candidate.filename === comment.path);
        const lines = file ? parsePatch(file.patch ?? addAllPatch(file.content)).commentableLines : new Set<number>();
        if (!lines.has(comment.line) || (comment.start_line !== undefined && !lines.has(comment.start_line))) {
          this.rejectedReviews.push(review);
          return send(422, { message: "Unprocessable Entity", errors: ["Pull request review thread line must be part of the diff"] });
        }
      }
      this.reviews.push(review);
      return send(200, { id: this.reviews.length });
    }
    if (req.method === "GET" && (match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(path))) {
      const pull = this.#pull(match[1]!, match[2]!, Number(match[3]));
      if (!pull) return send(404, { message: "Not Found" });
      return send(200, { number: pull.number, state: "open", title: "PR", body: "", draft: false, changed_files: pull.files.length, head: { sha: pull.headSha }, base: { sha: "0".repeat(40) } });
    }
    return send(404, { message: `fake GitHub has no route for ${req.method} ${path}` });
  }
}
