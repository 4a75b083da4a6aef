import { describe, expect, it } from "vitest";
import { serverSideXss } from "../../../rules/security/server-side-xss.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/server-side-xss";
const lines = (...code: string[]): string => code.join("\n");

describe("security/server-side-xss: fires", () => {
  it("on res.send with a search term in an HTML template (high)", () => {
    const code = lines(
      'app.get("/search", async (req, res) => {',
      "  const results = await search(req.query.q);",
      "  res.send(`<h1>Results for ${req.query.q}</h1><p>${results.length} found</p>`);",
      "});",
    );
    const [finding, ...rest] = findingsOf(serverSideXss, "src/routes/search.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "high", line: 3 });
    expect(finding?.message).toContain("`req.query.q`");
    expect(finding?.message).toContain("`res.send()`");
    expect(finding?.fix).toContain("escapeHtml");
  });

  it("on HTML built with += in a loop over request data, and with map().join() (js)", () => {
    const code = lines(
      'router.post("/preview", (req, res) => {',
      '  let html = "<ul>";',
      "  for (const tag of req.body.tags) {",
      '    html += "<li>" + tag + "</li>";',
      "  }",
      '  html += "</ul>";',
      "  res.send(html);",
      "});",
      'router.post("/list", (req, res) => {',
      '  res.send(`<ul>${req.body.items.map((item) => `<li>${item.title}</li>`).join("")}</ul>`);',
      "});",
    );
    const findings = findingsOf(serverSideXss, "server/preview.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [7, "high"],
      [10, "high"],
    ]);
    expect(findings[0]?.message).toContain("`tag` (from `req.body.tags`)");
  });

  it("on Node res.write after writeHead text/html, Koa ctx.body, Fastify reply.type('text/html')", () => {
    const code = lines(
      "http.createServer((req, res) => {",
      "  const name = new URL(req.url, BASE).searchParams.get(\"name\");",
      '  res.writeHead(200, { "Content-Type": "text/html" });',
      '  res.end("Hello " + name);',
      "});",
      'router.get("/greet", async (ctx) => { ctx.body = `<p>Hi ${ctx.query.name}</p>`; });',
      'fastify.get("/card", async (request, reply) => reply.type("text/html").send(`<div class="card">${request.query.title}</div>`));',
    );
    const findings = findingsOf(serverSideXss, "src/servers.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([4, 6, 7]);
    expect(findings.every((finding) => finding.severity === "high")).toBe(true);
  });

  it("on a Next.js route returning text/html built from search params", () => {
    const code = lines(
      "export async function GET(request: Request) {",
      '  const q = new URL(request.url).searchParams.get("q") ?? "";',
      '  return new Response(`<!doctype html><title>${q}</title>`, { headers: { "Content-Type": "text/html; charset=utf-8" } });',
      "}",
    );
    const findings = findingsOf(serverSideXss, "app/embed/route.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(3);
  });

  it("at medium on res.send(req.query.x) and plain-text messages: Express serves strings as text/html", () => {
    const code = lines(
      'app.get("/echo", (req, res) => {',
      "  res.status(200).send(req.query.message);",
      "});",
      'app.get("/users/:id", async (req, res) => {',
      "  const user = await users.find(req.params.id);",
      "  if (!user) return res.status(404).send(`User ${req.params.id} not found`);",
      "  res.json(user);",
      "});",
    );
    const findings = findingsOf(serverSideXss, "src/echo.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [6, "medium"],
    ]);
    expect(findings[0]?.message).toContain("text/html");
  });
});

describe("security/server-side-xss: does not fire", () => {
  it("on escaped or sanitized values and numbers", () => {
    const code = lines(
      'import escapeHtml from "escape-html";',
      'import he from "he";',
      'app.get("/a", (req, res) => res.send(`<h1>${escapeHtml(req.query.q)}</h1>`));',
      'app.get("/b", (req, res) => res.send("<p>" + he.encode(req.body.comment) + "</p>"));',
      'app.get("/c", (req, res) => res.send(`<p>Page ${Number(req.query.page)} of ${req.query.items.length}</p>`));',
      'app.get("/d", (req, res) => res.send(`<b>${String(req.query.q).replace(/</g, "&lt;")}</b>`));',
    );
    expect(findingsOf(serverSideXss, "src/escaped.ts", code)).toHaveLength(0);
  });

  it("on res.json, res.render, whole request objects and JSON or plain-text responses", () => {
    const code = lines(
      'app.get("/a", (req, res) => res.json({ q: req.query.q }));',
      'app.get("/b", (req, res) => res.render("search", { q: req.query.q }));',
      'app.post("/c", (req, res) => res.send(req.body));',
      'app.get("/d", (req, res) => res.type("text/plain").send(`<${req.query.tag}>`));',
      'app.get("/e", (req, res) => { res.set("Content-Type", "application/json"); res.send(req.query.raw); });',
      'app.get("/f", (req, res) => res.send(JSON.stringify({ q: req.query.q })));',
    );
    expect(findingsOf(serverSideXss, "src/data.ts", code)).toHaveLength(0);
  });

  it("on HTML from values that are not request data", () => {
    const code = lines(
      'app.get("/status", async (req, res) => {',
      "  const stats = await loadStats();",
      "  res.send(`<h1>Status</h1><p>${stats.uptime}</p>`);",
      "});",
    );
    expect(findingsOf(serverSideXss, "src/status.ts", code)).toHaveLength(0);
  });

  it("on look-alikes: WebSocket send, a stream write, Fastify reply.send without an HTML type (js)", () => {
    const code = lines(
      'wss.on("connection", (socket, req) => socket.send(`<b>${req.url}</b>`));',
      'app.post("/log", (req, res) => { logStream.write(`<entry>${req.body.msg}</entry>`); res.sendStatus(204); });',
      'fastify.get("/txt", async (request, reply) => reply.send(`<p>${request.query.q}</p>`));',
      'app.get("/x", async (req, res) => { const res2 = await fetch(API); return res2.text(); });',
    );
    expect(findingsOf(serverSideXss, "server/misc.js", code)).toHaveLength(0);
  });

  it("in test files", () => {
    expect(findingsOf(serverSideXss, "src/search.spec.ts", 'app.get("/s", (req, res) => res.send(`<h1>${req.query.q}</h1>`));')).toHaveLength(0);
  });
});
