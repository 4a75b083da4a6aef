// Introduce/fix pairs: the same file as a pull request that introduces a vulnerability leaves it
// (`vulnerable`) and as a careful engineer's fix leaves it (`safe`). Each pair is written the way the
// code is usually written in Express, Koa, Fastify, Next.js, NestJS, Lambda and React projects, and the
// difference between the two sides is the small edit a real fix PR makes. pairs.test.ts diffs the two
// sides in both directions and runs every rule in review mode on the result.
//
// `vulnerable` is usually derived from `safe` with `variant(...)`, which applies exact, unique text
// replacements, so the diff stays as small as the fix. A pair the rules cannot catch for a reason that
// lies in the shared analysis modules carries `knownGap` with the reason; it still runs and is counted.

export interface Pair {
  name: string;
  /** The rule that must report the introducing PR. */
  rule: `security/${string}`;
  /** Repository path of the file (never under test/, which the rules skip). */
  path: string;
  /** The file after the fix. */
  safe: string;
  /** The file after the PR that introduces the bug. */
  vulnerable: string;
  /** Why the rules miss this pair today, and what would fix it. */
  knownGap?: string;
}

/** Joins lines with a trailing newline, as files are saved. */
const file = (...lines: string[]): string => `${lines.join("\n")}\n`;

/** `base` with each `[from, to]` applied once; throws unless `from` occurs exactly once. */
function variant(base: string, ...edits: Array<[string, string]>): string {
  let result = base;
  for (const [from, to] of edits) {
    const first = result.indexOf(from);
    if (first < 0 || result.indexOf(from, first + 1) >= 0) {
      throw new Error(`variant: ${JSON.stringify(from)} must occur exactly once`);
    }
    result = result.slice(0, first) + to + result.slice(first + from.length);
  }
  return result;
}

/** A made-up signing key, assembled at run time so no secret-looking literal sits in this source. */
const FAKE_SIGNING_KEY = ["acme", "shop", "jwt", "signing", "key", "2024"].join("-");

/**
 * The engine (src/analysis/engine.ts `finalize`) keeps a review-mode finding only when its own range
 * touches an added line. A PR that only DELETES the guard (allowlist, containment check, guard
 * decorator, key filter) adds no line at all near the sink, so the finding the rule makes is dropped.
 */
/**
 * Same filter: the PR changes the line where the tainted value or the bad constant is bound (the
 * source, the IV, the key, the decoded claims), and the rule reports the unchanged line that uses it.
 */

// ---------------------------------------------------------------------------------------------------
// security/sql-injection
// ---------------------------------------------------------------------------------------------------

const pgOrdersSafe = file(
  'import { Router } from "express";',
  'import { pool } from "../db/pool.js";',
  'import { requireAuth } from "../middleware/auth.js";',
  "",
  "export const ordersRouter = Router();",
  "",
  'ordersRouter.get("/orders/:id", requireAuth, async (req, res, next) => {',
  "  try {",
  "    const { rows } = await pool.query(",
  '      "SELECT id, status, total_cents, created_at FROM orders WHERE id = $1 AND customer_id = $2",',
  "      [req.params.id, req.user.id],",
  "    );",
  '    if (rows.length === 0) return res.status(404).json({ error: "Not found" });',
  "    res.json(rows[0]);",
  "  } catch (err) {",
  "    next(err);",
  "  }",
  "});",
);

const mysqlLookupSafe = file(
  'import express from "express";',
  'import mysql from "mysql2/promise";',
  "",
  "const connection = await mysql.createPool({",
  "  host: process.env.DB_HOST,",
  "  user: process.env.DB_USER,",
  "  password: process.env.DB_PASSWORD,",
  '  database: "crm",',
  "});",
  "",
  "export const contactsRouter = express.Router();",
  "",
  'contactsRouter.get("/contacts/lookup", async (req, res) => {',
  "  const email = String(req.query.email ?? \"\").trim().toLowerCase();",
  '  if (!email) return res.status(400).json({ error: "email is required" });',
  "  const [rows] = await connection.execute(",
  '    "SELECT id, name, email, company FROM contacts WHERE email = ? LIMIT 1",',
  "    [email],",
  "  );",
  "  res.json(rows);",
  "});",
);

const knexSearchSafe = file(
  'import type { Request, Response } from "express";',
  'import { db } from "../db/knex.js";',
  "",
  "export async function searchProducts(req: Request, res: Response) {",
  '  const q = typeof req.query.q === "string" ? req.query.q : "";',
  "  const products = await db(\"products\")",
  '    .select("id", "name", "price_cents")',
  "    .whereRaw(\"name ILIKE ?\", [`%${q}%`])",
  '    .andWhere("archived", false)',
  "    .limit(50);",
  "  res.json({ products });",
  "}",
);

const sequelizeReportSafe = file(
  'import { Router } from "express";',
  'import { QueryTypes } from "sequelize";',
  'import { sequelize } from "../models/index.js";',
  "",
  "const router = Router();",
  "",
  'router.get("/reports/invoices", async (req, res) => {',
  '  const status = req.query.status ?? "open";',
  "  const invoices = await sequelize.query(",
  '    "SELECT id, number, amount, status FROM invoices WHERE status = :status ORDER BY issued_at DESC",',
  "    { replacements: { status }, type: QueryTypes.SELECT },",
  "  );",
  "  res.json(invoices);",
  "});",
  "",
  "export default router;",
);

const prismaSearchSafe = file(
  'import { NextResponse, type NextRequest } from "next/server";',
  'import { prisma } from "@/lib/prisma";',
  "",
  "export async function GET(request: NextRequest) {",
  '  const term = request.nextUrl.searchParams.get("q") ?? "";',
  "  const pattern = `%${term}%`;",
  "  const posts = await prisma.$queryRaw`SELECT id, title, slug FROM \"Post\" WHERE published = true AND title ILIKE ${pattern} LIMIT 20`;",
  "  return NextResponse.json({ posts });",
  "}",
);

const typeormNestSafe = file(
  'import { Controller, Get, Query, UseGuards } from "@nestjs/common";',
  'import { DataSource } from "typeorm";',
  'import { JwtAuthGuard } from "../auth/jwt-auth.guard";',
  "",
  "@Controller(\"audit-events\")",
  "@UseGuards(JwtAuthGuard)",
  "export class AuditEventsController {",
  "  constructor(private readonly dataSource: DataSource) {}",
  "",
  "  @Get()",
  "  async list(@Query(\"actor\") actor: string, @Query(\"limit\") limit = \"50\") {",
  "    return this.dataSource.query(",
  '      "SELECT id, actor, action, created_at FROM audit_events WHERE actor = $1 ORDER BY created_at DESC LIMIT $2",',
  "      [actor, Math.min(Number(limit) || 50, 200)],",
  "    );",
  "  }",
  "}",
);

const sortSafe = file(
  'import { Router } from "express";',
  'import { pool } from "../db.js";',
  "",
  'const SORTABLE = ["created_at", "total", "status"];',
  "",
  "export const adminOrders = Router();",
  "",
  'adminOrders.get("/orders", async (req, res) => {',
  '  const sort = String(req.query.sort ?? "created_at");',
  '  if (!SORTABLE.includes(sort)) return res.status(400).json({ error: "invalid sort" });',
  '  const direction = req.query.dir === "asc" ? "ASC" : "DESC";',
  "  const { rows } = await pool.query(`SELECT id, total, status, created_at FROM orders ORDER BY ${sort} ${direction} LIMIT 100`);",
  "  res.json(rows);",
  "});",
);

