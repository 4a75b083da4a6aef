import { describe, expect, it } from "vitest";
import { unsafeDeserialization } from "../../../rules/security/unsafe-deserialization.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/unsafe-deserialization";

describe("security/unsafe-deserialization: fires", () => {
  it("on node-serialize unserialize of a cookie (critical, names the origin)", () => {
    const code = [
      "const serialize = require('node-serialize');",
      "app.get('/profile', (req, res) => {",
      "  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());",
      "  res.render('profile', { profile });",
      "});",
    ].join("\n");
    const [finding, ...rest] = findingsOf(unsafeDeserialization, "src/profile.js", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "critical", line: 3 });
    expect(finding?.message).toContain("`serialize.unserialize(…)`");
    expect(finding?.message).toContain("req.cookies.profile");
    expect(finding?.message).toContain("_$$ND_FUNC$$_");
    expect(finding?.fix).toContain("JSON.parse");
  });

  it("on js-yaml 3 load with DEFAULT_FULL_SCHEMA of an uploaded body", () => {
    const code = [
      'import yaml from "js-yaml";',
      'app.post("/pipelines", async (req, res) => {',
      "  const pipeline = yaml.load(req.body.definition, { schema: yaml.DEFAULT_FULL_SCHEMA });",
      "  res.json(await save(pipeline));",
      "});",
    ].join("\n");
    const findings = findingsOf(unsafeDeserialization, "src/pipelines.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "critical", line: 3 });
    expect(findings[0]?.message).toContain("`schema: yaml.DEFAULT_FULL_SCHEMA`");
  });

  it("on js-yaml 4 with a schema extended by js-yaml-js-types, held in a const (high: unknown origin)", () => {
    const code = [
      'import { load, DEFAULT_SCHEMA } from "js-yaml";',
      'import jsTypes from "js-yaml-js-types";',
      "const schema = DEFAULT_SCHEMA.extend(jsTypes.all);",
      "export function readJob(text: string) {",
      "  return load(text, { schema });",
      "}",
    ].join("\n");
    const findings = findingsOf(unsafeDeserialization, "src/jobs/reader.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
    expect(findings[0]?.message).toContain("if that text ever comes from a client");
  });

  it("on a plain load in a file that also uses js-yaml 3's safeLoad", () => {
    const code = [
      "const yaml = require('js-yaml');",
      "exports.parseTrusted = (text) => yaml.safeLoad(text);",
      "exports.parseMessage = (message) => yaml.load(message.body);",
      "exports.parseNamed = (text, filename) => yaml.load(text, { filename });",
      "exports.parseStrict = (text) => yaml.load(text, { schema: yaml.JSON_SCHEMA });",
    ].join("\n");
    const findings = findingsOf(unsafeDeserialization, "lib/yaml.js", code);
    expect(findings.map((finding) => finding.line)).toEqual([3, 4]);
    expect(findings[0]).toMatchObject({ severity: "high", line: 3 });
    expect(findings[0]?.message).toContain("js-yaml 3");
  });

  it("on serialize-to-js, funcster and cryo with queue messages", () => {
    const code = [
      'import { deserialize } from "serialize-to-js";',
      'import funcster from "funcster";',
      'import Cryo from "cryo";',
      "export function onMessage(message: { body: string }) {",
      "  const a = deserialize(message.body);",
      "  const b = funcster.deepDeserialize(JSON.parse(message.body));",
      "  const c = Cryo.parse(message.body);",
      "  return [a, b, c];",
      "}",
    ].join("\n");
    const findings = findingsOf(unsafeDeserialization, "src/worker.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "high"],
      [6, "high"],
      [7, "high"],
    ]);
  });

  it("on a Lambda event body with yaml.unsafeLoad", () => {
    const code = ['import * as yaml from "js-yaml";', "export const handler = async (event) => {", "  const doc = yaml.unsafeLoad(event.body);", "  return { statusCode: 200, body: JSON.stringify(doc) };", "};"].join("\n");
    const findings = findingsOf(unsafeDeserialization, "functions/import.mjs", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("critical");
  });

  it("at low severity on the application's own file read with the full schema", () => {
    const code = [
      "const fs = require('fs');",
      "const path = require('path');",
      "const yaml = require('js-yaml');",
      "const config = yaml.load(fs.readFileSync(path.join(__dirname, 'config.yml'), 'utf8'), { schema: yaml.DEFAULT_FULL_SCHEMA });",
    ].join("\n");
    const findings = findingsOf(unsafeDeserialization, "src/config.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("low");
  });
});

describe("security/unsafe-deserialization: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "plain js-yaml load (safe by default in js-yaml 4) and an explicit JSON schema",
      "src/a.ts",
      [
        'import yaml from "js-yaml";',
        'app.post("/import", (req, res) => {',
        "  const doc = yaml.load(req.body.text);",
        "  const strict = yaml.load(req.body.text, { schema: yaml.JSON_SCHEMA });",
        "  yaml.loadAll(req.body.text, (item) => items.push(item));",
        "  res.json({ doc, strict });",
        "});",
      ].join("\n"),
    ],
    [
      "js-yaml 3 safeLoad of request input",
      "src/b.js",
      ["const yaml = require('js-yaml');", "app.post('/import', (req, res) => res.json(yaml.safeLoad(req.body.text)));"].join("\n"),
    ],
    [
      "JSON.parse, the yaml package and serialize-javascript",
      "src/c.ts",
      [
        'import YAML from "yaml";',
        'import serialize from "serialize-javascript";',
        'app.post("/x", (req, res) => {',
        "  const a = JSON.parse(req.body.json);",
        "  const b = YAML.parse(req.body.yaml);",
        "  res.send(serialize({ a, b }, { isJSON: true }));",
        "});",
      ].join("\n"),
    ],
    [
      "same-named functions from other modules",
      "src/d.ts",
      [
        'import { deserialize } from "bson";',
        'import { unserialize } from "php-serialize";',
        'import { load } from "cheerio";',
        'app.post("/x", (req, res) => {',
        "  const doc = deserialize(Buffer.from(req.body.data, 'base64'));",
        "  const legacy = unserialize(req.body.php);",
        "  const $ = load(req.body.html);",
        "  res.json({ doc, legacy, title: $('title').text() });",
        "});",
      ].join("\n"),
    ],
    [
      "node-serialize only serializing, and unserializing a constant",
      "src/e.js",
      [
        "const serialize = require('node-serialize');",
        "app.get('/me', (req, res) => {",
        "  res.cookie('profile', serialize.serialize({ name: req.user.name }));",
        "  const defaults = serialize.unserialize('{\"theme\":\"dark\"}');",
        "  res.json(defaults);",
        "});",
      ].join("\n"),
    ],
    [
      "a local function named unserialize in a file without these libraries",
      "src/f.ts",
      ["function unserialize(text: string) { return JSON.parse(text); }", 'app.post("/x", (req, res) => res.json(unserialize(req.body.payload)));'].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(unsafeDeserialization, path, code)).toEqual([]);
  });

  it("skips test files", () => {
    const code = ["const serialize = require('node-serialize');", "it('round-trips', () => { expect(serialize.unserialize(payload)).toEqual(x); });"].join("\n");
    expect(findingsOf(unsafeDeserialization, "test/serialize.spec.js", code)).toEqual([]);
  });
});
