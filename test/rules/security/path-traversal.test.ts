import { describe, expect, it } from "vitest";
import { pathTraversal } from "../../../rules/security/path-traversal.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/path-traversal";
const lines = (...code: string[]): string => code.join("\n");

describe("security/path-traversal: fires", () => {
  it("on res.sendFile(path.join(__dirname, req.params.name)) in an Express route", () => {
    const code = lines(
      'import path from "node:path";',
      'import express from "express";',
      "const router = express.Router();",
      'router.get("/invoices/:name", (req, res) => {',
      '  res.sendFile(path.join(__dirname, "invoices", req.params.name));',
      "});",
    );
    const [finding, ...rest] = findingsOf(pathTraversal, "src/routes/invoices.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "high", line: 5 });
    expect(finding?.message).toContain("req.params.name");
    expect(finding?.message).toContain("`res.sendFile()`");
    expect(finding?.fix).toContain("root");
  });

  it("on fs/promises readFile of a path built from req.query in a local (js)", () => {
    const code = lines(
      'const { readFile } = require("fs/promises");',
      'const path = require("path");',
      'app.get("/logs", async (req, res) => {',
      "  const file = path.resolve(LOG_DIR, req.query.file);",
      '  const text = await readFile(file, "utf8");',
      '  res.type("text/plain").send(text);',
      "});",
    );
    const findings = findingsOf(pathTraversal, "server/logs.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
    expect(findings[0]?.message).toContain("`file` (from `req.query.file`)");
    expect(findings[0]?.message).toContain("read files");
  });

  it("on fs.unlinkSync with a template path from a Koa body", () => {
    const code = lines(
      'import fs from "fs";',
      'router.delete("/avatars", async (ctx) => {',
      "  const { avatar } = ctx.request.body;",
      "  fs.unlinkSync(`${AVATAR_DIR}/${avatar}`);",
      "  ctx.status = 204;",
      "});",
    );
    const findings = findingsOf(pathTraversal, "src/avatars.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("write or delete files");
  });

  it("on fs.promises.writeFile in a Next.js route handler with the file name from the JSON body", () => {
    const code = lines(
      'import { promises as fs } from "node:fs";',
      'import path from "node:path";',
      "export async function POST(request: Request) {",
      "  const { name, content } = await request.json();",
      '  await fs.writeFile(path.join(process.cwd(), "notes", name), content);',
      "  return Response.json({ ok: true });",
      "}",
    );
    const findings = findingsOf(pathTraversal, "app/api/notes/route.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
  });

  it("on a guard that checks an unrelated value (the path itself is unchecked)", () => {
    const code = lines(
      'import fs from "node:fs";',
      'app.get("/export", (req, res) => {',
      '  if (!req.user.roles.includes("admin")) return res.sendStatus(403);',
      '  fs.createReadStream("/srv/exports/" + req.query.file).pipe(res);',
      "});",
    );
    const findings = findingsOf(pathTraversal, "src/export.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(4);
  });

  it("at medium for a parameter of an exported handler-shaped function (low-confidence source)", () => {
    const code = lines(
      'import { readFileSync } from "node:fs";',
      "export function templateController(name: string) {",
      "  return readFileSync(`./templates/${name}.html`, \"utf8\");",
      "}",
    );
    const findings = findingsOf(pathTraversal, "src/templates.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("medium");
  });

  it("on zip slip: unzipper entries written with path.join(dest, entry.path)", () => {
    const code = lines(
      'import fs from "node:fs";',
      'import path from "node:path";',
      'import unzipper from "unzipper";',
      "export function extract(zipPath: string, dest: string) {",
      "  fs.createReadStream(zipPath)",
      "    .pipe(unzipper.Parse())",
      '    .on("entry", (entry) => {',
      "      entry.pipe(fs.createWriteStream(path.join(dest, entry.path)));",
      "    });",
      "}",
    );
    const findings = findingsOf(pathTraversal, "src/import/extract.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 8 });
    expect(findings[0]?.message).toContain("zip slip");
    expect(findings[0]?.message).toContain("`entry.path`");
    expect(findings[0]?.why).toContain("../");
  });

  it("on zip slip: a yauzl entry file name kept in a local (js)", () => {
    const code = lines(
      'const yauzl = require("yauzl");',
      'const fs = require("fs");',
      'const path = require("path");',
      "function unpack(file, outDir) {",
      "  yauzl.open(file, { lazyEntries: true }, (err, zipfile) => {",
      '    zipfile.on("entry", (entry) => {',
      "      const target = path.resolve(outDir, entry.fileName);",
      "      zipfile.openReadStream(entry, (e, stream) => stream.pipe(fs.createWriteStream(target)));",
      "    });",
      "  });",
      "}",
    );
    const findings = findingsOf(pathTraversal, "lib/unpack.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(8);
  });

  it("on zip slip in hand-written adm-zip and JSZip loops", () => {
    const code = lines(
      'import AdmZip from "adm-zip";',
      'import JSZip from "jszip";',
      'import fs from "node:fs";',
      'import path from "node:path";',
      "export function unpackTheme(file: string, dest: string) {",
      "  for (const entry of new AdmZip(file).getEntries()) {",
      "    if (!entry.isDirectory) fs.writeFileSync(path.join(dest, entry.entryName), entry.getData());",
      "  }",
      "}",
      "export async function unpackBundle(buffer: Buffer, dest: string) {",
      "  const zip = await JSZip.loadAsync(buffer);",
      '  zip.forEach(async (relativePath, file) => fs.writeFileSync(path.join(dest, relativePath), await file.async("nodebuffer")));',
      "}",
    );
    const findings = findingsOf(pathTraversal, "src/themes/unpack.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([7, 12]);
    expect(findings[1]?.message).toContain("`relativePath`");
  });

  it("on zip slip guarded only by `includes(base)`, which is not containment", () => {
    const code = lines(
      'const unzipper = require("unzipper");',
      'const fs = require("fs");',
      'const path = require("path");',
      "function extractComplaints(stream) {",
      '  stream.pipe(unzipper.Parse()).on("entry", (entry) => {',
      "    const absolute = path.resolve(\"uploads/\" + entry.path);",
      '    if (absolute.includes(path.resolve("."))) entry.pipe(fs.createWriteStream("uploads/" + entry.path));',
      "    else entry.autodrain();",
      "  });",
      "}",
    );
    const findings = findingsOf(pathTraversal, "routes/complaints.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(7);
  });

  it("only on added lines in review mode", () => {
    const code = lines(
      'import fs from "node:fs";',
      'app.get("/a", (req, res) => res.send(fs.readFileSync(req.query.a)));',
      'app.get("/b", (req, res) => res.send(fs.readFileSync(req.query.b)));',
    );
    const { findings } = analyze([pathTraversal], [{ path: "src/files.ts", content: code, patch: patchAdding(code, [3]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([3]);
  });
});

describe("security/path-traversal: does not fire", () => {
  it("after a resolve + startsWith containment check", () => {
    const code = lines(
      'import fs from "node:fs/promises";',
      'import path from "node:path";',
      'const ROOT = path.resolve("uploads");',
      'app.get("/files/:name", async (req, res) => {',
      "  const target = path.resolve(ROOT, req.params.name);",
      "  if (!target.startsWith(ROOT + path.sep)) {",
      "    return res.status(400).end();",
      "  }",
      "  res.send(await fs.readFile(target));",
      "});",
    );
    expect(findingsOf(pathTraversal, "src/files.ts", code)).toHaveLength(0);
  });

  it("after a path.relative check on a separate local", () => {
    const code = lines(
      'const fs = require("fs");',
      'const path = require("path");',
      'app.get("/docs", (req, res) => {',
      "  const full = path.join(DOCS, req.query.page);",
      "  const rel = path.relative(DOCS, full);",
      '  if (rel.startsWith("..") || path.isAbsolute(rel)) return res.sendStatus(404);',
      "  fs.createReadStream(full).pipe(res);",
      "});",
    );
    expect(findingsOf(pathTraversal, "server/docs.js", code)).toHaveLength(0);
  });

  it("with path.basename, an allowlist, a regex test, or sendFile with a root option", () => {
    const code = lines(
      'import fs from "node:fs";',
      'import path from "node:path";',
      'const REPORTS = new Set(["daily.csv", "weekly.csv"]);',
      'app.get("/a", (req, res) => res.send(fs.readFileSync(path.join(DIR, path.basename(req.query.f)))));',
      'app.get("/b", (req, res) => {',
      "  const name = req.query.report;",
      "  if (!REPORTS.has(name)) return res.sendStatus(404);",
      "  res.download(path.join(REPORT_DIR, name));",
      "});",
      'app.get("/c/:id", (req, res) => {',
      "  if (!/^[a-f0-9-]{36}$/.test(req.params.id)) return res.sendStatus(400);",
      "  fs.createReadStream(`${DIR}/${req.params.id}.pdf`).pipe(res);",
      "});",
      'app.get("/d/:file", (req, res) => res.sendFile(req.params.file, { root: path.join(__dirname, "public") }));',
    );
    expect(findingsOf(pathTraversal, "src/downloads.ts", code)).toHaveLength(0);
  });

  it("on paths of unknown origin, constants, and the upload path multer chose", () => {
    const code = lines(
      'import fs from "node:fs";',
      "export async function loadConfig(file: string) {",
      '  return JSON.parse(fs.readFileSync(file, "utf8"));',
      "}",
      'fs.writeFileSync(path.join(__dirname, "out.json"), "{}");',
      'app.post("/upload", upload.single("doc"), async (req, res) => {',
      "  const text = await fs.promises.readFile(req.file.path);",
      "  fs.unlinkSync(req.file.path);",
      "  res.json({ size: text.length });",
      "});",
    );
    expect(findingsOf(pathTraversal, "src/upload.ts", code)).toHaveLength(0);
  });

  it("on look-alikes: readFile of another module, res.attachment, a cache named fs, sendFile on a non-response", () => {
    const code = lines(
      'import { readFile } from "./storage/s3.js";',
      'app.get("/a", async (req, res) => res.send(await readFile(req.query.key)));',
      'app.get("/b", (req, res) => { res.attachment(req.query.name); res.send(buildCsv()); });',
      'app.get("/c", (req, res) => mailer.sendFile(req.query.to));',
      'app.get("/d", (req, res) => res.json(cache.stat(req.query.key)));',
    );
    expect(findingsOf(pathTraversal, "src/lookalikes.ts", code)).toHaveLength(0);
  });

  it("on archive extraction that checks containment, or that the library performs (js)", () => {
    const code = lines(
      'const unzipper = require("unzipper");',
      'const AdmZip = require("adm-zip");',
      'const fs = require("fs");',
      'const path = require("path");',
      "function safeExtract(stream, dest) {",
      '  stream.pipe(unzipper.Parse()).on("entry", (entry) => {',
      "    const target = path.resolve(dest, entry.path);",
      "    if (!target.startsWith(path.resolve(dest) + path.sep)) return entry.autodrain();",
      "    entry.pipe(fs.createWriteStream(target));",
      "  });",
      "}",
      "function libraryExtract(file, dest) {",
      "  new AdmZip(file).extractAllTo(dest, true);",
      "}",
      "function flatten(stream, dest) {",
      '  stream.pipe(unzipper.Parse()).on("entry", (entry) => entry.pipe(fs.createWriteStream(path.join(dest, path.basename(entry.path)))));',
      "}",
    );
    expect(findingsOf(pathTraversal, "lib/extract.js", code)).toHaveLength(0);
  });

  it("on entry names in a file that uses no archive library", () => {
    const code = lines(
      'import fs from "node:fs";',
      "export function save(files: { name: string; body: string }[], dir: string) {",
      "  for (const file of files) fs.writeFileSync(path.join(dir, file.name), file.body);",
      "}",
    );
    expect(findingsOf(pathTraversal, "src/save.ts", code)).toHaveLength(0);
  });

  it("in test files", () => {
    const code = 'app.get("/a", (req, res) => res.sendFile(path.join(__dirname, req.query.f)));';
    expect(findingsOf(pathTraversal, "src/routes/files.test.ts", code)).toHaveLength(0);
  });
});