const lambdaSqlSafe = file(
  'import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";',
  'import { Client } from "pg";',
  "",
  "const client = new Client({ connectionString: process.env.DATABASE_URL });",
  "const ready = client.connect();",
  "",
  "export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {",
  "  await ready;",
  '  const sku = event.queryStringParameters?.sku ?? "";',
  '  const result = await client.query("SELECT sku, name, stock FROM inventory WHERE sku = $1", [sku]);',
  "  return { statusCode: 200, body: JSON.stringify(result.rows) };",
  "};",
);

// ---------------------------------------------------------------------------------------------------
// security/nosql-injection
// ---------------------------------------------------------------------------------------------------

const mongoLoginSafe = file(
  'import { Router } from "express";',
  'import bcrypt from "bcrypt";',
  'import { User } from "../models/user.js";',
  'import { issueSession } from "../auth/session.js";',
  "",
  "export const sessionRouter = Router();",
  "",
  'sessionRouter.post("/session", async (req, res) => {',
  "  const email = String(req.body.email ?? \"\").toLowerCase();",
  "  const user = await User.findOne({ email });",
  "  if (!user || !(await bcrypt.compare(String(req.body.password ?? \"\"), user.passwordHash))) {",
  '    return res.status(401).json({ error: "Invalid email or password" });',
  "  }",
  "  await issueSession(res, user.id);",
  "  res.status(204).end();",
  "});",
);

const koaMongoFilterSafe = file(
  'import Router from "@koa/router";',
  'import { z } from "zod";',
  'import { db } from "../mongo.js";',
  "",
  "const router = new Router();",
  'const TicketFilter = z.object({ status: z.enum(["open", "pending", "closed"]).optional(), assignee: z.string().optional() });',
  "",
  'router.post("/tickets/search", async (ctx) => {',
  "  const filter = TicketFilter.parse(ctx.request.body);",
  '  const tickets = await db.collection("tickets").find(filter).limit(100).toArray();',
  "  ctx.body = { tickets };",
  "});",
  "",
  "export default router;",
);

// ---------------------------------------------------------------------------------------------------
// security/command-injection
// ---------------------------------------------------------------------------------------------------

const pingSafe = file(
  'import { execFile } from "node:child_process";',
  'import { promisify } from "node:util";',
  'import express from "express";',
  "",
  "const execFileAsync = promisify(execFile);",
  "export const diagnostics = express.Router();",
  "",
  'diagnostics.get("/diagnostics/ping", async (req, res) => {',
  '  const host = String(req.query.host ?? "");',
  "  if (!/^[a-z0-9.-]{1,253}$/i.test(host)) return res.status(400).json({ error: \"invalid host\" });",
  "  try {",
  '    const { stdout } = await execFileAsync("ping", ["-c", "3", host], { timeout: 10_000 });',
  "    res.type(\"text/plain\").send(stdout);",
  "  } catch {",
  '    res.status(502).json({ error: "host unreachable" });',
  "  }",
  "});",
);

const fastifyArchiveSafe = file(
  'import type { FastifyInstance } from "fastify";',
  'import { execFile } from "node:child_process";',
  'import path from "node:path";',
  "",
  'const EXPORT_DIR = "/var/app/exports";',
  "",
  "export async function exportRoutes(app: FastifyInstance) {",
  '  app.post<{ Body: { project: string } }>("/exports", async (request, reply) => {',
  "    const project = path.basename(request.body.project);",
  "    const archive = path.join(EXPORT_DIR, `${project}.tar.gz`);",
  "    await new Promise<void>((resolve, reject) =>",
  '      execFile("tar", ["-czf", archive, "-C", "/var/app/projects", "--", project], (err) => (err ? reject(err) : resolve())),',
  "    );",
  "    return reply.code(201).send({ archive: path.basename(archive) });",
  "  });",
  "}",
);

// ---------------------------------------------------------------------------------------------------
// security/code-injection
// ---------------------------------------------------------------------------------------------------

const calculatorSafe = file(
  'import { Router } from "express";',
  "",
  "const OPERATIONS: Record<string, (a: number, b: number) => number> = {",
  "  add: (a, b) => a + b,",
  "  subtract: (a, b) => a - b,",
  "  multiply: (a, b) => a * b,",
  "};",
  "",
  "export const pricingRouter = Router();",
  "",
  'pricingRouter.post("/pricing/preview", (req, res) => {',
  "  const { base, adjustment, op } = req.body;",
  "  const apply = OPERATIONS[op];",
  '  if (!apply) return res.status(400).json({ error: "unknown operation" });',
  "  const total = apply(Number(base), Number(adjustment));",
  "  res.json({ total });",
  "});",
);

// ---------------------------------------------------------------------------------------------------
// security/unsafe-deserialization
// ---------------------------------------------------------------------------------------------------

const prefsCookieSafe = file(
  'import express from "express";',
  'import cookieParser from "cookie-parser";',
  "",
  "const app = express();",
  "app.use(cookieParser());",
  "",
  'app.get("/preferences", (req, res) => {',
  '  const raw = req.cookies.prefs ?? "{}";',
  "  let prefs: { theme?: string; locale?: string } = {};",
  "  try {",
  "    prefs = JSON.parse(Buffer.from(raw, \"base64\").toString(\"utf8\"));",
  "  } catch {",
  "    prefs = {};",
  "  }",
  '  res.json({ theme: prefs.theme ?? "light", locale: prefs.locale ?? "en" });',
  "});",
  "",
  "export default app;",
);

// ---------------------------------------------------------------------------------------------------
// security/path-traversal
// ---------------------------------------------------------------------------------------------------

const readFileSafe = file(
  'import { Router } from "express";',
  'import { readFile } from "node:fs/promises";',
  'import path from "node:path";',
  "",
  'const TEMPLATE_DIR = path.resolve("storage/templates");',
  "export const templates = Router();",
  "",
  'templates.get("/templates/:name", async (req, res) => {',
  "  const name = path.basename(req.params.name);",
  "  try {",
  '    const body = await readFile(path.join(TEMPLATE_DIR, name), "utf8");',
  "    res.type(\"text/plain\").send(body);",
  "  } catch {",
  '    res.status(404).json({ error: "template not found" });',
  "  }",
  "});",
);

const sendFileSafe = file(
  'import express from "express";',
  'import path from "node:path";',
  'import { requireAuth } from "./middleware/auth.js";',
  "",
  "export const reports = express.Router();",
  'const REPORT_DIR = path.join(process.cwd(), "generated-reports");',
  "",
  'reports.get("/reports/download", requireAuth, (req, res) => {',
  "  const file = String(req.query.file);",
  "  res.sendFile(file, { root: REPORT_DIR }, (err) => {",
  '    if (err) res.status(404).json({ error: "report not found" });',
  "  });",
  "});",
);

const downloadSafe = file(
  'import { Router } from "express";',
  'import path from "node:path";',
  "",
  'const EXPORTS = path.resolve("/srv/app/exports");',
  "export const exportsRouter = Router();",
  "",
  'exportsRouter.get("/exports/:file", (req, res) => {',
  "  const target = path.resolve(EXPORTS, req.params.file);",
  "  if (!target.startsWith(EXPORTS + path.sep)) {",
  '    return res.status(400).json({ error: "invalid file" });',
  "  }",
  "  res.download(target);",
  "});",
);

const fastifyStreamSafe = file(
  'import type { FastifyPluginAsync } from "fastify";',
  'import { createReadStream } from "node:fs";',
  'import path from "node:path";',
  "",
  'const AVATAR_DIR = "/var/lib/app/avatars";',
  "",
  "const avatars: FastifyPluginAsync = async (app) => {",
  '  app.get<{ Params: { file: string } }>("/avatars/:file", async (request, reply) => {',
  "    const file = path.basename(request.params.file);",
  '    reply.type("image/png");',
  "    return reply.send(createReadStream(path.join(AVATAR_DIR, file)));",
  "  });",
  "};",
  "",
  "export default avatars;",
);

