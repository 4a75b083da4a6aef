import { describe, expect, it } from "vitest";
import { consoleLog } from "../../../rules/observability/console-log.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

describe("observability/console-log: fires", () => {
  it("on console.log in a request handler, naming the call", () => {
    const code = [
      "export async function createOrder(req, res) {",
      "  console.log('creating order', req.body.sku);",
      "  res.status(201).json(await orders.create(req.body));",
      "}",
    ].join("\n");
    const findings = findingsOf(consoleLog, "src/orders/handler.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "observability/console-log", severity: "low", line: 2 });
    expect(findings[0]?.message).toContain("`console.log(…)`");
    expect(findings[0]?.message).toContain("structured logger");
  });

  it("on every console method in the list, and through globalThis/window", () => {
    const code = [
      "export function debugState(state: State) {",
      "  console.info('state');",
      "  console.debug(state);",
      "  console.warn('slow');",
      "  console.error(new Error('x'));",
      "  console.trace();",
      "  console.dir(state, { depth: 5 });",
      "  console.table(state.rows);",
      "  globalThis.console.log('g');",
      "  window.console['log']('w');",
      "}",
    ].join("\n");
    expect(findingsOf(consoleLog, "src/state.ts", code).map((finding) => finding.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("points at the logger the file already imports", () => {
    const code = ['import { logger } from "../lib/logger.js";', "export const start = (port: number) => {", "  console.log(`listening on ${port}`);", "};"].join("\n");
    const findings = findingsOf(consoleLog, "src/server.ts", code);
    expect(findings[0]?.message).toContain("use `logger`, which this file already imports");
  });

  it("in browser code too (.tsx), at low", () => {
    const code = ["export function Cart({ items }: { items: Item[] }) {", "  console.log('render cart', items);", "  return <ul>{items.map((i) => <li key={i.id}>{i.name}</li>)}</ul>;", "}"].join("\n");
    const findings = findingsOf(consoleLog, "web/src/components/Cart.tsx", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("low");
  });

  it("on a multi-line call in a worker (.mjs), spanning its lines", () => {
    const code = ["queue.process(async (job) => {", "  console.error(", "    'job failed',", "    job.id,", "  );", "});"].join("\n");
    const findings = findingsOf(consoleLog, "workers/mailer.mjs", code);
    expect(findings[0]).toMatchObject({ line: 2, endLine: 5 });
  });
});

describe("observability/console-log: does not fire", () => {
  const runtimeCall = "export const f = () => {\n  console.log('hello');\n};\n";

  it.each([
    "src/app.test.ts",
    "src/app.spec.js",
    "src/__tests__/app.ts",
    "test/helpers/app.ts",
    "packages/api/tests/app.ts",
    "e2e/login.ts",
    "scripts/seed-users.ts",
    "bin/prodgap.js",
    "src/cli/main.ts",
    "tools/cli.ts",
    "bench/parse.ts",
    "benchmarks/walk.js",
    "examples/basic/index.js",
    "src/components/Button.stories.tsx",
    "vite.config.ts",
    "packages/web/next.config.mjs",
    "db/migrations/20240101_add_users.js",
    ".eslintrc.cjs",
  ])("in %s (ignored by default)", (path) => {
    expect(findingsOf(consoleLog, path, runtimeCall)).toEqual([]);
  });

  const safe: Array<[string, string, string]> = [
    ["a structured logger", "src/a.ts", "export const a = () => {\n  logger.log('info', 'x');\n  logger.info({ id: 1 }, 'done');\n  log.error('x');\n};"],
    ["a console parameter (injected)", "src/b.js", "export function run(task, console) {\n  console.log('running', task.id);\n}"],
    ["a local variable named console", "src/c.ts", "const console = createLogger('c');\nexport const c = () => console.warn('x');"],
    ["a console method outside the list", "src/d.ts", "export const d = () => {\n  console.time('x');\n  console.timeEnd('x');\n  console.assert(ok);\n};"],
    ["a method named log on another object", "src/e.tsx", "export function E() {\n  audit.log('opened');\n  return <div onClick={() => history.log?.()} />;\n}"],
    ["a mention in a string or comment", "src/f.js", "// console.log('debug')\nexport const hint = 'use console.log to debug';"],
  ];

  it.each(safe)("on %s", (_name, path, code) => {
    expect(findingsOf(consoleLog, path, code)).toEqual([]);
  });
});

describe("observability/console-log: configuration, review scope and suppression", () => {
  const code = "export function handler(event) {\n  console.warn('slow event', event.id);\n  console.error('failed', event.id);\n  console.log('done');\n}\n";

  it("skips paths added through rules.<id>.ignore", () => {
    const { findings } = analyze([consoleLog], [{ path: "src/legacy/handler.ts", content: code }], {
      config: { rules: { "observability/console-log": { ignore: ["src/legacy/**"] } } },
    });
    expect(findings).toEqual([]);
  });

  it("accepts methods listed in options.allow", () => {
    const findings = findingsOf(consoleLog, "src/handler.ts", code, { config: { rules: { "observability/console-log": { options: { allow: ["warn", "error"] } } } } });
    expect(findings.map((finding) => finding.line)).toEqual([4]);
  });

  it("reports invalid options as an engine note instead of guessing", () => {
    const { notes } = analyze([consoleLog], [{ path: "src/handler.ts", content: code }], { config: { rules: { "observability/console-log": { options: { allow: ["print"] } } } } });
    expect(notes.join("\n")).toContain("invalid options");
  });

  it("does not report calls on unchanged lines", () => {
    const { findings } = analyze([consoleLog], [{ path: "src/handler.ts", content: code, patch: patchAdding(code, [4]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([4]);
  });

  it("honours a suppression comment with a reason", () => {
    const suppressed = "export function boot() {\n  // prodgap-ignore-next-line observability/console-log -- printed before the logger exists\n  console.error('fatal: missing DATABASE_URL');\n}\n";
    expect(findingsOf(consoleLog, "src/boot.ts", suppressed)).toEqual([]);
  });
});
