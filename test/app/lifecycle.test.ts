// End to end: the real Probot HTTP server, signed webhooks, GitHub intercepted with nock.
// These tests pin the check-run lifecycle: created at once, always completed, whatever fails.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineTsRule } from "../../src/analysis/rule.js";
import { completionOf, mockGitHub, updatesOf, waitFor, type GitHubRecord } from "../helpers/github-mock.js";
import { checkRunRerequestedEvent, pullRequestEvent } from "../helpers/payloads.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";

// A deterministic rule so these tests pin the pipeline, not any one rule's judgement.
const dangerCall = defineTsRule({
  meta: {
    id: "security/danger-call",
    category: "security",
    severity: "high",
    title: "danger() call",
    description: "Test rule.",
    why: "It is dangerous in production.",
    fix: "Call safe() instead.",
  },
  create(context) {
    return {
      CallExpression(node) {
        if (node.expression.getText(context.sourceFile) === "danger") {
          context.report({ node, message: "`danger()` is called here.", suggestion: context.sourceFile.text.split("\n")[context.sourceFile.getLineAndCharacterOfPosition(node.getStart(context.sourceFile)).line]!.replace("danger", "safe") });
        }
      },
    };
  },
});

const throwingRule = defineTsRule({
  meta: { id: "reliability/throws", category: "reliability", severity: "low", title: "t", description: "d", why: "w", fix: "f" },
  create() {
    return {
      CallExpression() {
        throw new Error("rule bug");
      },
    };
  },
});

const HEAD = "a".repeat(40);
const HEAD_2 = "c".repeat(40);
const ORDER_TS = ["export function lookup(id: string) {", "  const order = find(id);", "  danger(order);", "  return order;", "}", ""].join("\n");

let app: TestApp | undefined;

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  nock.cleanAll();
  nock.enableNetConnect();
});

async function completed(record: GitHubRecord, id: number): Promise<Record<string, unknown>> {
  await waitFor(() => completionOf(record, id) !== undefined, `check run ${id} to complete`);
  return completionOf(record, id)!;
}

function outputOf(update: Record<string, unknown>): { title: string; summary: string; annotations?: Array<Record<string, unknown>> } {
  return update.output as { title: string; summary: string; annotations?: Array<Record<string, unknown>> };
}

