import { describe, expect, it } from "vitest";
import { openRedirect } from "../../../rules/security/open-redirect.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/open-redirect";
const lines = (...code: string[]): string => code.join("\n");

describe("security/open-redirect: fires", () => {
  it("on res.redirect(req.query.next || '/') after login", () => {
    const code = lines(
      'router.post("/login", passport.authenticate("local"), (req, res) => {',
      '  res.redirect(req.query.next || "/");',
      "});",
    );
    const [finding, ...rest] = findingsOf(openRedirect, "src/auth/login.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "medium", line: 2 });
    expect(finding?.message).toContain("`req.query.next`");
    expect(finding?.message).toContain("`res.redirect()`");
    expect(finding?.fix).toContain('!next.startsWith("//")');
  });

  it("on Koa ctx.redirect, Fastify reply.redirect(code, url) and a Location header (js)", () => {
    const code = lines(
      'router.get("/sso/callback", async (ctx) => { ctx.redirect(ctx.query.returnTo); });',
      'fastify.get("/out", async (request, reply) => reply.redirect(302, request.query.url));',
      'app.get("/go", (req, res) => { res.setHeader("Location", req.body.to); res.statusCode = 302; res.end(); });',
      'app.get("/raw", (req, res) => { res.writeHead(302, { Location: req.query.dest }); res.end(); });',
    );
    const findings = findingsOf(openRedirect, "server/redirects.js", code);
    expect(findings.map((finding) => finding.line)).toEqual([1, 2, 3, 4]);
  });

  it("on Next.js NextResponse.redirect(new URL(to, request.url)), a server action redirect() and a getServerSideProps redirect", () => {
    const route = lines(
      'import { NextResponse, type NextRequest } from "next/server";',
      "export async function GET(request: NextRequest) {",
      '  const to = request.nextUrl.searchParams.get("to") ?? "/";',
      "  return NextResponse.redirect(new URL(to, request.url));",
      "}",
    );
    expect(findingsOf(openRedirect, "app/api/go/route.ts", route).map((finding) => finding.line)).toEqual([4]);
    const action = lines(
      '"use server";',
      'import { redirect } from "next/navigation";',
      "export async function signIn(formData: FormData) {",
      "  await auth.signIn(formData);",
      '  redirect(String(formData.get("callbackUrl")));',
      "}",
    );
    expect(findingsOf(openRedirect, "app/login/actions.ts", action).map((finding) => finding.line)).toEqual([5]);
    const pages = lines(
      "export async function getServerSideProps(context) {",
      "  const session = await getSession(context);",
      '  if (session) return { redirect: { destination: context.query.callbackUrl ?? "/", permanent: false } };',
      "  return { props: {} };",
      "}",
    );
    expect(findingsOf(openRedirect, "pages/login.tsx", pages).map((finding) => finding.line)).toEqual([3]);
  });

  it("on a Lambda result whose Location header comes from the query string", () => {
    const code = lines(
      "export const handler = async (event) => ({",
      "  statusCode: 302,",
      "  headers: { Location: event.queryStringParameters.next },",
      "});",
    );
    const findings = findingsOf(openRedirect, "functions/redirect.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(3);
    expect(findings[0]?.message).toContain("the `Location` header");
  });

  it("on the weak allowlists: startsWith an origin without '/', includes, a lone startsWith('/'), a hostname suffix", () => {
    const code = lines(
      'app.get("/a", (req, res) => {',
      "  const next = req.query.next;",
      '  if (next.startsWith("https://shop.example.com")) return res.redirect(next);',
      '  res.redirect("/");',
      "});",
      'app.get("/b", (req, res) => {',
      '  if (req.query.to.indexOf("example.com") === -1) return res.sendStatus(400);',
      "  res.redirect(req.query.to);",
      "});",
      'app.get("/c", (req, res) => {',
      "  const back = req.query.back;",
      '  if (!back.startsWith("/")) return res.redirect("/");',
      "  res.redirect(back);",
      "});",
      'app.get("/d", (req, res) => {',
      "  const target = new URL(req.query.u);",
      '  if (target.hostname.endsWith("example.com")) res.redirect(target.href);',
      "});",
    );
    const findings = findingsOf(openRedirect, "src/redirects.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "medium"],
      [7, "medium"],
      [12, "medium"],
      [17, "medium"],
    ]);
    expect(findings[0]?.message).toContain("`https://shop.example.com.evil.example` passes it");
    expect(findings[1]?.message).toContain("`https://evil.example/?example.com` passes it");
    expect(findings[2]?.message).toContain("`//evil.example` passes it");
    expect(findings[3]?.message).toContain("`evilexample.com` passes it");
  });

  it("when a ternary picks the target only by a presence check or a lone startsWith('/')", () => {
    const code = lines(
      'app.get("/a", (req, res) => {',
      '  const dest = req.query.next ? req.query.next : "/";',
      "  res.redirect(dest);",
      "});",
      'app.get("/b", (req, res) => {',
      '  const back = String(req.query.back ?? "/");',
      '  const target = back.startsWith("/") ? back : "/";',
      "  res.redirect(target);",
      "});",
    );
    const findings = findingsOf(openRedirect, "src/redirects.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "medium"],
      [7, "medium"],
    ]);
    expect(findings[1]?.message).toContain("`//evil.example` passes it");
  });

  it("on client-side navigation to a URLSearchParams value (js)", () => {
    const code = lines(
      "const params = new URLSearchParams(window.location.search);",
      'const returnTo = params.get("returnTo");',
      "if (returnTo) {",
      "  window.location.href = returnTo;",
      "}",
      'location.assign(new URLSearchParams(location.search).get("to"));',
    );
    const findings = findingsOf(openRedirect, "public/js/login.js", code);
    expect(findings.map((finding) => finding.line)).toEqual([4, 6]);
    expect(findings[0]?.message).toContain("from `window.location.search`");
  });

  it("only on added lines in review mode", () => {
    const code = lines('app.get("/a", (req, res) => res.redirect(req.query.a));', 'app.get("/b", (req, res) => res.redirect(req.query.b));');
    const { findings } = analyze([openRedirect], [{ path: "src/r.ts", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });
});

describe("security/open-redirect: does not fire", () => {
  it("after the relative-path idiom or an exact allowlist", () => {
    const code = lines(
      'const ALLOWED = ["/dashboard", "/settings", "/billing"];',
      'app.get("/a", (req, res) => {',
      '  const next = String(req.query.next ?? "/");',
      '  if (!next.startsWith("/") || next.startsWith("//")) return res.redirect("/");',
      "  res.redirect(next);",
      "});",
      'app.get("/b", (req, res) => {',
      "  if (!ALLOWED.includes(req.query.to)) return res.redirect(\"/\");",
      "  res.redirect(req.query.to);",
      "});",
    );
    expect(findingsOf(openRedirect, "src/safe.ts", code)).toHaveLength(0);
  });

  it("after resetting the target when the relative-path check fails (js)", () => {
    const code = lines(
      'router.get("/continue", (req, res) => {',
      '  let next = req.query.next || "/";',
      '  if (!next.startsWith("/") || next.startsWith("//")) next = "/";',
      "  res.redirect(next);",
      "});",
    );
    expect(findingsOf(openRedirect, "routes/continue.js", code)).toHaveLength(0);
  });

  it("when a ternary picks the target through the relative-path idiom or an allowlist (const local)", () => {
    const code = lines(
      'const ALLOWED = new Set(["/dashboard", "/billing"]);',
      'authRouter.post("/login", passport.authenticate("local"), (req, res) => {',
      '  const next = typeof req.query.next === "string" ? req.query.next : "/";',
      '  const safeNext = next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\\\") ? next : "/";',
      "  res.redirect(safeNext);",
      "});",
      'app.get("/go", (req, res) => res.redirect(ALLOWED.has(req.query.to) ? req.query.to : "/"));',
    );
    expect(findingsOf(openRedirect, "src/routes/auth.ts", code).map((f) => [f.line, f.message])).toEqual([]);
  });

  it("after comparing the parsed origin or checking a host Set", () => {
    const code = lines(
      'const TRUSTED = new Set(["app.example.com", "docs.example.com"]);',
      'app.get("/a", (req, res) => {',
      "  const target = new URL(req.query.url, APP_ORIGIN);",
      '  if (target.origin !== APP_ORIGIN) return res.redirect("/");',
      "  res.redirect(target.toString());",
      "});",
      'app.get("/b", (req, res) => {',
      "  const target = new URL(req.query.url);",
      "  if (TRUSTED.has(target.hostname)) return res.redirect(target.href);",
      '  res.redirect("/");',
      "});",
    );
    expect(findingsOf(openRedirect, "src/origin.ts", code)).toHaveLength(0);
  });

  it("on constants, fixed paths, encoded values in a query, and map lookups", () => {
    const code = lines(
      'const DESTINATIONS = { billing: "/billing", docs: "https://docs.example.com/" };',
      'app.get("/a", (req, res) => res.redirect("/login"));',
      'app.get("/b/:id", (req, res) => res.redirect(`/orders/${req.params.id}`));',
      'app.get("/c", (req, res) => res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`));',
      'app.get("/d", (req, res) => res.redirect(DESTINATIONS[req.query.to] ?? "/"));',
      'app.get("/e", (req, res) => res.redirect(301, `https://shop.example.com/p/${req.params.slug}`));',
    );
    expect(findingsOf(openRedirect, "src/fixed.ts", code)).toHaveLength(0);
  });

  it("on same-server targets: HTTPS upgrade, Referer, a Next.js redirect to a constant path", () => {
    const code = lines(
      "app.use((req, res, next) => {",
      '  if (req.secure) return next();',
      "  res.redirect(301, `https://${req.headers.host}${req.originalUrl}`);",
      "});",
      'app.post("/cart", (req, res) => res.redirect(req.get("referer") || "/"));',
      "export function middleware(request: NextRequest) {",
      '  return NextResponse.redirect(new URL("/login", request.url));',
      "}",
    );
    expect(findingsOf(openRedirect, "src/middleware.ts", code)).toHaveLength(0);
  });

  it("on look-alikes: a router's redirect, string replace, a local named location (js)", () => {
    const code = lines(
      'const routes = [{ path: "/old", redirect: "/new" }];',
      'app.get("/x", (req, res) => { const slug = req.query.s.replace("-", " "); res.json({ slug }); });',
      "function render(location) { location.href = getParam('x'); }",
      "router.redirect(req.query.from, '/home');",
      'redirectService.redirect(req.query.to);',
    );
    expect(findingsOf(openRedirect, "src/lookalikes.js", code)).toHaveLength(0);
  });

  it("on client navigation to constants or values not from the URL", () => {
    const code = lines(
      'window.location.href = "/logout";',
      "location.assign(`/orders/${order.id}`);",
      "window.location = response.redirectUrl;",
    );
    expect(findingsOf(openRedirect, "src/client/nav.ts", code)).toHaveLength(0);
  });

  it("in test files", () => {
    expect(findingsOf(openRedirect, "src/__tests__/r.ts", 'app.get("/a", (req, res) => res.redirect(req.query.a));')).toHaveLength(0);
  });
});
