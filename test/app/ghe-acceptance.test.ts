// The app as a user runs it: the real entry point (`npm start`'s main) in its own process, configured
// only through the environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, GHE_HOST, GHE_PROTOCOL),
// talking to a GitHub-compatible API on 127.0.0.1, with every registered rule.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "../helpers/fake-github.js";
import { waitFor } from "../helpers/github-mock.js";
import { pullRequestEvent } from "../helpers/payloads.js";
import { freePort, TEST_PRIVATE_KEY, WEBHOOK_SECRET } from "../helpers/test-app.js";

const HEAD = "d".repeat(40);
const fakeToken = ["ghp", "_", "R8sTq2LmZ0vXc4NbW7yKp1JdHf6GaE3uQi9o"].join("");

const files = [
  {
    filename: "src/orders/routes.ts",
    content: [
      'import { Router } from "express";',
      'import { pool } from "../db.js";',
      "",
      "export const orders = Router();",
      "",
      'orders.get("/orders/:id", async (req, res) => {',
      "  const result = await pool.query(`SELECT * FROM orders WHERE id = ${req.params.id}`);",
      '  console.log("order lookup", req.params.id);',
      "  try {",
      "    await audit(req.params.id);",
      "  } catch (err) {}",
      "  res.json(result.rows[0]);",
      "});",
      "",
    ].join("\n"),
  },
  {
    filename: "Dockerfile",
    content: ["FROM node:20 AS build", "WORKDIR /app", "COPY . .", "RUN npm ci && npm run build", "", "FROM node:latest", "WORKDIR /app", "COPY --from=build /app/dist ./dist", 'CMD ["node", "dist/main.js"]', ""].join("\n"),
  },
  { filename: "config/deploy.yml", content: ["service: orders", `github_token: ${fakeToken}`, ""].join("\n") },
];

let github: FakeGitHub;
let app: ChildProcess;
let appUrl: string;
let output = "";

beforeAll(async () => {
  nock.enableNetConnect("127.0.0.1");
  github = new FakeGitHub();
  github.addPullRequest({ owner: "acme", repo: "shop", number: 7, headSha: HEAD, files, treePaths: ["test/orders/refunds.test.ts"] });
  const { host } = await github.start();
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  const main = fileURLToPath(new URL("../../src/app/main.ts", import.meta.url));
  // A scratch cwd: Probot applies a .env from the cwd over the environment.
  app = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), main], {
    cwd: mkdtempSync(join(tmpdir(), "prodgap-app-")),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      APP_ID: "123",
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET,
      PORT: String(port),
      HOST: "127.0.0.1",
      GHE_HOST: host,
      GHE_PROTOCOL: "http",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  app.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let healthy = false;
  const started = Date.now();
  while (!healthy && Date.now() - started < 20_000) {
    healthy = await fetch(`${appUrl}/healthz`).then((response) => response.ok, () => false);
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!healthy) throw new Error(`the app did not start:\n${output}`);
}, 30_000);

afterAll(async () => {
  app?.kill("SIGTERM");
  await new Promise((resolve) => app?.once("exit", resolve));
  await github?.stop();
});

describe("a signed pull_request.opened delivery to the running app (GHE_HOST)", () => {
  it("answers at once, creates the check run, and completes it with findings on the right lines", async () => {
    const payload = JSON.stringify(pullRequestEvent({ headSha: HEAD }));
    const sentAt = Date.now();
    const response = await fetch(`${appUrl}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(payload).digest("hex")}`,
      },
      body: payload,
    });
    const answeredMs = Date.now() - sentAt;
    expect(response.status).toBe(200);
    expect(github.checkRuns).toHaveLength(1);
    const run = github.checkRuns[0]!;
    expect(run).toMatchObject({ name: "prodgap", head_sha: HEAD, external_id: "pr:7" });

    await waitFor(() => run.status === "completed", "the check run to complete", 15_000);
    // Timings are recorded for the closing note, not asserted (speed is measured in benchmarks).
    process.stdout.write(`webhook answered in ${answeredMs} ms; check run created ${run.createdAt - sentAt} ms and completed ${run.completedAt! - sentAt} ms after sending\n`);

    expect(run.conclusion).toBe("failure");
    const located = run.annotations.map((annotation) => `${String(annotation.path)}:${String(annotation.start_line)}:${String(annotation.title).split(" · ")[1]}`);
    expect(located).toEqual(
      expect.arrayContaining([
        "src/orders/routes.ts:7:security/sql-injection",
        "src/orders/routes.ts:8:observability/console-log",
        "src/orders/routes.ts:11:observability/swallowed-error",
        "Dockerfile:6:deploy/dockerfile-unpinned-base",
        "Dockerfile:6:deploy/dockerfile-root-user",
        "config/deploy.yml:2:security/hardcoded-secret",
      ]),
    );
    // The repository has tests, and this PR adds handler logic without any.
    expect(located.some((entry) => entry.startsWith("src/orders/routes.ts:") && entry.endsWith(":testing/missing-tests"))).toBe(true);
    // The token never leaves the process in clear.
    expect(JSON.stringify(github.checkRuns)).not.toContain(fakeToken);
    expect(JSON.stringify(github.reviews)).not.toContain(fakeToken);
    expect(output).not.toContain(fakeToken);

    expect(github.rejectedReviews).toEqual([]);
    expect(github.reviews).toHaveLength(1);
    const commented = github.reviews[0]!.comments.map((comment) => `${comment.path}:${comment.line}`);
    expect(commented).toEqual(expect.arrayContaining(["src/orders/routes.ts:7", "Dockerfile:6", "config/deploy.yml:2"]));
  }, 30_000);

  it("serves health, readiness and metrics", async () => {
    expect((await fetch(`${appUrl}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${appUrl}/metrics`)).text();
    expect(metrics).toContain('prodgap_reviews_total{conclusion="failure"} 1');
  });
});