// ---------------------------------------------------------------------------------------------------
// security/ssrf
// ---------------------------------------------------------------------------------------------------

const linkPreviewSafe = file(
  'import { Router } from "express";',
  "",
  'const ALLOWED_HOSTS = new Set(["youtube.com", "www.youtube.com", "vimeo.com", "github.com"]);',
  "export const previews = Router();",
  "",
  'previews.get("/link-preview", async (req, res) => {',
  "  let target: URL;",
  "  try {",
  "    target = new URL(String(req.query.url));",
  "  } catch {",
  '    return res.status(400).json({ error: "invalid url" });',
  "  }",
  '  if (target.protocol !== "https:" || !ALLOWED_HOSTS.has(target.hostname)) {',
  '    return res.status(400).json({ error: "host not allowed" });',
  "  }",
  "  const response = await fetch(target);",
  "  const html = await response.text();",
  "  const title = /<title>([^<]*)<\\/title>/i.exec(html)?.[1] ?? null;",
  "  res.json({ title });",
  "});",
);

const webhookTestSafe = file(
  'import axios from "axios";',
  'import { NextResponse } from "next/server";',
  "",
  'const ALLOWED_WEBHOOK_HOSTS = ["hooks.slack.com", "discord.com"];',
  "",
  "export async function POST(request: Request) {",
  "  const { webhookUrl } = await request.json();",
  "  const url = new URL(webhookUrl);",
  '  if (url.protocol !== "https:" || !ALLOWED_WEBHOOK_HOSTS.includes(url.hostname)) {',
  '    return NextResponse.json({ error: "Unsupported webhook host" }, { status: 400 });',
  "  }",
  '  await axios.post(url.toString(), { text: "Test notification from Acme" }, { timeout: 5000 });',
  "  return NextResponse.json({ ok: true });",
  "}",
);

const lambdaFetchSafe = file(
  'import type { APIGatewayProxyHandlerV2 } from "aws-lambda";',
  "",
  'const PARTNER_API = "https://partner-api.example.com";',
  "",
  "export const handler: APIGatewayProxyHandlerV2 = async (event) => {",
  '  const productId = event.queryStringParameters?.productId ?? "";',
  "  const response = await fetch(`${PARTNER_API}/v2/products/${encodeURIComponent(productId)}`, {",
  "    headers: { authorization: `Bearer ${process.env.PARTNER_TOKEN}` },",
  "  });",
  "  return { statusCode: response.status, body: await response.text() };",
  "};",
);

// ---------------------------------------------------------------------------------------------------
// security/open-redirect
// ---------------------------------------------------------------------------------------------------

const loginRedirectSafe = file(
  'import { Router } from "express";',
  'import passport from "passport";',
  "",
  "export const authRouter = Router();",
  "",
  'authRouter.post("/login", passport.authenticate("local"), (req, res) => {',
  '  const next = typeof req.query.next === "string" ? req.query.next : "/";',
  '  const safeNext = next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\\\") ? next : "/";',
  "  res.redirect(safeNext);",
  "});",
);

const koaRedirectSafe = file(
  'import Router from "@koa/router";',
  "",
  "const DESTINATIONS: Record<string, string> = {",
  '  billing: "/settings/billing",',
  '  team: "/settings/team",',
  '  home: "/",',
  "};",
  "",
  "const router = new Router();",
  "",
  'router.get("/continue", async (ctx) => {',
  "  const to = String(ctx.query.to ?? \"home\");",
  '  ctx.redirect(DESTINATIONS[to] ?? "/");',
  "});",
  "",
  "export default router;",
);

// ---------------------------------------------------------------------------------------------------
// security/server-side-xss and security/dom-xss
// ---------------------------------------------------------------------------------------------------

const searchPageSafe = file(
  'import express from "express";',
  'import escapeHtml from "escape-html";',
  'import { searchArticles } from "./search.js";',
  "",
  "export const site = express.Router();",
  "",
  'site.get("/search", async (req, res) => {',
  '  const q = String(req.query.q ?? "");',
  "  const results = await searchArticles(q);",
  "  const items = results.map((a) => `<li><a href=\"/a/${a.id}\">${escapeHtml(a.title)}</a></li>`).join(\"\");",
  "  res.send(`<!doctype html><h1>Results for ${escapeHtml(q)}</h1><ul>${items}</ul>`);",
  "});",
);

const koaGreetingSafe = file(
  'import Koa from "koa";',
  'import he from "he";',
  "",
  "const app = new Koa();",
  "",
  "app.use(async (ctx) => {",
  '  const name = String(ctx.query.name ?? "there");',
  '  ctx.type = "html";',
  "  ctx.body = `<p>Welcome back, ${he.encode(name)}!</p>`;",
  "});",
  "",
  "app.listen(3000);",
);

const bannerSafe = file(
  '"use client";',
  'import DOMPurify from "dompurify";',
  'import { useSearchParams } from "next/navigation";',
  "",
  "export function PromoBanner() {",
  "  const params = useSearchParams();",
  '  const message = params.get("promo");',
  "  if (!message) return null;",
  "  return (",
  '    <div className="promo-banner" role="status">',
  "      <span dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(message) }} />",
  "    </div>",
  "  );",
  "}",
);

// ---------------------------------------------------------------------------------------------------
// JWT: security/hardcoded-credential, security/jwt-verification-bypass, security/jwt-weak-claims
// ---------------------------------------------------------------------------------------------------

const jwtIssueSafe = file(
  'import jwt from "jsonwebtoken";',
  'import type { User } from "../models/user.js";',
  "",
  "const secret = process.env.JWT_SECRET;",
  'if (!secret) throw new Error("JWT_SECRET is not set");',
  "",
  "export function issueAccessToken(user: User): string {",
  "  return jwt.sign({ sub: user.id, role: user.role }, secret, {",
  '    expiresIn: "15m",',
  '    issuer: "acme-shop",',
  "  });",
  "}",
);

const jwtMiddlewareSafe = file(
  'import type { NextFunction, Request, Response } from "express";',
  'import jwt from "jsonwebtoken";',
  "",
  "const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY!;",
  "",
  "export function authenticate(req: Request, res: Response, next: NextFunction) {",
  '  const header = req.headers.authorization ?? "";',
  '  const token = header.startsWith("Bearer ") ? header.slice(7) : null;',
  '  if (!token) return res.status(401).json({ error: "missing token" });',
  "  try {",
  '    const claims = jwt.verify(token, PUBLIC_KEY, { algorithms: ["RS256"] }) as jwt.JwtPayload;',
  "    req.user = { id: claims.sub!, role: claims.role };",
  "    next();",
  "  } catch {",
  '    res.status(401).json({ error: "invalid token" });',
  "  }",
  "}",
);

const refreshTokenSafe = file(
  'import jwt from "jsonwebtoken";',
  'import { Router } from "express";',
  'import { findUserByRefreshToken } from "../auth/refresh-store.js";',
  "",
  "export const tokenRouter = Router();",
  "",
  'tokenRouter.post("/token/refresh", async (req, res) => {',
  "  const user = await findUserByRefreshToken(String(req.body.refreshToken ?? \"\"));",
  '  if (!user) return res.status(401).json({ error: "invalid refresh token" });',
  "  const accessToken = jwt.sign({ sub: user.id, plan: user.plan }, process.env.JWT_SECRET!, { expiresIn: \"15m\" });",
  "  res.json({ accessToken });",
  "});",
);

// ---------------------------------------------------------------------------------------------------
// security/weak-crypto, security/insecure-random, security/tls-verification-disabled
// ---------------------------------------------------------------------------------------------------