describe("a signed pull_request.opened delivery", () => {
  it("creates the check run in progress, reviews, comments on the right line and completes the check", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }] });
    app = await startTestApp({ rules: [dangerCall] });

    const response = await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    expect(response.status).toBe(200);
    // The check run exists by the time the delivery is answered.
    expect(record.checkCreates).toHaveLength(1);
    expect(record.checkCreates[0]).toMatchObject({ name: "prodgap", head_sha: HEAD, status: "in_progress", external_id: "pr:7" });

    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("failure");
    const output = outputOf(completion);
    expect(output.title).toMatch(/1 high/);
    expect(output.summary).toContain("security/danger-call");
    expect(output.annotations).toEqual([
      expect.objectContaining({ path: "src/orders.ts", start_line: 3, end_line: 3, annotation_level: "failure" }),
    ]);

    expect(record.reviews).toHaveLength(1);
    const review = record.reviews[0] as { event: string; commit_id: string; comments: Array<{ path: string; line: number; side: string; body: string }> };
    expect(review.event).toBe("COMMENT");
    expect(review.commit_id).toBe(HEAD);
    expect(review.comments).toHaveLength(1);
    expect(review.comments[0]).toMatchObject({ path: "src/orders.ts", line: 3, side: "RIGHT" });
    const body = review.comments[0]!.body;
    expect(body).toContain("`danger()` is called here.");
    expect(body).toContain("Why it matters in production");
    expect(body).toContain("```suggestion\n  safe(order);\n```");
    expect(body).toMatch(/<!-- prodgap fp=[0-9a-f]+ rule=security\/danger-call -->/);
  });

  it("does not repeat a comment on redelivery or when the flagged line moves in a later push", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }] });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await completed(record, 101);
    await app.queue.idle();

    // Redelivery of the same event after the first review finished.
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await completed(record, 102);
    await app.queue.idle();
    expect(record.reviews).toHaveLength(1);
    expect(outputOf(completionOf(record, 102)!).summary).toMatch(/already commented on/);

    // A new push moves the flagged line down and adds a second danger() call.
    nock.cleanAll();
    const moved = ["// lookups", ...ORDER_TS.split("\n").slice(0, 3), "  danger(order.id);", ...ORDER_TS.split("\n").slice(3)].join("\n");
    const second = mockGitHub({ files: [{ filename: "src/orders.ts", content: moved }], existingCommentBodies: record.comments.map((comment) => comment.body) });
    await app.send("pull_request", pullRequestEvent({ action: "synchronize", headSha: HEAD_2 }));
    await completed(second.record, 101);
    expect(second.record.reviews).toHaveLength(1);
    const comments = (second.record.reviews[0] as { comments: Array<{ line: number; body: string }> }).comments;
    expect(comments.map((comment) => comment.line)).toEqual([5]);
  });

  it("sends annotations in batches of at most 50, and the conclusion only with the last batch", async () => {
    const many = Array.from({ length: 120 }, (_, index) => `danger(${index});`).join("\n") + "\n";
    const { record } = mockGitHub({ files: [{ filename: "src/many.ts", content: many }] });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await completed(record, 101);
    const updates = updatesOf(record, 101);
    expect(updates.map((update) => outputOf(update).annotations?.length)).toEqual([50, 50, 20]);
    expect(updates.map((update) => update.conclusion)).toEqual([undefined, undefined, "failure"]);
    const review = record.reviews[0] as { comments: unknown[] };
    expect(review.comments).toHaveLength(25); // comments.max
    expect(outputOf(updates[2]!).summary).toMatch(/95 more findings did not get an inline comment/);
  });

  it("ignores a duplicate delivery of a head that is still under review", async () => {
    const { record, release } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], holdListFiles: true });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    release();
    await app.queue.idle();
    expect(record.checkCreates).toHaveLength(1);
    expect(completionOf(record, 101)?.conclusion).toBe("failure");
  });
});

describe("deliveries that must not start a review", () => {
  it("refuses a forged signature with nothing done", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }] });
    app = await startTestApp({ rules: [dangerCall] });
    const response = await app.send("pull_request", pullRequestEvent({ headSha: HEAD }), { secret: "not-the-secret" });
    expect(response.status).toBe(400);
    await app.queue.idle();
    expect(record.requests).toEqual([]);
  });

  it("completes a draft's check as neutral without reviewing it", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }] });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD, draft: true }));
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("neutral");
    expect(outputOf(completion).title).toMatch(/Draft/);
    expect(record.requests.some((request) => request.includes("/files"))).toBe(false);
  });
});

describe("failures still complete the check", () => {
  it("GitHub 5xx on posting the review: the check completes with the gate's conclusion and says so", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], reviewStatus: 502 });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("failure");
    expect(outputOf(completion).summary).toMatch(/Inline comments could not be posted/);
    expect(outputOf(completion).annotations).toHaveLength(1);
  });

  it("GitHub 422 on the review: the findings move into the review body", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], reviewStatus: 422 });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await completed(record, 101);
    expect(record.reviews).toHaveLength(2);
    const fallback = record.reviews[1] as { body: string; comments?: unknown };
    expect(fallback.comments).toBeUndefined();
    expect(fallback.body).toContain("src/orders.ts:3");
  });

  it("an exception in a rule: the other rules' findings stand and the summary names the failure", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }] });
    app = await startTestApp({ rules: [throwingRule, dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("failure");
    expect(outputOf(completion).summary).toMatch(/reliability\/throws.*failed on .*src\/orders\.ts.*rule bug/);
  });

  it("GitHub 5xx while reading the PR: the check completes neutral (fail-open by default) with the reason", async () => {
    const { record } = mockGitHub({ files: [], listFilesStatus: 500 });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("neutral");
    expect(outputOf(completion).summary).toMatch(/failed while reviewing/);
    expect(outputOf(completion).summary).toMatch(/gate.onError/);
  });

  it("fails closed when the repository asks for it", async () => {
    const { record } = mockGitHub({ files: [], listFilesStatus: 500, config: "gate:\n  onError: failure\n" });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    expect((await completed(record, 101)).conclusion).toBe("failure");
  });

  it("GitHub 5xx on the first completion attempt: the check is completed by the error path", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], firstCheckUpdateStatus: 500 });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("neutral");
  });

  it("an invalid repository config: the review runs with defaults and the summary says why", async () => {
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], config: "gate:\n  failOn: sometimes\n" });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("failure");
    expect(outputOf(completion).summary).toMatch(/Configuration not applied.*gate\.failOn/s);
  });

  it("a file whose content cannot be read is skipped and named; the others are reviewed", async () => {
    // Neither the blob nor the contents API can serve src/lost.ts.
    const { record } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }, { filename: "src/lost.ts", content: "danger(lost);\n", unreadable: true }] });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    const completion = await completed(record, 101);
    expect(outputOf(completion).summary).toMatch(/could not read its content from GitHub.*src\/lost\.ts/);
    expect(completion.conclusion).toBe("failure"); // src/orders.ts was still reviewed
    expect(outputOf(completion).annotations?.map((annotation) => annotation.path)).toEqual(["src/orders.ts"]);
  });

  it("a file GitHub sends without a patch is skipped and listed in the summary", async () => {
    const { record } = mockGitHub({ files: [{ filename: "assets/logo.png", content: "\u0000PNG", patch: null }, { filename: "src/orders.ts", content: ORDER_TS }] });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    const completion = await completed(record, 101);
    expect(outputOf(completion).summary).toMatch(/binary or too large.*assets\/logo\.png/);
  });
});

