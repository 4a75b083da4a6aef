import { describe, expect, it } from "vitest";
import { ssrf } from "../../../rules/security/ssrf.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/ssrf";
const lines = (...code: string[]): string => code.join("\n");

describe("security/ssrf: fires", () => {
  it("on fetch of a URL from req.query (high)", () => {
    const code = lines(
      'app.get("/preview", async (req, res) => {',
      "  const response = await fetch(req.query.url);",
      "  res.send(await response.text());",
      "});",
    );
    const [finding, ...rest] = findingsOf(ssrf, "src/routes/preview.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "high", line: 2 });
    expect(finding?.message).toContain("`req.query.url`");
    expect(finding?.message).toContain("`fetch()`");
    expect(finding?.fix).toContain("ALLOWED_HOSTS");
  });

  it("on axios.post to a webhook URL from the body, through a local (js)", () => {
    const code = lines(
      'const axios = require("axios");',
      'router.post("/webhooks/test", async (req, res) => {',
      "  const { callbackUrl } = req.body;",
      "  await axios.post(callbackUrl, { ping: true });",
      "  res.sendStatus(204);",
      "});",
    );
    const findings = findingsOf(ssrf, "server/webhooks.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 4 });
    expect(findings[0]?.message).toContain("`callbackUrl` (from `req.body`)");
  });

  it("on a host chosen by the caller in a template, axios.request({ url }) and http.get options", () => {
    const code = lines(
      'import axios from "axios";',
      'import http from "node:http";',
      'app.get("/a", async (req, res) => res.json(await got(`https://${req.query.region}.api.example.com/status`)));',
      'app.get("/b", async (req, res) => res.json((await axios.request({ method: "GET", url: req.body.target })).data));',
      'app.get("/c", (req, res) => http.get({ hostname: req.headers["x-upstream"], path: "/health" }, (r) => r.pipe(res)));',
      'import got from "got";',
    );
    const findings = findingsOf(ssrf, "src/proxy.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "high"],
      [4, "high"],
      [5, "high"],
    ]);
  });

  it("on Puppeteer page.goto with a URL from a NestJS @Query parameter", () => {
    const code = lines(
      "@Controller('screenshots')",
      "export class ScreenshotController {",
      "  @Get()",
      "  async take(@Query('url') url: string) {",
      "    const page = await this.browser.newPage();",
      "    await page.goto(url, { waitUntil: 'networkidle0' });",
      "    return page.screenshot();",
      "  }",
      "}",
    );
    const findings = findingsOf(ssrf, "src/screenshots/screenshot.controller.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 6 });
    expect(findings[0]?.message).toContain("page.goto()");
  });

  it("on new URL(input, base): an absolute input ignores the base", () => {
    const code = lines(
      'import fetch from "node-fetch";',
      "export async function GET(request: Request) {",
      "  const { searchParams } = new URL(request.url);",
      '  const target = new URL(searchParams.get("path") ?? "/", "https://cdn.example.com");',
      "  return fetch(target);",
      "}",
    );
    const findings = findingsOf(ssrf, "app/api/cdn/route.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(5);
  });

  it("on a scheme-only check, which does not restrict the host", () => {
    const code = lines(
      'app.post("/import", async (req, res) => {',
      "  const source = req.body.source;",
      '  if (!source.startsWith("https://")) return res.status(400).send("https only");',
      "  const data = await (await fetch(source)).json();",
      "  res.json(data);",
      "});",
    );
    const findings = findingsOf(ssrf, "src/import.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(4);
  });

  it("at low when the request value is a raw path segment after a fixed origin", () => {
    const code = lines(
      'app.get("/users/:id", async (req, res) => {',
      "  const user = await fetch(`https://api.example.com/users/${req.params.id}`);",
      "  res.json(await user.json());",
      "});",
    );
    const findings = findingsOf(ssrf, "src/users.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("low");
    expect(findings[0]?.message).toContain("fixed prefix `https://api.example.com/users/`");
  });

  it("on a check whose branch does not stop the request (a flag is set, the call still runs)", () => {
    const code = lines(
      'const request = require("request");',
      "module.exports = () => (req, res) => {",
      "  const url = req.body.imageUrl;",
      "  if (url.match(/internal/) !== null) req.app.locals.suspicious = true;",
      "  request.get(url).pipe(res);",
      "};",
    );
    const findings = findingsOf(ssrf, "routes/avatarFromUrl.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
  });

  it("at low for a proxy forwarding the request's own path to a configured origin", () => {
    const code = lines(
      'app.use("/api", async (req, res) => {',
      "  const upstream = await fetch(`${process.env.API_URL}${req.originalUrl}`);",
      "  res.status(upstream.status).send(await upstream.text());",
      "});",
    );
    const findings = findingsOf(ssrf, "src/bff.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("low");
    expect(findings[0]?.message).toContain("after a fixed origin");
  });

  it("at medium for a low-confidence source (a parameter of an exported handler-shaped function)", () => {
    const code = lines('import axios from "axios";', "export async function linkPreviewHandler(link: string) {", "  return axios.get(link);", "}");
    const findings = findingsOf(ssrf, "src/preview.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("medium");
  });
});

describe("security/ssrf: does not fire", () => {
  it("after a hostname allowlist check", () => {
    const code = lines(
      'const ALLOWED_HOSTS = new Set(["hooks.slack.com", "discord.com"]);',
      'app.post("/notify", async (req, res) => {',
      "  const target = new URL(req.body.webhook);",
      "  if (!ALLOWED_HOSTS.has(target.hostname)) {",
      '    return res.status(400).json({ error: "host not allowed" });',
      "  }",
      '  await fetch(target, { method: "POST", body: JSON.stringify({ text: "hi" }) });',
      "  res.sendStatus(204);",
      "});",
    );
    expect(findingsOf(ssrf, "src/notify.ts", code)).toHaveLength(0);
  });

  it("when the request value is encoded into a fixed origin, or only sent as query params or body", () => {
    const code = lines(
      'import axios from "axios";',
      'import got from "got";',
      'const API = "https://api.example.com";',
      'app.get("/a/:id", async (req, res) => res.json(await (await fetch(`https://api.example.com/users/${encodeURIComponent(req.params.id)}`)).json()));',
      'app.get("/b", async (req, res) => res.json((await axios.get(`${API}/search`, { params: { q: req.query.q } })).data));',
      'app.post("/c", async (req, res) => res.json((await axios.post(`${API}/orders`, req.body)).data));',
      'app.get("/d", async (req, res) => res.json(await got(API + "/items/" + Number(req.query.id)).json()));',
    );
    expect(findingsOf(ssrf, "src/api.ts", code)).toHaveLength(0);
  });

  it("on URLs of unknown origin, constants and an assert helper before the call (js)", () => {
    const code = lines(
      'const axios = require("axios");',
      "async function sync(url) {",
      "  return axios.get(url);",
      "}",
      'fetch("https://status.example.com/health");',
      'app.post("/hooks", async (req, res) => {',
      "  const hook = req.body.url;",
      "  await assertSafeWebhookUrl(hook);",
      "  await axios.post(hook, { event: 'ping' });",
      "  res.end();",
      "});",
    );
    expect(findingsOf(ssrf, "lib/sync.js", code)).toHaveLength(0);
  });

  it("on look-alikes: router.get, cache.get, req.get, a service worker fetch event, an Angular HttpClient", () => {
    const code = lines(
      'router.get("/a", (req, res) => res.json(cache.get(req.query.key)));',
      'app.get("/b", (req, res) => res.send(req.get("host")));',
      'self.addEventListener("fetch", (event) => {',
      "  event.respondWith(fetch(event.request.url));",
      "});",
      "class Api {",
      "  load(req: { url: string }) { return this.http.get(req.url); }",
      "}",
    );
    expect(findingsOf(ssrf, "src/client.ts", code)).toHaveLength(0);
  });

  it("on a client SDK whose lone `request` parameter is its own outgoing request, not an incoming one", () => {
    const code = lines(
      "export class ApiClient {",
      "  async send(request: HttpRequest) {",
      "    return fetch(request.url, { method: request.method, body: request.body });",
      "  }",
      "}",
      "export async function forward(request) {",
      "  return fetch(request.url);",
      "}",
    );
    expect(findingsOf(ssrf, "src/sdk/client.ts", code)).toHaveLength(0);
  });

  it("after an exact comparison with a configured origin", () => {
    const code = lines(
      'app.get("/proxy", async (req, res) => {',
      "  const upstream = new URL(req.query.to);",
      "  if (upstream.origin !== config.partnerOrigin) return res.sendStatus(403);",
      "  res.json(await (await fetch(upstream)).json());",
      "});",
    );
    expect(findingsOf(ssrf, "src/partner.ts", code)).toHaveLength(0);
  });

  it("in test files", () => {
    const code = 'app.get("/x", async (req, res) => res.json(await fetch(req.query.url)));';
    expect(findingsOf(ssrf, "test/proxy.spec.ts", code)).toHaveLength(0);
  });
});
