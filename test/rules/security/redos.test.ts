import { describe, expect, it } from "vitest";
import { exponentialBacktracking, parseRegex, redos } from "../../../rules/security/redos.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/redos";

describe("exponentialBacktracking: the ambiguity detector", () => {
  it.each([
    ["^(a+)+$", ""],
    ["(a+)+b", ""],
    ["(\\w+\\s?)*$", ""],
    ["([a-z]+)*$", "i"],
    ["(.*a){2,}b", ""],
    ["(a|aa)+$", ""],
    ["(\\w|\\d)+!", ""],
    ["^(([a-z])+.)+[A-Z]([a-z])+$", ""],
    ["(\\w+-\\w+)*\\b", ""],
    ["^([a-zA-Z0-9])+@([a-zA-Z0-9]{2,4})+$", ""],
    ["^(\\s*,\\s*)*$", ""],
    ["(x+x+)+y", ""],
    ["(?:\\r\\n|\\n|\\r)+$", ""],
    ["^(\\S+\\s*)*$", ""],
    ["(?<word>\\p{L}+\\s?)+(?=\\.)", "u"],
  ])("flags %s", (source, flags) => {
    expect(exponentialBacktracking(source, flags)).toBeDefined();
  });

  it.each([
    ["(\\d+\\.)*\\d+"],
    ["([^/]+/)*"],
    ["^[a-z0-9]+(-[a-z0-9]+)*$"],
    ["^[\\w.+-]+@([\\w-]+\\.)+[\\w-]{2,}$"],
    ["(get|post|put)+"],
    ["(ab|ac)+"],
    ["(a|ab)*c"],
    ['"(\\\\.|[^"\\\\])*"'],
    ["(<[^>]*>)*"],
    ["^(\\d{1,3}\\.){3}\\d{1,3}$"],
    ["(\\.[^.]+)*"],
    ["(a+){2}"],
    ["(a+)+"],
    ["(?:[^\\s\"']+|\"[^\"]*\"|'[^']*')+"],
    ["^(\\w+\\s?)*\\s*"],
    ["^(\\w+)(,\\s*\\w+)*$"],
    ["\\B(?=(\\d{3})+(?!\\d))"],
    ["^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"],
    ["<script\\b[^<]*(?:(?!<\\/script>)<[^<]*)*<\\/script>"],
    ["^(([a-zA-Z]|[a-zA-Z][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z]|[A-Za-z][A-Za-z0-9\\-]*[A-Za-z0-9])$"],
  ])("accepts %s", (source) => {
    expect(exponentialBacktracking(source, "")).toBeUndefined();
  });

  it("parses classes, escapes and groups, and declines what it does not model", () => {
    expect(parseRegex("[\\]a-z\\d-]+(?:x|y){2,3}\\u0041\\x41\\cJ\\k<n>", "")).toBeDefined();
    expect(parseRegex("(a", "")).toBeUndefined();
    expect(parseRegex("a**", "")).toBeUndefined();
    expect(parseRegex("[\\p{L}--[a-z]]", "v")).toBeUndefined();
    expect(exponentialBacktracking("(a+", "")).toBeUndefined();
  });
});

