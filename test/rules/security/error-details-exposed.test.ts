import { describe, expect, it } from "vitest";
import { errorDetailsExposed } from "../../../rules/security/error-details-exposed.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/error-details-exposed";

describe("security/error-details-exposed: fires", () => {
  it("on err.stack in an Express error handler (high)", () => {
    const code = [
      "app.use((err, req, res, next) => {",
      "  res.status(500).json({ message: err.message, stack: err.stack });",
      "});",
    ].join("\n");
    const findings = findingsOf(errorDetailsExposed, "src/app.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 2 });
    expect(findings[0]?.message).toContain("`res.status(500).json(…)` sends the error's stack trace (`err.stack`)");
    expect(findings[0]?.fix).toContain("logger.error");
  });

  it("on the raw error object sent from a catch block (medium)", () => {
    const code = [
      'router.post("/orders", async (req, res) => {',
      "  try {",
      "    res.json(await createOrder(req.body));",
      "  } catch (error) {",
      "    res.status(500).send({ error });",
      "  }",
      "});",
    ].join("\n");
    const findings = findingsOf(errorDetailsExposed, "src/orders.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 5 });
    expect(findings[0]?.message).toContain("the raw error object");
  });

  it("on database internals from a node-style callback", () => {
    const code = [
      'app.get("/users", (req, res) => {',
      "  connection.query('SELECT * FROM users', (err, rows) => {",
      "    if (err) return res.status(500).json({ detail: err.sqlMessage });",
      "    res.json(rows);",
      "  });",
      "});",
    ].join("\n");
    const findings = findingsOf(errorDetailsExposed, "server/users.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("database error internals (`err.sqlMessage`)");
  });

  it("on Koa ctx.body, util.inspect and a destructured stack", () => {
    const code = [
      "app.use(async (ctx, next) => {",
      "  try {",
      "    await next();",
      "  } catch (err) {",
      "    const { stack } = err;",
      "    ctx.status = 500;",
      "    ctx.body = { trace: stack };",
      "  }",
      "});",
      "router.get('/debug', async (req, res) => {",
      "  try { await check(); } catch (e) { res.send(util.inspect(e)); }",
      "});",
    ].join("\n");
    const findings = findingsOf(errorDetailsExposed, "src/server.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [7, "high"],
      [11, "high"],
    ]);
  });

  it("on the message of an unknown error, at low, in Next.js and Fastify handlers", () => {
    const code = [
      "export async function GET() {",
      "  try {",
      "    return NextResponse.json(await loadStats());",
      "  } catch (error) {",
      "    return NextResponse.json({ error: `Failed: ${error}` }, { status: 500 });",
      "  }",
      "}",
      "fastify.setErrorHandler((error, request, reply) => {",
      "  reply.code(500).send({ message: error.message });",
      "});",
      "fastify.get('/health', async (request, reply) => {",
      "  try { return await ping(); } catch (err) { return reply.code(503).send(err); }",
      "});",
    ].join("\n");
    const findings = findingsOf(errorDetailsExposed, "app/api/stats/route.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "low"],
      [9, "low"],
      [12, "low"],
    ]);
  });

  it("on a promise .catch that sends the error, and on an unknown error after a known-error branch", () => {
    const code = [
      'app.get("/feed", (req, res) => {',
      "  loadFeed(req.query.page).then((feed) => res.json(feed)).catch((e) => res.status(500).json(e));",
      "});",
      "app.use((err, req, res, next) => {",
      "  if (err instanceof HttpError) return res.status(err.status).json({ error: err.message });",
      "  res.status(500).json({ error: err.message, stack: err.stack });",
      "});",
    ].join("\n");
    const findings = findingsOf(errorDetailsExposed, "src/feed.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [6, "high"],
    ]);
  });
});

describe("security/error-details-exposed: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "a generic message after logging the error",
      "src/a.ts",
      [
        'router.post("/pay", async (req, res) => {',
        "  try {",
        "    await charge(req.body);",
        "  } catch (err) {",
        '    logger.error({ err }, "payment failed");',
        '    res.status(500).json({ error: "Internal error", requestId: req.id });',
        "  }",
        "});",
      ].join("\n"),
    ],
    [
      "a stack gated on NODE_ENV (conditional and spread)",
      "src/b.js",
      [
        "app.use((err, req, res, next) => {",
        "  res.status(500).json({",
        '    error: "Internal error",',
        "    stack: process.env.NODE_ENV === 'production' ? undefined : err.stack,",
        "    ...(isDev && { details: err }),",
        "  });",
        "});",
      ].join("\n"),
    ],
    [
      "an early return in production before the detailed response",
      "src/c.ts",
      [
        "app.use((err, req, res, next) => {",
        "  if (process.env.NODE_ENV === 'production') return res.status(500).json({ error: 'Internal error' });",
        "  res.status(500).json({ message: err.message, stack: err.stack });",
        "});",
      ].join("\n"),
    ],
    [
      "a known client-facing error class, and http-errors' expose flag",
      "src/d.ts",
      [
        "app.use((err, req, res, next) => {",
        "  if (err instanceof ValidationError) {",
        "    return res.status(400).json({ error: err.message, fields: err });",
        "  }",
        "  res.status(err.status || 500).json({ error: err.expose ? err.message : 'Internal error' });",
        "});",
      ].join("\n"),
    ],
    [
      "a 4xx response with the message, and passing the error on with next()",
      "src/e.js",
      [
        'router.post("/import", async (req, res, next) => {',
        "  try {",
        "    JSON.parse(req.body.payload);",
        "  } catch (e) {",
        "    return res.status(400).json({ error: e.message });",
        "  }",
        "  try { await run(); } catch (err) { next(err); }",
        "});",
      ].join("\n"),
    ],
    [
      "safe fields of the error and an unknown formatter",
      "src/f.ts",
      [
        'router.get("/x", async (req, res) => {',
        "  try { await work(); } catch (err) {",
        "    res.status(502).json({ code: err.code, errors: err.errors });",
        "    res.status(500).json(toProblemDetails(err));",
        "  }",
        "});",
      ].join("\n"),
    ],
    [
      "values that are not caught errors, and send() on non-response objects",
      "src/g.js",
      [
        'app.get("/status", async (req, res) => {',
        "  const report = await buildReport();",
        "  res.json({ stack: report.stack, message: report.message });",
        "  try { await work(); } catch (err) { socket.send(err.stack); queue.send(err); }",
        "});",
      ].join("\n"),
    ],
    [
      "a catch that rethrows or logs only",
      "src/h.ts",
      [
        "export async function GET() {",
        "  try {",
        "    return Response.json(await load());",
        "  } catch (error) {",
        "    console.error(error);",
        '    return new Response("Something went wrong", { status: 500 });',
        "  }",
        "}",
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(errorDetailsExposed, path, code)).toEqual([]);
  });
});

describe("security/error-details-exposed: review scope", () => {
  it("reports only on lines the pull request changes", () => {
    const code = [
      "app.use((err, req, res, next) => res.status(500).send(err.stack));",
      "app.use((err, req, res, next) => res.status(500).json(err));",
    ].join("\n");
    const { findings } = analyze([errorDetailsExposed], [{ path: "src/r.js", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([[2, "medium"]]);
  });
});