describe("superseding and re-runs", () => {
  it("a newer push supersedes a running review, whose check completes neutral", async () => {
    const { record, release } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], holdListFiles: true });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await app.send("pull_request", pullRequestEvent({ action: "synchronize", headSha: HEAD_2 }));
    release();
    const first = await completed(record, 101);
    const second = await completed(record, 102);
    expect(first.conclusion).toBe("neutral");
    expect(outputOf(first).title).toMatch(/Superseded by a newer push \(ccccccc\)/);
    expect(second.conclusion).toBe("failure");
    expect(record.checkCreates.map((create) => create.head_sha)).toEqual([HEAD, HEAD_2]);
  });

  it("closing the pull request stops its review, whose check completes neutral", async () => {
    const { record, release } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], holdListFiles: true });
    app = await startTestApp({ rules: [dangerCall] });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await app.send("pull_request", { ...pullRequestEvent({ action: "closed", headSha: HEAD }), action: "closed" });
    release();
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("neutral");
    expect(outputOf(completion).title).toMatch(/was closed before the review finished/);
    expect(record.reviews).toEqual([]);
  });

  it("a re-run of a fork PR's check (empty pull_requests) finds the PR through external_id", async () => {
    const { record, scope } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }] });
    scope.get("/repos/acme/shop/pulls/7").reply(200, pullRequestEvent({ headSha: HEAD }).pull_request);
    app = await startTestApp({ rules: [dangerCall] });
    const response = await app.send("check_run", checkRunRerequestedEvent({ headSha: HEAD, externalId: "pr:7" }));
    expect(response.status).toBe(200);
    const completion = await completed(record, 101);
    expect(completion.conclusion).toBe("failure");
    expect(updatesOf(record, 101).length).toBeGreaterThan(0);
  });

  it("shutdown completes queued reviews as interrupted instead of leaving them in progress", async () => {
    const { record, release } = mockGitHub({ files: [{ filename: "src/orders.ts", content: ORDER_TS }], holdListFiles: true });
    app = await startTestApp({ rules: [dangerCall], operator: { PRODGAP_CONCURRENCY: 1 } });
    await app.send("pull_request", pullRequestEvent({ headSha: HEAD }));
    await app.send("pull_request", pullRequestEvent({ number: 8, headSha: HEAD_2 }));
    const stopped = app.queue.shutdown(5000);
    release(); // the running review finishes within the grace period; the queued one never starts
    await stopped;
    expect(completionOf(record, 101)?.conclusion).toBe("failure");
    const interrupted = completionOf(record, 102);
    expect(interrupted?.conclusion).toBe("neutral");
    expect(outputOf(interrupted!).title).toMatch(/restarted/);
  });
});
