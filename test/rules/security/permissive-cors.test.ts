import { describe, expect, it } from "vitest";
import { permissiveCors } from "../../../rules/security/permissive-cors.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/permissive-cors";

describe("security/permissive-cors: fires", () => {
  it("on cors({ origin: true, credentials: true }) (ts)", () => {
    const code = ['import cors from "cors";', "app.use(cors({ origin: true, credentials: true }));"].join("\n");
    const findings = findingsOf(permissiveCors, "src/app.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 2 });
    expect(findings[0]?.message).toContain("`origin: true`");
    expect(findings[0]?.fix).toContain("ALLOWED.has(origin)");
  });

  it("on an origin callback that allows everything, in a const options object (js)", () => {
    const code = [
      'const cors = require("cors");',
      "const corsOptions = {",
      "  origin: function (origin, callback) {",
      "    callback(null, true);",
      "  },",
      "  credentials: true,",
      "};",
      "app.use(cors(corsOptions));",
    ].join("\n");
    const findings = findingsOf(permissiveCors, "server.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 3 });
    expect(findings[0]?.message).toContain("calls `callback(null, true)` for every origin");
  });

  it("on NestJS enableCors and @koa/cors with credentials and no origin", () => {
    const nest = ["const app = await NestFactory.create(AppModule);", "app.enableCors({ origin: (origin, cb) => cb(null, origin), credentials: true });"].join("\n");
    expect(findingsOf(permissiveCors, "src/main.ts", nest)[0]).toMatchObject({ severity: "high", line: 2 });
    const koa = ['import cors from "@koa/cors";', "app.use(cors({ credentials: true }));"].join("\n");
    const findings = findingsOf(permissiveCors, "src/server.ts", koa);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("@koa/cors");
  });

  it("on a reflected Origin header with Allow-Credentials in the same middleware", () => {
    const code = [
      "app.use((req, res, next) => {",
      '  res.setHeader("Access-Control-Allow-Origin", req.headers.origin);',
      '  res.setHeader("Access-Control-Allow-Credentials", "true");',
      "  next();",
      "});",
    ].join("\n");
    const findings = findingsOf(permissiveCors, "src/middleware/cors.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 2 });
    expect(findings[0]?.message).toContain("`req.headers.origin`");
  });

  it("at medium on loose origin regexes", () => {
    const code = [
      "app.use(cors({ origin: [/example\\.com$/, \"https://app.example.com\"], credentials: true }));",
      "app.use(cors({ origin: /^https:\\/\\/.*example\\.com$/ }));",
      "app.use(cors({ origin: /^https:\\/\\/app.example\\.com$/ }));",
      "app.use(cors({ origin: /^https:\\/\\/admin\\.example\\.com/ }));",
    ].join("\n");
    const findings = findingsOf(permissiveCors, "src/cors.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [1, "medium"],
      [2, "medium"],
      [3, "medium"],
      [4, "medium"],
    ]);
    expect(findings[0]?.message).toContain("no `^` anchor");
    expect(findings[1]?.message).toContain("wildcard runs straight into the domain");
    expect(findings[2]?.message).toContain("unescaped `.`");
    expect(findings[3]?.message).toContain("no `$` anchor");
  });

  it('at medium on origin "*" with credentials, and at low on an unchecked echo without credentials', () => {
    const code = [
      'app.use(cors({ origin: "*", credentials: true }));',
      "router.get('/public', (req, res) => {",
      "  res.set('Access-Control-Allow-Origin', req.get('origin'));",
      "  res.json(data);",
      "});",
    ].join("\n");
    const findings = findingsOf(permissiveCors, "src/api.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [1, "medium"],
      [3, "low"],
    ]);
  });
});

describe("security/permissive-cors: does not fire", () => {
  it("on allowlists of strings and safe regexes", () => {
    const code = [
      'const ALLOWED = ["https://app.example.com", "https://admin.example.com"];',
      "app.use(cors({ origin: ALLOWED, credentials: true }));",
      "app.use(cors({ origin: /^https:\\/\\/([a-z0-9-]+\\.)?example\\.com$/, credentials: true }));",
      'app.use(cors({ origin: process.env.FRONTEND_URL, credentials: true }));',
    ].join("\n");
    expect(findingsOf(permissiveCors, "src/app.ts", code)).toEqual([]);
  });

  it("on origin functions that check a Set", () => {
    const code = [
      "const allowed = new Set(process.env.CORS_ORIGINS.split(','));",
      "app.use(cors({",
      "  origin(origin, cb) {",
      "    if (!origin || allowed.has(origin)) return cb(null, true);",
      "    cb(new Error('Not allowed by CORS'));",
      "  },",
      "  credentials: true,",
      "}));",
    ].join("\n");
    expect(findingsOf(permissiveCors, "src/app.js", code)).toEqual([]);
  });

  it('on public APIs: origin "*" or true without credentials, and default cors()', () => {
    const code = ['app.use(cors({ origin: "*" }));', "app.use(cors());", "app.enableCors();", "const server = new ApolloServer({ cors: { origin: true } });"].join("\n");
    expect(findingsOf(permissiveCors, "src/public.ts", code)).toEqual([]);
  });

  it("on an echoed origin that is checked first", () => {
    const code = [
      "const ALLOWED_ORIGINS = new Set(['https://app.example.com']);",
      "app.use((req, res, next) => {",
      "  const origin = req.headers.origin;",
      "  if (!origin || !ALLOWED_ORIGINS.has(origin)) return next();",
      "  res.setHeader('Access-Control-Allow-Origin', origin);",
      "  res.setHeader('Access-Control-Allow-Credentials', 'true');",
      "  next();",
      "});",
      "app.use((req, res, next) => {",
      "  if (ALLOWED_ORIGINS.has(req.headers.origin)) {",
      "    res.header('Access-Control-Allow-Origin', req.headers.origin);",
      "    res.header('Access-Control-Allow-Credentials', 'true');",
      "  }",
      "  next();",
      "});",
    ].join("\n");
    expect(findingsOf(permissiveCors, "src/cors.js", code)).toEqual([]);
  });

  it("on look-alike header calls and constant origins", () => {
    const code = [
      "res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');",
      "res.setHeader('Access-Control-Allow-Credentials', 'true');",
      "headers.set('X-Origin', req.headers.origin);",
      "cache.set('Access-Control-Allow-Origin', value);",
    ].join("\n");
    expect(findingsOf(permissiveCors, "src/headers.ts", code)).toEqual([]);
  });

  it("in test files", () => {
    expect(findingsOf(permissiveCors, "src/app.test.ts", "app.use(cors({ origin: true, credentials: true }));")).toEqual([]);
  });
});
