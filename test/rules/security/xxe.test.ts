import { describe, expect, it } from "vitest";
import { xxe } from "../../../rules/security/xxe.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/xxe";

describe("security/xxe: fires", () => {
  it("on libxmljs.parseXml of the request body with noent: true (js, high)", () => {
    const code = [
      'const libxmljs = require("libxmljs");',
      'app.post("/import", express.text({ type: "application/xml" }), (req, res) => {',
      "  const doc = libxmljs.parseXml(req.body, { noent: true, noblanks: true });",
      '  res.json({ items: doc.find("//item").length });',
      "});",
    ].join("\n");
    const findings = findingsOf(xxe, "src/import.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 3 });
    expect(findings[0]?.message).toContain("`libxmljs.parseXml(…)` parses `req.body` (from the request) with `noent: true`");
    expect(findings[0]?.fix).toContain("noent");
  });

  it("on a named parseXmlString import from libxmljs2 fed an uploaded file (ts)", () => {
    const code = [
      'import { parseXmlString } from "libxmljs2";',
      'router.post("/feeds", upload.single("feed"), async (req, res) => {',
      "  const xml = req.file.buffer.toString('utf8');",
      "  const doc = parseXmlString(xml, { noent: true });",
      "  res.json(toFeed(doc));",
      "});",
    ].join("\n");
    const findings = findingsOf(xxe, "src/feeds.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
  });

  it("on options held in a const and on the libxmljs 1.x NOENT flag", () => {
    const code = [
      'import * as libxml from "libxmljs";',
      "const PARSE_OPTIONS = { noent: true, nonet: true };",
      "export async function POST(request: Request) {",
      "  const body = await request.text();",
      "  const doc = libxml.parseXml(body, PARSE_OPTIONS);",
      "  const again = libxml.parseXml(body, { flags: [XMLParseFlags.XML_PARSE_NOENT] });",
      "  return Response.json({ ok: Boolean(doc && again) });",
      "}",
    ].join("\n");
    const findings = findingsOf(xxe, "app/api/import/route.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [5, "high"],
      [6, "high"],
    ]);
  });

  it("one level lower for a document of unknown origin, and for dtdload alone", () => {
    const code = [
      'import libxmljs from "libxmljs2";',
      "export function parseInvoice(xml: string) {",
      "  return libxmljs.parseXml(xml, { noent: true });",
      "}",
      'app.post("/validate", (req, res) => {',
      "  const doc = libxmljs.parseXml(req.body, { dtdload: true, dtdvalid: true });",
      "  res.json({ valid: doc.validate(schema) });",
      "});",
    ].join("\n");
    const findings = findingsOf(xxe, "src/xml.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "medium"],
      [6, "medium"],
    ]);
    expect(findings[1]?.message).toContain("external DTD is fetched");
  });
});

describe("security/xxe: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "libxmljs with default options (entities not substituted)",
      "src/a.ts",
      [
        'import libxmljs from "libxmljs";',
        'app.post("/x", (req, res) => res.json(libxmljs.parseXml(req.body, { noblanks: true }).root()?.name()));',
        'app.post("/y", (req, res) => res.json(libxmljs.parseXml(req.body).root()?.name()));',
      ].join("\n"),
    ],
    [
      "noent explicitly false",
      "src/b.js",
      [
        'const libxmljs = require("libxmljs2");',
        'app.post("/x", (req, res) => res.json(libxmljs.parseXmlString(req.body, { noent: false, nonet: true })));',
      ].join("\n"),
    ],
    [
      "xml2js, fast-xml-parser and @xmldom/xmldom",
      "src/c.ts",
      [
        'import { parseStringPromise } from "xml2js";',
        'import { XMLParser } from "fast-xml-parser";',
        'import { DOMParser } from "@xmldom/xmldom";',
        'app.post("/x", async (req, res) => {',
        "  const a = await parseStringPromise(req.body);",
        "  const b = new XMLParser({ processEntities: true }).parse(req.body);",
        "  const c = new DOMParser().parseFromString(req.body, 'text/xml');",
        "  res.json({ a, b, c });",
        "});",
      ].join("\n"),
    ],
    [
      "a constant template document",
      "src/d.ts",
      [
        'import libxmljs from "libxmljs";',
        'const TEMPLATE = "<invoice><total>0</total></invoice>";',
        "export const blank = () => libxmljs.parseXml(TEMPLATE, { noent: true });",
        "export const fromFixture = () => libxmljs.parseXml(SAMPLE_XML, { noent: true });",
      ].join("\n"),
    ],
    [
      "a parseXml method of another library with a noent-looking option",
      "src/e.ts",
      [
        'import { parseXml } from "@rgrove/parse-xml";',
        'app.post("/x", (req, res) => res.json(parseXml(req.body, { noent: true })));',
        'app.post("/y", (req, res) => res.json(xmlUtils.parseXml(req.body, { noent: true })));',
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(xxe, path, code)).toEqual([]);
  });
});

describe("security/xxe: review scope", () => {
  it("reports only on lines the pull request changes", () => {
    const code = [
      'const libxmljs = require("libxmljs");',
      'app.post("/a", (req, res) => res.json(libxmljs.parseXml(req.body, { noent: true })));',
      'app.post("/b", (req, res) => res.json(libxmljs.parseXml(req.body, { noent: true })));',
    ].join("\n");
    const { findings } = analyze([xxe], [{ path: "src/r.js", content: code, patch: patchAdding(code, [3]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([3]);
  });
});
