import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { inRequestHandler, taintOf, type Taint } from "../../src/analysis/taint.js";
import { createLocalWrites } from "../../src/analysis/ts-helpers.js";

/** Parses `code` and returns the taint of the argument of the (last) call to `sink(...)`. */
function sinkTaint(code: string, path = "handler.ts"): Taint | undefined {
  const sourceFile = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, true, path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  let argument: ts.Expression | undefined;
  // Writes are recorded as a rule's visitors would record them during the engine's walk.
  const writes = createLocalWrites();
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node)) writes.visitBinaryExpression(node);
    if (ts.isCallExpression(node)) writes.visitCallExpression(node);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "sink") argument = node.arguments[0];
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!argument) throw new Error("no sink() call in the snippet");
  return taintOf(argument, sourceFile, { writes });
}

describe("taintOf: sources", () => {
  it.each([
    ["Express query", `app.get("/x", (req, res) => { sink(req.query.name); });`],
    ["Express params through a const", `router.post("/x", async (req, res) => { const id = req.params.id; sink(id); });`],
    ["destructured body", `app.post("/x", (req, res) => { const { email } = req.body; sink(email); });`],
    ["header getter", `app.get("/x", (req, res) => { sink(req.get("x-user")); });`],
    ["Koa ctx.request.body", `router.post("/x", async (ctx) => { sink(ctx.request.body.q); });`],
    ["Koa ctx.query", `router.get("/x", async (ctx) => { sink(ctx.query.q); });`],
    ["Fastify request", `fastify.get("/x", async (request, reply) => { sink(request.query.q); });`],
    ["Lambda event", `export const handler = async (event) => { sink(event.queryStringParameters.q); };`],
    ["Next.js request.json()", `export async function POST(request: Request) { const body = await request.json(); sink(body.q); }`],
    ["Next.js searchParams", `export async function GET(request: NextRequest) { sink(request.nextUrl.searchParams.get("q")); }`],
    ["Next.js route params", `export async function GET(request: Request, { params }: { params: { id: string } }) { sink(params.id); }`],
    ["NestJS @Query", `class C { @Get() find(@Query("q") q: string) { sink(q); } }`],
    ["server action", `"use server";\nexport async function save(name: string) { sink(name); }`],
    ["Koa ctx.querystring", `router.get("/x", async (ctx) => { sink(ctx.querystring); });`],
    ["destructured request parameter", `app.get("/x", ({ params, query }, res) => { sink(params.file); });`],
  ])("%s", (_label, code) => {
    expect(sinkTaint(code)).toMatchObject({ kind: "request", confidence: "high" });
  });

  it("marks parameters of exported handler-shaped functions as low confidence", () => {
    expect(sinkTaint(`export function orderController(input: string) { sink(input); }`)).toMatchObject({ kind: "handler-parameter", confidence: "low" });
  });
});

describe("taintOf: propagation", () => {
  it.each([
    ["template literal", "sink(`SELECT ${req.query.q}`);"],
    ["concatenation", `sink("a" + req.body.b);`],
    ["string methods", `sink(req.query.q.trim().toLowerCase());`],
    ["a let assigned later", `let q = "x"; q = req.query.q; sink(q);`],
    ["spread into an object", `sink({ ...req.body, role: "user" });`],
    ["array join", `sink([req.query.a, "b"].join(","));`],
    ["logical default", `sink(req.query.page || "1");`],
    ["new URL", "sink(new URL(req.query.target));"],
    ["a local wrapper", "const build = (v) => `id = ${v}`; sink(build(req.params.id));"],
    ["a local function declaration", "function wrap(v) { return '<b>' + v + '</b>'; } sink(wrap(req.query.q));"],
    ["JSON.parse of the body", `sink(JSON.parse(req.body.payload).cmd);`],
    ["formData.get", `const form = await req.formData(); sink(form.get("name"));`],
    ["searchParams of new URL(req.url)", `sink(new URL(req.url, "http://x").searchParams.get("next"));`],
    ["an iteration callback over input", `req.body.ids.forEach((id) => sink(id));`],
    ["a local named path", `const path = req.query.path; sink(path.trim());`],
  ])("%s", (_label, body) => {
    expect(sinkTaint(`app.post("/x", async (req, res) => { ${body} });`)).toMatchObject({ kind: "request" });
  });
});

describe("taintOf: must not taint", () => {
  it.each([
    ["a constant", `sink("static");`],
    ["a number conversion", `sink(Number(req.query.page));`],
    ["parseInt", `sink(parseInt(req.params.id, 10));`],
    ["zod parse", `sink(schema.parse(req.body));`],
    ["a length", `sink(req.body.items.length);`],
    ["a comparison", `sink(req.query.a === "b");`],
    ["the authenticated user", `sink(req.user.id);`],
    ["a server-side value", `sink(process.env.TABLE);`],
    ["a sql tagged template", "sink(sql`SELECT ${req.query.q}`);"],
    ["an unknown function's result", `sink(await loadOrder(req.params.id));`],
    ["a shadowing local", `{ const req = { query: { q: "x" } }; sink(req.query.q); }`],
  ])("%s", (_label, body) => {
    expect(sinkTaint(`app.post("/x", async (req, res) => { ${body} });`)).toBeUndefined();
  });

  it("does not treat an imported `request` as a request object", () => {
    expect(sinkTaint(`import request from "supertest";\nsink(request.body);`)).toBeUndefined();
  });

  it("does not treat a client SDK's lone `request` parameter or a listener's `event` as a request", () => {
    expect(sinkTaint(`class Client { send(request: HttpRequest) { sink(request.url); } }`)).toBeUndefined();
    expect(sinkTaint(`self.addEventListener("fetch", (event) => { sink(event.request.url); });`)).toBeUndefined();
  });

  it("follows module builders such as path.join, but only for the imported module", () => {
    expect(sinkTaint(`import path from "node:path";\napp.get("/f", (req, res) => { sink(path.join("/srv/files", req.query.name)); });`)).toMatchObject({ kind: "request" });
    expect(sinkTaint(`const path = require("path");\napp.get("/f", (req, res) => { sink(path.resolve("/srv", req.params.file)); });`)).toMatchObject({ kind: "request" });
  });

  it("does not taint the path multer chose for an upload", () => {
    expect(sinkTaint(`app.post("/u", upload.single("f"), (req, res) => { sink(req.file.path); });`)).toBeUndefined();
    expect(sinkTaint(`app.post("/u", upload.single("f"), (req, res) => { sink(req.file.originalname); });`)).toMatchObject({ kind: "request" });
  });

  it("does not treat a module-level `event` global as request input", () => {
    expect(sinkTaint(`sink(event.body);`)).toBeUndefined();
  });
});

describe("inRequestHandler", () => {
  it("knows route callbacks and req-first functions", () => {
    const code = `app.get("/a", (req, res) => { x(); });\nfunction helper(a) { y(); }\nexport async function handle(req, res) { z(); }`;
    const sourceFile = ts.createSourceFile("a.ts", code, ts.ScriptTarget.Latest, true);
    const calls: Record<string, boolean> = {};
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ["x", "y", "z"].includes(node.expression.text)) calls[node.expression.text] = inRequestHandler(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    expect(calls).toEqual({ x: true, y: false, z: true });
  });
});