const passwordHashSafe = file(
  'import bcrypt from "bcrypt";',
  'import { db } from "../db.js";',
  "",
  "export async function createAccount(email: string, password: string) {",
  "  const passwordHash = await bcrypt.hash(password, 12);",
  "  const [account] = await db(\"accounts\").insert({ email, password_hash: passwordHash }).returning([\"id\", \"email\"]);",
  "  return account;",
  "}",
);

const encryptSafe = file(
  'import crypto from "node:crypto";',
  "",
  'const KEY = Buffer.from(process.env.FIELD_ENCRYPTION_KEY!, "base64");',
  "",
  "export function encryptField(plaintext: string): string {",
  "  const iv = crypto.randomBytes(12);",
  '  const cipher = crypto.createCipheriv("aes-256-gcm", KEY, iv);',
  '  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);',
  "  const tag = cipher.getAuthTag();",
  '  return [iv, tag, data].map((part) => part.toString("base64")).join(".");',
  "}",
);

const resetTokenSafe = file(
  'import crypto from "node:crypto";',
  'import { Router } from "express";',
  'import { PasswordReset } from "../models/password-reset.js";',
  'import { sendResetEmail } from "../mail.js";',
  "",
  "export const passwordRouter = Router();",
  "",
  'passwordRouter.post("/password/forgot", async (req, res) => {',
  "  const email = String(req.body.email ?? \"\");",
  '  const resetToken = crypto.randomBytes(32).toString("hex");',
  "  await PasswordReset.create({ email, token: resetToken, expiresAt: new Date(Date.now() + 3_600_000) });",
  "  await sendResetEmail(email, resetToken);",
  "  res.status(202).json({ ok: true });",
  "});",
);

const otpSafe = file(
  'import { randomInt } from "node:crypto";',
  'import { redis } from "../redis.js";',
  'import { sms } from "../sms.js";',
  "",
  "export async function sendLoginCode(phone: string) {",
  '  const otp = randomInt(0, 1_000_000).toString().padStart(6, "0");',
  "  await redis.set(`otp:${phone}`, otp, \"EX\", 300);",
  "  await sms.send(phone, `Your Acme code is ${otp}`);",
  "}",
);

const tlsAgentSafe = file(
  'import https from "node:https";',
  'import fs from "node:fs";',
  'import axios from "axios";',
  "",
  "const agent = new https.Agent({",
  '  ca: fs.readFileSync(process.env.INTERNAL_CA_PATH ?? "/etc/ssl/internal-ca.pem"),',
  "  keepAlive: true,",
  "});",
  "",
  "export const ledgerClient = axios.create({",
  "  baseURL: process.env.LEDGER_URL,",
  "  httpsAgent: agent,",
  "  timeout: 5000,",
  "});",
);

// ---------------------------------------------------------------------------------------------------
// security/permissive-cors, security/insecure-cookie
// ---------------------------------------------------------------------------------------------------

const corsSafe = file(
  'import express from "express";',
  'import cors from "cors";',
  'import helmet from "helmet";',
  'import { api } from "./routes/index.js";',
  "",
  "const app = express();",
  "app.use(helmet());",
  "app.use(",
  "  cors({",
  '    origin: ["https://app.acme.io", "https://admin.acme.io"],',
  "    credentials: true,",
  "  }),",
  ");",
  "app.use(express.json());",
  'app.use("/api", api);',
  "",
  "export default app;",
);

const nestCorsSafe = file(
  'import { NestFactory } from "@nestjs/core";',
  'import { AppModule } from "./app.module";',
  "",
  "async function bootstrap() {",
  "  const app = await NestFactory.create(AppModule);",
  "  app.enableCors({",
  '    origin: (origin, callback) => callback(null, !origin || origin.endsWith(".acme.io")),',
  "    credentials: true,",
  "  });",
  "  await app.listen(process.env.PORT ?? 3000);",
  "}",
  "",
  "void bootstrap();",
);

const cookieSafe = file(
  'import { Router } from "express";',
  'import { authenticateUser, createSession } from "../auth/service.js";',
  "",
  "export const loginRouter = Router();",
  "",
  'loginRouter.post("/sessions", async (req, res) => {',
  "  const user = await authenticateUser(req.body.email, req.body.password);",
  '  if (!user) return res.status(401).json({ error: "invalid credentials" });',
  "  const session = await createSession(user.id);",
  '  res.cookie("session", session.id, {',
  "    httpOnly: true,",
  "    secure: true,",
  '    sameSite: "lax",',
  "    maxAge: 7 * 24 * 60 * 60 * 1000,",
  "  });",
  "  res.json({ id: user.id });",
  "});",
);

// ---------------------------------------------------------------------------------------------------
// security/missing-authorization, security/idor, security/mass-assignment
// ---------------------------------------------------------------------------------------------------

const projectsRouterSafe = file(
  'import { Router } from "express";',
  'import { requireAuth } from "../middleware/require-auth.js";',
  'import * as projects from "../controllers/projects.js";',
  "",
  "export const projectsRouter = Router();",
  "",
  'projectsRouter.get("/projects", requireAuth, projects.list);',
  'projectsRouter.post("/projects", requireAuth, projects.create);',
  'projectsRouter.patch("/projects/:id", requireAuth, projects.update);',
  'projectsRouter.delete("/projects/:id", requireAuth, projects.remove);',
);

const nestGuardSafe = file(
  'import { Body, Controller, Delete, Get, Param, Post, UseGuards } from "@nestjs/common";',
  'import { JwtAuthGuard } from "../auth/jwt-auth.guard";',
  'import { CreateInviteDto } from "./dto/create-invite.dto";',
  'import { InvitesService } from "./invites.service";',
  "",
  "@Controller(\"invites\")",
  "export class InvitesController {",
  "  constructor(private readonly invites: InvitesService) {}",
  "",
  "  @Get()",
  "  @UseGuards(JwtAuthGuard)",
  "  list() {",
  "    return this.invites.list();",
  "  }",
  "",
  "  @Post()",
  "  @UseGuards(JwtAuthGuard)",
  "  create(@Body() dto: CreateInviteDto) {",
  "    return this.invites.create(dto);",
  "  }",
  "",
  "  @Delete(\":id\")",
  "  @UseGuards(JwtAuthGuard)",
  "  revoke(@Param(\"id\") id: string) {",
  "    return this.invites.revoke(id);",
  "  }",
  "}",
);

const addressIdorSafe = file(
  'import { Router } from "express";',
  'import { Address } from "../models/address.js";',
  'import { requireAuth } from "../middleware/auth.js";',
  "",
  "export const addresses = Router();",
  "",
  'addresses.patch("/addresses/:id", requireAuth, async (req, res) => {',
  "  const { line1, city, postcode } = req.body;",
  "  const result = await Address.updateOne(",
  "    { _id: req.params.id, userId: req.user.id },",
  "    { $set: { line1, city, postcode } },",
  "  );",
  '  if (result.matchedCount === 0) return res.status(404).json({ error: "address not found" });',
  "  res.status(204).end();",
  "});",
);

const prismaIdorSafe = file(
  'import { NextResponse } from "next/server";',
  'import { getServerSession } from "next-auth";',
  'import { authOptions } from "@/lib/auth";',
  'import { prisma } from "@/lib/prisma";',
  "",
  "export async function POST(request: Request) {",
  "  const session = await getServerSession(authOptions);",
  '  if (!session) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });',
  "  const body = await request.json();",
  "  const note = await prisma.note.create({",
  "    data: { title: String(body.title), content: String(body.content), authorId: session.user.id },",
  "  });",
  "  return NextResponse.json(note, { status: 201 });",
  "}",
);

