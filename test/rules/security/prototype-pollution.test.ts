import { describe, expect, it } from "vitest";
import { prototypePollution } from "../../../rules/security/prototype-pollution.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/prototype-pollution";

const UNSAFE_MERGE = [
  "function deepMerge(target, source) {",
  "  for (const key in source) {",
  "    if (source[key] && typeof source[key] === 'object') {",
  "      if (!target[key]) target[key] = {};",
  "      deepMerge(target[key], source[key]);",
  "    } else {",
  "      target[key] = source[key];",
  "    }",
  "  }",
  "  return target;",
  "}",
];

describe("security/prototype-pollution: fires", () => {
  it("on an unguarded recursive merge called with req.body (js, medium at the call)", () => {
    const code = [
      ...UNSAFE_MERGE,
      "const preferences = {};",
      'app.put("/preferences", (req, res) => {',
      "  deepMerge(preferences, req.body);",
      "  res.json(preferences);",
      "});",
    ].join("\n");
    const findings = findingsOf(prototypePollution, "src/preferences.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "medium", line: 14 });
    expect(findings[0]?.message).toContain("`deepMerge()` merges `req.body` from the request recursively");
    expect(findings[0]?.fix).toContain("__proto__");
  });

  it("at low on the merge function itself when no request call is in the file (ts, Object.keys + forEach)", () => {
    const code = [
      "export function mergeConfig(target: Record<string, any>, source: Record<string, any>) {",
      "  Object.keys(source).forEach((key) => {",
      "    if (isObject(source[key])) {",
      "      target[key] = target[key] ?? {};",
      "      mergeConfig(target[key], source[key]);",
      "    } else {",
      "      target[key] = source[key];",
      "    }",
      "  });",
      "  return target;",
      "}",
    ].join("\n");
    const findings = findingsOf(prototypePollution, "src/util/merge.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "low", line: 1 });
    expect(findings[0]?.message).toContain("merges keys recursively into `target`");
  });

  it("on a nested computed write whose outer key comes from the request", () => {
    const code = [
      "const settings: Record<string, Record<string, unknown>> = { ui: {}, mail: {} };",
      'router.post("/settings", (req, res) => {',
      "  const { section, key, value } = req.body;",
      "  settings[section][key] = value;",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const findings = findingsOf(prototypePollution, "src/settings.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "medium", line: 4 });
    expect(findings[0]?.message).toContain("`settings[section][key] = …` uses `section`");
  });

  it("at low on library path-sets and deep merges fed request data", () => {
    const code = [
      'import _ from "lodash";',
      'import { setProperty } from "dot-prop";',
      'const objectPath = require("object-path");',
      'app.patch("/profile", (req, res) => {',
      "  _.set(profile, req.body.path, req.body.value);",
      "  setProperty(profile, req.query.field, req.query.value);",
      "  objectPath.set(profile, req.body.path, true);",
      "  _.merge(profile, req.body);",
      "  $.extend(true, profile, req.body);",
      "  res.json(profile);",
      "});",
    ].join("\n");
    const findings = findingsOf(prototypePollution, "src/profile.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "low"],
      [6, "low"],
      [7, "low"],
      [8, "low"],
      [9, "low"],
    ]);
    expect(findings[0]?.message).toContain("older releases");
  });

  it("on a recursive merge method called on this with a Koa body", () => {
    const code = [
      "class Store {",
      "  state = {};",
      "  assign(target, source) {",
      "    for (const [key, value] of Object.entries(source)) {",
      "      if (typeof value === 'object') { target[key] = target[key] || {}; this.assign(target[key], value); }",
      "      else target[key] = value;",
      "    }",
      "  }",
      "}",
      "router.post('/state', async (ctx) => {",
      "  store.assign(store.state, ctx.request.body);",
      "});",
    ].join("\n");
    const findings = findingsOf(prototypePollution, "src/store.js", code);
    // The call goes through an instance, so only the definition is reported, at low.
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([[3, "low"]]);
  });
});

describe("security/prototype-pollution: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "a merge that skips dangerous keys",
      "src/a.ts",
      [
        "export function deepMerge(target: any, source: any) {",
        "  for (const key of Object.keys(source)) {",
        '    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;',
        "    if (isPlainObject(source[key])) { target[key] ??= {}; deepMerge(target[key], source[key]); }",
        "    else target[key] = source[key];",
        "  }",
        "  return target;",
        "}",
        'app.post("/x", (req, res) => res.json(deepMerge({}, req.body)));',
      ].join("\n"),
    ],
    [
      "a merge that recurses only into own properties of the target, and one using a key-check helper",
      "src/b.js",
      [
        "function merge(target, source) {",
        "  for (const key in source) {",
        "    if (Object.hasOwn(target, key) && typeof target[key] === 'object') merge(target[key], source[key]);",
        "    else target[key] = source[key];",
        "  }",
        "}",
        "function merge2(target, source) {",
        "  for (const key in source) {",
        "    if (isUnsafeKey(key)) continue;",
        "    if (typeof source[key] === 'object') { target[key] = target[key] || {}; merge2(target[key], source[key]); }",
        "    else target[key] = source[key];",
        "  }",
        "}",
        "app.post('/x', (req, res) => { merge(config, req.body); merge2(config, req.body); res.end(); });",
      ].join("\n"),
    ],
    [
      "a recursive clone into a fresh object and a flatten into one level",
      "src/c.ts",
      [
        "export function clone(obj: any): any {",
        "  const out: any = {};",
        "  for (const k in obj) out[k] = typeof obj[k] === 'object' ? clone(obj[k]) : obj[k];",
        "  return out;",
        "}",
        "export function flatten(obj: any, prefix = '', out: any = {}) {",
        "  for (const k in obj) {",
        "    if (typeof obj[k] === 'object') flatten(obj[k], prefix + k + '.', out);",
        "    else out[prefix + k] = obj[k];",
        "  }",
        "  return out;",
        "}",
      ].join("\n"),
    ],
    [
      "one-level computed writes with request keys",
      "src/d.js",
      [
        'app.post("/counters", (req, res) => {',
        "  counters[req.body.name] = (counters[req.body.name] || 0) + 1;",
        "  res.json(counters);",
        "});",
      ].join("\n"),
    ],
    [
      "nested writes with an allowlisted outer key, a null-prototype store, or constant keys",
      "src/e.ts",
      [
        'const SECTIONS = ["ui", "mail"];',
        'router.post("/settings", (req, res) => {',
        "  const { section, key, value } = req.body;",
        "  if (!SECTIONS.includes(section)) return res.sendStatus(400);",
        "  settings[section][key] = value;",
        "  settings.ui[key] = value;",
        "  res.sendStatus(204);",
        "});",
        'router.post("/cache", (req, res) => {',
        "  const store = Object.create(null);",
        "  store[req.body.ns][req.body.key] = req.body.value;",
        "  res.end();",
        "});",
      ].join("\n"),
    ],
    [
      "library calls with server-side paths, and shallow copies of the body",
      "src/f.js",
      [
        'const _ = require("lodash");',
        'app.post("/x", (req, res) => {',
        "  _.set(config, 'server.port', Number(req.body.port));",
        "  _.merge(defaults, overrides);",
        "  const copy = Object.assign({}, req.body, { ...req.body });",
        "  cache.set(req.body.key, req.body.value);",
        "  res.json(copy);",
        "});",
      ].join("\n"),
    ],
    [
      "a nested write whose outer key is a loop index",
      "src/g.ts",
      [
        "export function transpose(grid: number[][]) {",
        "  const out: number[][] = [];",
        "  for (let i = 0; i < grid.length; i++) for (let j = 0; j < grid[i]!.length; j++) out[j]![i] = grid[i]![j]!;",
        "  return out;",
        "}",
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(prototypePollution, path, code)).toEqual([]);
  });
});

describe("security/prototype-pollution: review scope", () => {
  it("reports only on lines the pull request changes", () => {
    const code = [
      'app.post("/a", (req, res) => { store[req.body.a][req.body.b] = 1; res.end(); });',
      'app.post("/b", (req, res) => { store[req.body.c][req.body.d] = 1; res.end(); });',
    ].join("\n");
    const { findings } = analyze([prototypePollution], [{ path: "src/r.js", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });
});