describe("security/redos: fires", () => {
  it("on new RegExp(req.query.q) in an Express search route (js)", () => {
    const code = [
      'router.get("/search", async (req, res) => {',
      '  const pattern = new RegExp(req.query.q, "i");',
      "  res.json(products.filter((p) => pattern.test(p.name)));",
      "});",
    ].join("\n");
    const findings = findingsOf(redos, "src/search.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "medium", line: 2 });
    expect(findings[0]?.message).toContain("`new RegExp(req.query.q)` compiles a pattern from the request");
    expect(findings[0]?.fix).toContain("escapeRegExp");
  });

  it("on a template-built pattern, a Mongo $regex and String#match with request text (ts)", () => {
    const code = [
      "export async function GET(request: NextRequest) {",
      '  const q = request.nextUrl.searchParams.get("q") ?? "";',
      "  const byPrefix = RegExp(`^${q}`);",
      '  const users = await User.find({ name: { $regex: q, $options: "i" } });',
      "  const hit = TITLES.find((title) => title.match(q));",
      "  return Response.json({ users, hit, ok: byPrefix.test('x') });",
      "}",
    ].join("\n");
    const findings = findingsOf(redos, "app/api/users/route.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "medium"],
      [4, "medium"],
      [5, "medium"],
    ]);
  });

  it("on a nested-quantifier literal applied to request data", () => {
    const code = [
      "const TAGS = /^(\\w+\\s?)*$/;",
      'app.post("/tags", (req, res) => {',
      "  if (!TAGS.test(req.body.tags)) return res.status(400).end();",
      "  res.json(req.body.tags.split(/(,\\s*)+/));",
      "});",
    ].join("\n");
    const findings = findingsOf(redos, "src/tags.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 3 });
    expect(findings[0]?.message).toContain("`/^(\\w+\\s?)*$/`");
    expect(findings[0]?.message).toContain("`req.body.tags`");
  });

  it("on vulnerable patterns in express-validator chains and class-validator decorators", () => {
    const code = [
      'import { body } from "express-validator";',
      'export const rules = [body("slug").trim().matches(/^([a-z0-9]+-?)+$/)];',
      "export class CreateCouponDto {",
      "  @Matches(/^([A-Z0-9]+-?)+$/)",
      "  code!: string;",
      "}",
    ].join("\n");
    const findings = findingsOf(redos, "src/validators.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [4, "medium"],
    ]);
    expect(findings[0]?.message).toContain("validates client input");
  });

  it("at low for a vulnerable literal not seen applied to request data", () => {
    const code = [
      "export const EMAIL = /^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+.)+([a-zA-Z0-9]{2,4})+$/;",
      "export const isEmail = (value: string) => EMAIL.test(value);",
    ].join("\n");
    const findings = findingsOf(redos, "src/validation/email.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "low", line: 1 });
    expect(findings[0]?.message).toContain("not seen applied to request data");
  });
});

describe("security/redos: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "escaped input (escapeRegExp, _.escapeRegExp, the replace idiom)",
      "src/a.ts",
      [
        'router.get("/search", (req, res) => {',
        '  const a = new RegExp(escapeRegExp(req.query.q), "i");',
        "  const b = new RegExp(_.escapeRegExp(req.query.q));",
        '  const c = new RegExp(req.query.q.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&"), "i");',
        "  res.json({ a, b, c });",
        "});",
      ].join("\n"),
    ],
    [
      "patterns built from constants and server-side values",
      "src/b.js",
      [
        'const PREFIX = "api";',
        "const route = new RegExp(`^/${PREFIX}/v\\\\d+/`);",
        "const fromEnv = new RegExp(process.env.ALLOWED_ORIGINS);",
        "export function matcher(word) { return new RegExp(`\\\\b${word}\\\\b`); }",
      ].join("\n"),
    ],
    [
      "unambiguous literals applied to request data",
      "src/c.ts",
      [
        'app.post("/x", (req, res) => {',
        "  const okSlug = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(req.body.slug);",
        "  const okVersion = /^(\\d+\\.)*\\d+$/.test(req.body.version);",
        "  const parts = req.body.path.split(/\\/+/);",
        '  const clean = req.body.name.replace(/\\s+/g, " ");',
        "  res.json({ okSlug, okVersion, parts, clean });",
        "});",
      ].join("\n"),
    ],
    [
      "String#replace and #split with a request string (treated literally)",
      "src/d.js",
      [
        'app.get("/x", (req, res) => {',
        '  res.send(template.replace(req.query.token, "").split(req.query.sep));',
        "});",
      ].join("\n"),
    ],
    [
      "a Mongo aggregation $match stage and a $regex with an escaped value",
      "src/e.ts",
      [
        'router.get("/orders", async (req, res) => {',
        "  const filter = { status: req.query.status };",
        "  const rows = await Order.aggregate().match(filter);",
        "  const named = await Order.find({ name: { $regex: escapeRegex(req.query.name) } });",
        "  res.json({ rows, named });",
        "});",
      ].join("\n"),
    ],
    [
      "a match() argument that is an object, not a pattern",
      "src/f.ts",
      [
        'router.get("/route", (req, res) => {',
        "  const params = { path: req.query.path };",
        "  res.json(router.match(params));",
        "});",
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(redos, path, code)).toEqual([]);
  });
});

describe("security/redos: review scope", () => {
  it("reports only on lines the pull request changes", () => {
    const code = [
      'app.get("/a", (req, res) => res.json(new RegExp(req.query.a)));',
      'app.get("/b", (req, res) => res.json(new RegExp(req.query.b)));',
    ].join("\n");
    const { findings } = analyze([redos], [{ path: "src/r.js", content: code, patch: patchAdding(code, [1]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([1]);
  });
});