const profileUpdateSafe = file(
  'import { Router } from "express";',
  'import { z } from "zod";',
  'import { User } from "../models/user.js";',
  'import { requireAuth } from "../middleware/auth.js";',
  "",
  "const ProfileUpdate = z.object({ displayName: z.string().max(80), bio: z.string().max(500).optional() });",
  "export const profile = Router();",
  "",
  'profile.patch("/me", requireAuth, async (req, res) => {',
  "  const update = ProfileUpdate.parse(req.body);",
  "  const user = await User.findByIdAndUpdate(req.user.id, update, { new: true });",
  "  res.json(user);",
  "});",
);

const nextSettingsSafe = file(
  'import { NextResponse } from "next/server";',
  'import { auth } from "@/auth";',
  'import { prisma } from "@/lib/prisma";',
  "",
  "export async function PATCH(request: Request) {",
  "  const session = await auth();",
  '  if (!session?.user) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });',
  "  const body = await request.json();",
  "  const data = { name: body.name, timezone: body.timezone };",
  "  const user = await prisma.user.update({ where: { id: session.user.id }, data });",
  "  return NextResponse.json({ id: user.id, name: user.name, timezone: user.timezone });",
  "}",
);

// ---------------------------------------------------------------------------------------------------
// security/prototype-pollution, security/redos, security/xxe
// ---------------------------------------------------------------------------------------------------

const mergeSafe = file(
  'import { Router } from "express";',
  'import { loadSettings, saveSettings } from "../settings-store.js";',
  "",
  "function deepMerge(target: Record<string, any>, source: Record<string, any>) {",
  "  for (const key of Object.keys(source)) {",
  '    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;',
  '    if (source[key] && typeof source[key] === "object" && !Array.isArray(source[key])) {',
  "      target[key] = target[key] ?? {};",
  "      deepMerge(target[key], source[key]);",
  "    } else {",
  "      target[key] = source[key];",
  "    }",
  "  }",
  "  return target;",
  "}",
  "",
  "export const settings = Router();",
  "",
  'settings.put("/settings", async (req, res) => {',
  "  const current = await loadSettings(req.user.id);",
  "  const next = deepMerge(current, req.body);",
  "  await saveSettings(req.user.id, next);",
  "  res.json(next);",
  "});",
);

const regexSearchSafe = file(
  'import { Router } from "express";',
  'import escapeStringRegexp from "escape-string-regexp";',
  'import { Product } from "../models/product.js";',
  "",
  "export const catalog = Router();",
  "",
  'catalog.get("/catalog/search", async (req, res) => {',
  '  const term = String(req.query.term ?? "").slice(0, 100);',
  '  const pattern = new RegExp(escapeStringRegexp(term), "i");',
  "  const products = await Product.find({ name: pattern }).limit(25).lean();",
  "  res.json(products);",
  "});",
);

const usernameRegexSafe = file(
  'import { Router } from "express";',
  'import { Account } from "../models/account.js";',
  "",
  "const USERNAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/i;",
  "export const usernames = Router();",
  "",
  'usernames.post("/usernames/check", async (req, res) => {',
  '  const username = String(req.body.username ?? "");',
  "  if (username.length > 32 || !USERNAME.test(username)) {",
  '    return res.status(400).json({ error: "invalid username" });',
  "  }",
  "  const taken = await Account.exists({ username });",
  "  res.json({ available: !taken });",
  "});",
);

const xmlImportSafe = file(
  'import express from "express";',
  'import libxmljs from "libxmljs2";',
  'import { importInvoices } from "../invoices/import.js";',
  "",
  "export const imports = express.Router();",
  "",
  'imports.post("/invoices/import", express.text({ type: "application/xml", limit: "2mb" }), async (req, res) => {',
  "  const doc = libxmljs.parseXml(req.body, { nonet: true });",
  '  const invoices = doc.find("//invoice").map((node) => ({',
  '    number: node.get("number")?.text(),',
  '    amount: Number(node.get("amount")?.text()),',
  "  }));",
  "  await importInvoices(invoices);",
  "  res.status(201).json({ imported: invoices.length });",
  "});",
);

// ---------------------------------------------------------------------------------------------------
// security/error-details-exposed, security/missing-rate-limit, security/sensitive-surface-exposed
// ---------------------------------------------------------------------------------------------------

const errorHandlerSafe = file(
  'import type { ErrorRequestHandler } from "express";',
  'import { logger } from "./logger.js";',
  "",
  "export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {",
  '  logger.error({ err, reqId: req.id }, "unhandled error");',
  '  res.status(500).json({ error: "Internal server error", reqId: req.id });',
  "};",
);

const checkoutCatchSafe = file(
  'import { Router } from "express";',
  'import { chargeCustomer } from "../payments.js";',
  'import { logger } from "../logger.js";',
  "",
  "export const checkout = Router();",
  "",
  'checkout.post("/checkout", async (req, res) => {',
  "  try {",
  "    const receipt = await chargeCustomer(req.user.id, req.body.cartId);",
  "    res.json(receipt);",
  "  } catch (error) {",
  '    logger.error({ error, userId: req.user.id }, "checkout failed");',
  '    res.status(500).json({ error: "Payment could not be processed" });',
  "  }",
  "});",
);

const rateLimitSafe = file(
  'import express from "express";',
  'import rateLimit from "express-rate-limit";',
  'import { forgotPassword, login, register } from "./controllers/auth.js";',
  "",
  "const app = express();",
  'app.set("trust proxy", 1);',
  "app.use(express.json());",
  "",
  "const authLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10, standardHeaders: true });",
  "",
  'app.post("/auth/register", authLimiter, register);',
  'app.post("/auth/login", authLimiter, login);',
  'app.post("/auth/forgot-password", authLimiter, forgotPassword);',
  "",
  "export default app;",
);

const debugRouteSafe = file(
  'import express from "express";',
  'import helmet from "helmet";',
  'import { requireAuth, requireAdmin } from "./middleware/auth.js";',
  'import { api } from "./routes/api.js";',
  "",
  "const app = express();",
  "app.use(helmet());",
  'app.use("/api", requireAuth, api);',
  "",
  'app.get("/debug/runtime", requireAuth, requireAdmin, (req, res) => {',
  "  res.json({ memory: process.memoryUsage(), uptime: process.uptime(), version: process.version });",
  "});",
  "",
  "export default app;",
);

const staticRootSafe = file(
  'import express from "express";',
  'import path from "node:path";',
  'import helmet from "helmet";',
  "",
  "const app = express();",
  "app.use(helmet());",
  'app.use(express.static(path.join(__dirname, "public"), { maxAge: "1h" }));',
  "",
  'app.get("/healthz", (_req, res) => res.send("ok"));',
  "",
  "export default app;",
);

// ---------------------------------------------------------------------------------------------------
// The pairs
// ---------------------------------------------------------------------------------------------------

