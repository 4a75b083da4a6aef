import { describe, expect, it } from "vitest";
import { codeInjection } from "../../../rules/security/code-injection.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/code-injection";

describe("security/code-injection: fires", () => {
  it("on eval of a request value (critical, names the origin)", () => {
    const code = [
      'app.get("/calc", (req, res) => {',
      "  const result = eval(req.query.expression);",
      "  res.json({ result });",
      "});",
    ].join("\n");
    const [finding, ...rest] = findingsOf(codeInjection, "src/routes/calc.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "critical", line: 2 });
    expect(finding?.message).toContain("`eval(…)`");
    expect(finding?.message).toContain("`req.query.expression` (request input)");
  });

  it("on new Function with a body built from the request body through a local (js)", () => {
    const code = [
      "router.post('/rules/preview', (req, res) => {",
      "  const { condition } = req.body;",
      "  const predicate = new Function('order', 'return ' + condition + ';');",
      "  res.json(orders.filter(predicate));",
      "});",
    ].join("\n");
    const findings = findingsOf(codeInjection, "server/rules.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 3 });
    expect(findings[0]?.message).toContain("`condition` (from `req.body`, request input)");
  });

  it("on vm.runInNewContext and new vm.Script fed request input, with the isolation fix", () => {
    const code = [
      'import vm from "node:vm";',
      'app.post("/sandbox", async (req, res) => {',
      "  const out = vm.runInNewContext(req.body.script, { console });",
      "  const compiled = new vm.Script(`(function () { ${req.body.script} })()`);",
      "  res.json({ out, compiled: Boolean(compiled) });",
      "});",
    ].join("\n");
    const findings = findingsOf(codeInjection, "src/sandbox.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([3, 4]);
    expect(findings.every((finding) => finding.severity === "critical")).toBe(true);
    expect(findings[0]?.fix).toContain("isolated-vm");
    expect(findings[1]?.message).toContain("`new vm.Script(…)`");
  });

  it("on vm2's VM.run with a Koa request body", () => {
    const code = [
      "const { VM } = require('vm2');",
      "router.post('/eval', async (ctx) => {",
      "  const vm = new VM({ timeout: 1000 });",
      "  ctx.body = vm.run(ctx.request.body.code);",
      "});",
    ].join("\n");
    const findings = findingsOf(codeInjection, "src/eval.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 4 });
  });

  it("on setTimeout given a string built from the query", () => {
    const code = ['app.get("/later", (req, res) => {', "  setTimeout('notify(\"' + req.query.user + '\")', 1000);", "  res.end();", "});"].join("\n");
    const findings = findingsOf(codeInjection, "src/later.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("evaluates a string of code");
  });

  it("on require of a module path built from a route parameter", () => {
    const code = [
      'app.get("/reports/:kind", async (req, res) => {',
      "  const generator = require(`./generators/${req.params.kind}`);",
      "  res.json(await generator.run());",
      "});",
    ].join("\n");
    const findings = findingsOf(codeInjection, "src/reports.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 2 });
    expect(findings[0]?.message).toContain("loads a module path");
    expect(findings[0]?.fix).toContain("fixed object");
  });

  it("on eval of a field parsed from a Lambda event body", () => {
    const code = [
      "export const calculate = async (event: APIGatewayProxyEvent) => {",
      '  const { expression } = JSON.parse(event.body ?? "{}");',
      "  return { statusCode: 200, body: String(eval(expression)) };",
      "};",
    ].join("\n");
    const findings = findingsOf(codeInjection, "functions/calc.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 3 });
    expect(findings[0]?.message).toContain("`expression` (from `event.body`, request input)");
  });

  it("on eval of a template built from a helper's parameter (high: unknown origin)", () => {
    const code = ["export function parseLegacyConfig(text: string) {", "  return eval(`(${text})`);", "}"].join("\n");
    const findings = findingsOf(codeInjection, "src/config/legacy.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 2 });
    expect(findings[0]?.message).toContain("is not a constant");
  });

  it("on a dynamic import of a Next.js server action argument", () => {
    const code = ['"use server";', "export async function runExport(format: string) {", "  const mod = await import(`../exporters/${format}.js`);", "  return mod.default();", "}"].join(
      "\n",
    );
    const findings = findingsOf(codeInjection, "app/actions/export.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("critical");
  });
});

describe("security/code-injection: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "constant eval and Function bodies",
      "src/a.js",
      ["const root = new Function('return this')();", "const req2 = eval('require');", "const add = Function('a', 'b', 'return a + b');"].join("\n"),
    ],
    [
      "timers given functions, including a function held in a variable",
      "src/b.ts",
      [
        'app.get("/poll", (req, res) => {',
        "  const tick = () => poll(req.query.id);",
        "  setTimeout(tick, 500);",
        "  setInterval(() => refresh(req.query.id), 1000);",
        "  res.end();",
        "});",
      ].join("\n"),
    ],
    [
      "request values embedded through JSON.stringify",
      "src/c.ts",
      ['app.post("/render", (req, res) => {', "  const fn = new Function('data', `return format(data, ${JSON.stringify(req.body.locale)});`);", "  res.send(fn(rows));", "});"].join("\n"),
    ],
    [
      "an eval method on an unrelated object and a shadowing local",
      "src/d.ts",
      [
        "export async function run(req) {",
        "  await redis.eval(LUA_SCRIPT, 1, req.params.key);",
        "  const evaluate = (x: string) => x;",
        "  function eval2(code: string) { return code; }",
        "  return page.evaluate(req.body.selector);",
        "}",
      ].join("\n"),
    ],
    [
      "a dynamic import of a variable that is not request input (lazy routes, plugins)",
      "src/e.ts",
      [
        "const routes = { home: './pages/home.js', about: './pages/about.js' };",
        "export async function load(name: keyof typeof routes) {",
        "  return import(routes[name]);",
        "}",
        "export const plugins = (config) => config.plugins.map((plugin) => require(plugin));",
      ].join("\n"),
    ],
    [
      "a request value checked against an allowlist before the module is loaded",
      "src/f.js",
      [
        "const FORMATS = new Set(['csv', 'xlsx']);",
        "app.get('/export', async (req, res) => {",
        "  if (!FORMATS.has(req.query.format)) return res.sendStatus(400);",
        "  const exporter = await import(`./exporters/${req.query.format}.js`);",
        "  res.send(await exporter.run());",
        "});",
      ].join("\n"),
    ],
    [
      "vm-like names that are not the vm module",
      "src/g.ts",
      ["import { runInContext } from './tracing.js';", 'app.get("/t", (req, res) => {', "  runInContext(req.query.traceId, () => res.end());", "  job.run(req.body.payload);", "});"].join(
        "\n",
      ),
    ],
    [
      "a build script evaluating a generated file",
      "scripts/build-icons.js",
      ["const fs = require('fs');", "function loadManifest(file) {", "  return eval(fs.readFileSync(file, 'utf8'));", "}"].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(codeInjection, path, code)).toEqual([]);
  });
});

describe("security/code-injection: review scope and suppression", () => {
  it("honours a suppression with a reason", () => {
    const code = [
      "export function compileTemplate(source: string) {",
      "  // prodgap-ignore-next-line security/code-injection -- templates come from our own repository at build time",
      "  return new Function('ctx', `with (ctx) { return \\`${source}\\`; }`);",
      "}",
    ].join("\n");
    expect(findingsOf(codeInjection, "src/templates.ts", code)).toEqual([]);
  });

  it("does not report unchanged lines in review mode", () => {
    const code = ["app.get('/a', (req, res) => res.json(eval(req.query.a)));", "app.get('/b', (req, res) => res.json(JSON.parse(req.query.b)));"].join("\n");
    const { findings } = analyze([codeInjection], [{ path: "src/x.js", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(findings).toEqual([]);
  });
});