export const PAIRS: Pair[] = [
  // sql-injection ------------------------------------------------------------------------------------
  {
    name: "pg: order lookup by id interpolated into the SQL",
    rule: "security/sql-injection",
    path: "src/routes/orders.ts",
    safe: pgOrdersSafe,
    vulnerable: variant(
      pgOrdersSafe,
      [
        '      "SELECT id, status, total_cents, created_at FROM orders WHERE id = $1 AND customer_id = $2",',
        "      `SELECT id, status, total_cents, created_at FROM orders WHERE id = ${req.params.id} AND customer_id = ${req.user.id}`,",
      ],
      ["      [req.params.id, req.user.id],\n", ""],
    ),
  },
  {
    name: "mysql2: contact lookup by email concatenated into the SQL",
    rule: "security/sql-injection",
    path: "src/routes/contacts.ts",
    safe: mysqlLookupSafe,
    vulnerable: variant(
      mysqlLookupSafe,
      [
        '    "SELECT id, name, email, company FROM contacts WHERE email = ? LIMIT 1",\n    [email],',
        "    \"SELECT id, name, email, company FROM contacts WHERE email = '\" + email + \"' LIMIT 1\",",
      ],
    ),
  },
  {
    name: "knex: whereRaw with the search term interpolated",
    rule: "security/sql-injection",
    path: "src/controllers/products.ts",
    safe: knexSearchSafe,
    vulnerable: variant(knexSearchSafe, ['    .whereRaw("name ILIKE ?", [`%${q}%`])', "    .whereRaw(`name ILIKE '%${q}%'`)"]),
  },
  {
    name: "sequelize: report filter interpolated into sequelize.query",
    rule: "security/sql-injection",
    path: "src/routes/reports.ts",
    safe: sequelizeReportSafe,
    vulnerable: variant(
      sequelizeReportSafe,
      [
        '    "SELECT id, number, amount, status FROM invoices WHERE status = :status ORDER BY issued_at DESC",',
        "    `SELECT id, number, amount, status FROM invoices WHERE status = '${status}' ORDER BY issued_at DESC`,",
      ],
      ["    { replacements: { status }, type: QueryTypes.SELECT },", "    { type: QueryTypes.SELECT },"],
    ),
  },
  {
    name: "prisma: $queryRawUnsafe with the search term in a Next.js route handler",
    rule: "security/sql-injection",
    path: "app/api/posts/search/route.ts",
    safe: prismaSearchSafe,
    vulnerable: variant(
      prismaSearchSafe,
      ["  const pattern = `%${term}%`;\n", ""],
      [
        "prisma.$queryRaw`SELECT id, title, slug FROM \"Post\" WHERE published = true AND title ILIKE ${pattern} LIMIT 20`;",
        "prisma.$queryRawUnsafe(`SELECT id, title, slug FROM \"Post\" WHERE published = true AND title ILIKE '%${term}%' LIMIT 20`);",
      ],
    ),
  },
  {
    name: "typeorm: NestJS @Query value interpolated into dataSource.query",
    rule: "security/sql-injection",
    path: "src/audit/audit-events.controller.ts",
    safe: typeormNestSafe,
    vulnerable: variant(
      typeormNestSafe,
      [
        '      "SELECT id, actor, action, created_at FROM audit_events WHERE actor = $1 ORDER BY created_at DESC LIMIT $2",\n      [actor, Math.min(Number(limit) || 50, 200)],',
        "      `SELECT id, actor, action, created_at FROM audit_events WHERE actor = '${actor}' ORDER BY created_at DESC LIMIT ${Number(limit) || 50}`,",
      ],
    ),
  },
  {
    name: "pg: ORDER BY column from the query string without the allowlist",
    rule: "security/sql-injection",
    path: "src/routes/admin-orders.ts",
    safe: sortSafe,
    vulnerable: variant(sortSafe, ['  if (!SORTABLE.includes(sort)) return res.status(400).json({ error: "invalid sort" });\n', ""]),
  },
  {
    name: "lambda: pg query with a query-string parameter concatenated",
    rule: "security/sql-injection",
    path: "functions/inventory/handler.ts",
    safe: lambdaSqlSafe,
    vulnerable: variant(lambdaSqlSafe, [
      '  const result = await client.query("SELECT sku, name, stock FROM inventory WHERE sku = $1", [sku]);',
      "  const result = await client.query(\"SELECT sku, name, stock FROM inventory WHERE sku = '\" + sku + \"'\");",
    ]),
  },

  // nosql-injection ----------------------------------------------------------------------------------
  {
    name: "mongoose: login filter takes the body's email unconverted",
    rule: "security/nosql-injection",
    path: "src/routes/session.ts",
    safe: mongoLoginSafe,
    vulnerable: variant(mongoLoginSafe, ['  const email = String(req.body.email ?? "").toLowerCase();\n', ""], [
      "  const user = await User.findOne({ email });",
      "  const user = await User.findOne({ email: req.body.email });",
    ]),
  },
  {
    name: "koa + mongodb: the whole request body becomes the find() filter",
    rule: "security/nosql-injection",
    path: "src/routes/tickets.ts",
    safe: koaMongoFilterSafe,
    vulnerable: variant(koaMongoFilterSafe, ["  const filter = TicketFilter.parse(ctx.request.body);", "  const filter = ctx.request.body;"]),
  },

  // command-injection --------------------------------------------------------------------------------
  {
    name: "express: ping host spliced into exec()",
    rule: "security/command-injection",
    path: "src/routes/diagnostics.ts",
    safe: pingSafe,
    vulnerable: variant(
      pingSafe,
      ['import { execFile } from "node:child_process";', 'import { exec } from "node:child_process";'],
      ["const execFileAsync = promisify(execFile);", "const execAsync = promisify(exec);"],
      ['  if (!/^[a-z0-9.-]{1,253}$/i.test(host)) return res.status(400).json({ error: "invalid host" });\n', ""],
      ['await execFileAsync("ping", ["-c", "3", host], { timeout: 10_000 });', "await execAsync(`ping -c 3 ${host}`, { timeout: 10_000 });"],
    ),
  },
  {
    name: "fastify: tar archive name from the body run through a shell",
    rule: "security/command-injection",
    path: "src/routes/exports.ts",
    safe: fastifyArchiveSafe,
    vulnerable: variant(
      fastifyArchiveSafe,
      ['import { execFile } from "node:child_process";', 'import { exec } from "node:child_process";'],
      ["    const project = path.basename(request.body.project);", "    const project = request.body.project;"],
      [
        '      execFile("tar", ["-czf", archive, "-C", "/var/app/projects", "--", project], (err) => (err ? reject(err) : resolve())),',
        "      exec(`tar -czf ${archive} -C /var/app/projects ${project}`, (err) => (err ? reject(err) : resolve())),",
      ],
    ),
  },

  // code-injection -----------------------------------------------------------------------------------
  {
    name: "express: pricing preview evaluates an expression built from the body",
    rule: "security/code-injection",
    path: "src/routes/pricing.ts",
    safe: calculatorSafe,
    vulnerable: variant(
      calculatorSafe,
      ["  const apply = OPERATIONS[op];\n", ""],
      ['  if (!apply) return res.status(400).json({ error: "unknown operation" });\n', ""],
      ["  const total = apply(Number(base), Number(adjustment));", "  const total = eval(`${base} ${op} ${adjustment}`);"],
    ),
  },

  // unsafe-deserialization ---------------------------------------------------------------------------
  {
    name: "express: preferences cookie revived with node-serialize",
    rule: "security/unsafe-deserialization",
    path: "src/app.ts",
    safe: prefsCookieSafe,
    vulnerable: variant(
      prefsCookieSafe,
      ['import cookieParser from "cookie-parser";', 'import cookieParser from "cookie-parser";\nimport serialize from "node-serialize";'],
      ['    prefs = JSON.parse(Buffer.from(raw, "base64").toString("utf8"));', '    prefs = serialize.unserialize(Buffer.from(raw, "base64").toString("utf8"));'],
    ),
  },

  // path-traversal -----------------------------------------------------------------------------------
  {
    name: "express: template name from the URL joined onto the template directory",
    rule: "security/path-traversal",
    path: "src/routes/templates.ts",
    safe: readFileSafe,
    vulnerable: variant(readFileSafe, ["  const name = path.basename(req.params.name);", "  const name = req.params.name;"]),
  },
  {
    name: "express: res.sendFile of a joined path instead of the root option",
    rule: "security/path-traversal",
    path: "src/routes/reports.ts",
    safe: sendFileSafe,
    vulnerable: variant(sendFileSafe, ["  res.sendFile(file, { root: REPORT_DIR }, (err) => {", "  res.sendFile(path.join(REPORT_DIR, file), (err) => {"]),
  },
  {
    name: "express: res.download without the containment check",
    rule: "security/path-traversal",
    path: "src/routes/exports.ts",
    safe: downloadSafe,
    vulnerable: variant(downloadSafe, [
      '  if (!target.startsWith(EXPORTS + path.sep)) {\n    return res.status(400).json({ error: "invalid file" });\n  }\n',
      "",
    ]),
  },
  {
    name: "fastify: avatar stream opened from the raw route parameter",
    rule: "security/path-traversal",
    path: "src/plugins/avatars.ts",
    safe: fastifyStreamSafe,
    vulnerable: variant(fastifyStreamSafe, ["    const file = path.basename(request.params.file);", "    const file = request.params.file;"]),
  },

  // ssrf ---------------------------------------------------------------------------------------------
  {
    name: "express: link preview fetches any URL from the query",
    rule: "security/ssrf",
    path: "src/routes/previews.ts",
    safe: linkPreviewSafe,
    vulnerable: variant(linkPreviewSafe, [
      '  if (target.protocol !== "https:" || !ALLOWED_HOSTS.has(target.hostname)) {\n    return res.status(400).json({ error: "host not allowed" });\n  }\n',
      "",
    ]),
  },
  {
    name: "next.js: webhook test posts to the URL from the body with axios",
    rule: "security/ssrf",
    path: "app/api/webhooks/ping/route.ts",
    safe: webhookTestSafe,
    vulnerable: variant(
      webhookTestSafe,
      ["  const url = new URL(webhookUrl);\n", ""],
      [
        '  if (url.protocol !== "https:" || !ALLOWED_WEBHOOK_HOSTS.includes(url.hostname)) {\n    return NextResponse.json({ error: "Unsupported webhook host" }, { status: 400 });\n  }\n',
        "",
      ],
      ["  await axios.post(url.toString(),", "  await axios.post(webhookUrl,"],
    ),
  },
  {
    name: "lambda: partner API base URL taken from the query string",
    rule: "security/ssrf",
    path: "functions/partner-proxy/handler.ts",
    safe: lambdaFetchSafe,
    vulnerable: variant(
      lambdaFetchSafe,
      [
        "  const productId = event.queryStringParameters?.productId ?? \"\";",
        "  const productId = event.queryStringParameters?.productId ?? \"\";\n  const base = event.queryStringParameters?.apiBase ?? PARTNER_API;",
      ],
      ["  const response = await fetch(`${PARTNER_API}/v2/products/", "  const response = await fetch(`${base}/v2/products/"],
    ),
  },

  // open-redirect ------------------------------------------------------------------------------------
  {
    name: "express: post-login redirect to ?next= without the same-site check",
    rule: "security/open-redirect",
    path: "src/routes/auth.ts",
    safe: loginRedirectSafe,
    vulnerable: variant(
      loginRedirectSafe,
      ['  const safeNext = next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\\\") ? next : "/";\n', ""],
      ["  res.redirect(safeNext);", "  res.redirect(next);"],
    ),
  },
  {
    name: "koa: continue link redirects to the raw `to` parameter",
    rule: "security/open-redirect",
    path: "src/routes/continue.ts",
    safe: koaRedirectSafe,
    vulnerable: variant(koaRedirectSafe, ['  ctx.redirect(DESTINATIONS[to] ?? "/");', "  ctx.redirect(DESTINATIONS[to] ?? to);"]),
  },

  // server-side-xss / dom-xss ------------------------------------------------------------------------
  {
    name: "express: search page echoes the query without escaping",
    rule: "security/server-side-xss",
    path: "src/routes/site.ts",
    safe: searchPageSafe,
    vulnerable: variant(searchPageSafe, ["<h1>Results for ${escapeHtml(q)}</h1>", "<h1>Results for ${q}</h1>"]),
  },
  {
    name: "koa: greeting renders the name parameter into HTML",
    rule: "security/server-side-xss",
    path: "src/server.ts",
    safe: koaGreetingSafe,
    vulnerable: variant(koaGreetingSafe, ["  ctx.body = `<p>Welcome back, ${he.encode(name)}!</p>`;", "  ctx.body = `<p>Welcome back, ${name}!</p>`;"]),
  },
  {
    name: "react: promo banner renders ?promo= as HTML without DOMPurify",
    rule: "security/dom-xss",
    path: "app/components/PromoBanner.tsx",
    safe: bannerSafe,
    vulnerable: variant(
      bannerSafe,
      ['import DOMPurify from "dompurify";\n', ""],
      ["{{ __html: DOMPurify.sanitize(message) }}", "{{ __html: message }}"],
    ),
  },

  // jwt / credentials --------------------------------------------------------------------------------
  {
    name: "jsonwebtoken: signing key hard-coded instead of read from the environment",
    rule: "security/hardcoded-credential",
    path: "src/auth/tokens.ts",
    safe: jwtIssueSafe,
    vulnerable: variant(jwtIssueSafe, [
      'const secret = process.env.JWT_SECRET;\nif (!secret) throw new Error("JWT_SECRET is not set");',
      `const secret = "${FAKE_SIGNING_KEY}";`,
    ]),
  },
  {
    name: "express middleware: jwt.decode trusted as the identity",
    rule: "security/jwt-verification-bypass",
    path: "src/middleware/authenticate.ts",
    safe: jwtMiddlewareSafe,
    vulnerable: variant(jwtMiddlewareSafe, [
      '    const claims = jwt.verify(token, PUBLIC_KEY, { algorithms: ["RS256"] }) as jwt.JwtPayload;',
      "    const claims = jwt.decode(token) as jwt.JwtPayload;",
    ]),
  },
  {
    name: "jsonwebtoken: verify with ignoreExpiration",
    rule: "security/jwt-verification-bypass",
    path: "src/middleware/authenticate.ts",
    safe: jwtMiddlewareSafe,
    vulnerable: variant(jwtMiddlewareSafe, ['{ algorithms: ["RS256"] }', '{ algorithms: ["RS256"], ignoreExpiration: true }']),
  },
  {
    name: "jsonwebtoken: access token issued without expiresIn",
    rule: "security/jwt-weak-claims",
    path: "src/routes/token.ts",
    safe: refreshTokenSafe,
    vulnerable: variant(refreshTokenSafe, [', process.env.JWT_SECRET!, { expiresIn: "15m" });', ", process.env.JWT_SECRET!);"]),
  },

  // weak-crypto / insecure-random / tls --------------------------------------------------------------
  {
    name: "account signup hashes the password with MD5",
    rule: "security/weak-crypto",
    path: "src/services/accounts.ts",
    safe: passwordHashSafe,
    vulnerable: variant(
      passwordHashSafe,
      ['import bcrypt from "bcrypt";', 'import crypto from "node:crypto";'],
      ["  const passwordHash = await bcrypt.hash(password, 12);", '  const passwordHash = crypto.createHash("md5").update(password).digest("hex");'],
    ),
  },
  {
    name: "field encryption with a fixed all-zero IV",
    rule: "security/weak-crypto",
    path: "src/lib/field-crypto.ts",
    safe: encryptSafe,
    vulnerable: variant(encryptSafe, ["  const iv = crypto.randomBytes(12);", "  const iv = Buffer.alloc(12);"]),
  },
  {
    name: "password reset token from Math.random()",
    rule: "security/insecure-random",
    path: "src/routes/password.ts",
    safe: resetTokenSafe,
    vulnerable: variant(
      resetTokenSafe,
      ['import crypto from "node:crypto";\n', ""],
      ['  const resetToken = crypto.randomBytes(32).toString("hex");', "  const resetToken = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);"],
    ),
  },
  {
    name: "login OTP from Math.random()",
    rule: "security/insecure-random",
    path: "src/auth/otp.ts",
    safe: otpSafe,
    vulnerable: variant(
      otpSafe,
      ['import { randomInt } from "node:crypto";\n', ""],
      ['  const otp = randomInt(0, 1_000_000).toString().padStart(6, "0");', "  const otp = Math.floor(100000 + Math.random() * 900000).toString();"],
    ),
  },
  {
    name: "https agent with rejectUnauthorized: false for an internal service",
    rule: "security/tls-verification-disabled",
    path: "src/clients/ledger.ts",
    safe: tlsAgentSafe,
    vulnerable: variant(tlsAgentSafe, [
      '  ca: fs.readFileSync(process.env.INTERNAL_CA_PATH ?? "/etc/ssl/internal-ca.pem"),',
      "  rejectUnauthorized: false,",
    ]),
  },

  // cors / cookies -----------------------------------------------------------------------------------
  {
    name: "express: cors reflects any origin with credentials",
    rule: "security/permissive-cors",
    path: "src/app.ts",
    safe: corsSafe,
    vulnerable: variant(corsSafe, ['    origin: ["https://app.acme.io", "https://admin.acme.io"],', "    origin: true,"]),
  },
  {
    name: "nestjs: enableCors origin callback allows every origin",
    rule: "security/permissive-cors",
    path: "src/main.ts",
    safe: nestCorsSafe,
    vulnerable: variant(nestCorsSafe, [
      '    origin: (origin, callback) => callback(null, !origin || origin.endsWith(".acme.io")),',
      "    origin: (origin, callback) => callback(null, true),",
    ]),
  },
  {
    name: "express: session cookie set readable by scripts and over http",
    rule: "security/insecure-cookie",
    path: "src/routes/sessions.ts",
    safe: cookieSafe,
    vulnerable: variant(cookieSafe, ["    httpOnly: true,\n    secure: true,", "    httpOnly: false,\n    secure: false,"]),
  },

  // authorization ------------------------------------------------------------------------------------
  {
    name: "express router: new DELETE route without requireAuth",
    rule: "security/missing-authorization",
    path: "src/routes/projects.ts",
    safe: projectsRouterSafe,
    vulnerable: variant(projectsRouterSafe, ['projectsRouter.delete("/projects/:id", requireAuth, projects.remove);', 'projectsRouter.delete("/projects/:id", projects.remove);']),
  },
  {
    name: "nestjs: revoke handler without the guard its siblings carry",
    rule: "security/missing-authorization",
    path: "src/invites/invites.controller.ts",
    safe: nestGuardSafe,
    vulnerable: variant(nestGuardSafe, ['  @Delete(":id")\n  @UseGuards(JwtAuthGuard)', '  @Delete(":id")']),
  },
  {
    name: "mongoose: address update scoped by the body's userId",
    rule: "security/idor",
    path: "src/routes/addresses.ts",
    safe: addressIdorSafe,
    vulnerable: variant(
      addressIdorSafe,
      ["  const { line1, city, postcode } = req.body;", "  const { line1, city, postcode, userId } = req.body;"],
      ["    { _id: req.params.id, userId: req.user.id },", "    { _id: req.params.id, userId },"],
    ),
  },
  {
    name: "prisma: note created with the authorId from the body",
    rule: "security/idor",
    path: "app/api/notes/route.ts",
    safe: prismaIdorSafe,
    vulnerable: variant(prismaIdorSafe, ["authorId: session.user.id }", "authorId: body.authorId }"]),
  },
  {
    name: "mongoose: profile update writes the whole body",
    rule: "security/mass-assignment",
    path: "src/routes/profile.ts",
    safe: profileUpdateSafe,
    vulnerable: variant(
      profileUpdateSafe,
      ['import { z } from "zod";\n', ""],
      ["const ProfileUpdate = z.object({ displayName: z.string().max(80), bio: z.string().max(500).optional() });\n", ""],
      ["  const update = ProfileUpdate.parse(req.body);\n", ""],
      ["User.findByIdAndUpdate(req.user.id, update, { new: true })", "User.findByIdAndUpdate(req.user.id, req.body, { new: true })"],
    ),
  },
  {
    name: "next.js + prisma: settings update passes the parsed JSON body as data",
    rule: "security/mass-assignment",
    path: "app/api/settings/route.ts",
    safe: nextSettingsSafe,
    vulnerable: variant(nextSettingsSafe, ["  const data = { name: body.name, timezone: body.timezone };", "  const data = body;"]),
  },

  // prototype pollution / redos / xxe ----------------------------------------------------------------
  {
    name: "express: settings deep merge of the body without a key guard",
    rule: "security/prototype-pollution",
    path: "src/routes/settings.ts",
    safe: mergeSafe,
    vulnerable: variant(mergeSafe, ['    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;\n', ""]),
  },
  {
    name: "mongoose: search term compiled as a regex without escaping",
    rule: "security/redos",
    path: "src/routes/catalog.ts",
    safe: regexSearchSafe,
    vulnerable: variant(
      regexSearchSafe,
      ['import escapeStringRegexp from "escape-string-regexp";\n', ""],
      ['  const pattern = new RegExp(escapeStringRegexp(term), "i");', '  const pattern = new RegExp(term, "i");'],
    ),
  },
  {
    name: "username check with a nested-quantifier regex",
    rule: "security/redos",
    path: "src/routes/usernames.ts",
    safe: usernameRegexSafe,
    vulnerable: variant(
      usernameRegexSafe,
      ["const USERNAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/i;", "const USERNAME = /^([a-z0-9]+[._-]?)+$/i;"],
      ["  if (username.length > 32 || !USERNAME.test(username)) {", "  if (!USERNAME.test(username)) {"],
    ),
  },
  {
    name: "libxmljs: invoice import parses with noent",
    rule: "security/xxe",
    path: "src/routes/imports.ts",
    safe: xmlImportSafe,
    vulnerable: variant(xmlImportSafe, ["libxmljs.parseXml(req.body, { nonet: true })", "libxmljs.parseXml(req.body, { noent: true, nonet: true })"]),
  },

  // error details / rate limit / sensitive surface ---------------------------------------------------
  {
    name: "express error handler returns the stack trace",
    rule: "security/error-details-exposed",
    path: "src/middleware/error-handler.ts",
    safe: errorHandlerSafe,
    vulnerable: variant(errorHandlerSafe, [
      '  res.status(500).json({ error: "Internal server error", reqId: req.id });',
      "  res.status(500).json({ error: err.message, stack: err.stack, reqId: req.id });",
    ]),
  },
  {
    name: "checkout catch sends the raw error object",
    rule: "security/error-details-exposed",
    path: "src/routes/checkout.ts",
    safe: checkoutCatchSafe,
    vulnerable: variant(checkoutCatchSafe, [
      '    res.status(500).json({ error: "Payment could not be processed" });',
      "    res.status(500).json({ error });",
    ]),
  },
  {
    name: "express: login route registered without the auth limiter",
    rule: "security/missing-rate-limit",
    path: "src/app.ts",
    safe: rateLimitSafe,
    vulnerable: variant(rateLimitSafe, ['app.post("/auth/login", authLimiter, login);', 'app.post("/auth/login", login);']),
  },
  {
    name: "express: debug runtime endpoint without authentication",
    rule: "security/sensitive-surface-exposed",
    path: "src/app.ts",
    safe: debugRouteSafe,
    vulnerable: variant(debugRouteSafe, ['app.get("/debug/runtime", requireAuth, requireAdmin, (req, res) => {', 'app.get("/debug/runtime", (req, res) => {']),
  },
  {
    name: "express: static files served from the project root",
    rule: "security/sensitive-surface-exposed",
    path: "src/server.ts",
    safe: staticRootSafe,
    vulnerable: variant(staticRootSafe, ['app.use(express.static(path.join(__dirname, "public"), { maxAge: "1h" }));', 'app.use(express.static(__dirname, { maxAge: "1h" }));']),
  },
];
