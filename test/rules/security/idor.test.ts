import { describe, expect, it } from "vitest";
import { idor } from "../../../rules/security/idor.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/idor";

describe("security/idor: fires", () => {
  it("on a delete keyed by a route userId while req.user is read (js, high)", () => {
    const code = [
      'router.delete("/users/:userId/sessions", requireAuth, async (req, res) => {',
      "  await Session.deleteMany({ userId: req.params.userId });",
      '  audit.log("sessions.revoked", { by: req.user.id });',
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const findings = findingsOf(idor, "src/routes/sessions.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 2 });
    expect(findings[0]?.message).toContain("`Session.deleteMany(…)` deletes records by `req.params.userId`");
    expect(findings[0]?.message).toContain("`req.user");
    expect(findings[0]?.fix).toContain("req.user.id");
  });

  it("on a forged author in Prisma data next to getServerSession (ts)", () => {
    const code = [
      "export async function POST(request: Request) {",
      "  const session = await getServerSession(authOptions);",
      "  if (!session) return new Response(null, { status: 401 });",
      "  const { title, content, authorId } = await request.json();",
      "  const post = await prisma.post.create({ data: { title, content, authorId } });",
      "  return Response.json(post);",
      "}",
    ].join("\n");
    const findings = findingsOf(idor, "app/api/posts/route.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
    expect(findings[0]?.message).toContain("writes `authorId` from the client");
  });

  it("on an update whose owner filter comes from the body, with Koa ctx.state.user", () => {
    const code = [
      "router.put('/invoices/:id', async (ctx) => {",
      "  const { accountId, status } = ctx.request.body;",
      "  await Invoice.update({ status }, { where: { id: ctx.params.id, accountId } });",
      "  ctx.body = { updatedBy: ctx.state.user.email };",
      "});",
    ].join("\n");
    const findings = findingsOf(idor, "src/invoices.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 3 });
    expect(findings[0]?.message).toContain("changes records by `accountId`");
  });

  it("on raw SQL keyed by a client tenantId while res.locals.user is known", () => {
    const code = [
      'app.get("/reports", async (req, res) => {',
      "  const { rows } = await pool.query('SELECT * FROM reports WHERE tenant_id = $1', [req.query.tenantId]);",
      "  res.json({ rows, viewer: res.locals.user.name });",
      "});",
    ].join("\n");
    const findings = findingsOf(idor, "src/reports.ts", code);
    expect(findings).toHaveLength(1);
    // Reads are medium: a listing of another user's records is sometimes intended.
    expect(findings[0]).toMatchObject({ severity: "medium", line: 2 });
    expect(findings[0]?.message).toContain("reads records by `req.query.tenantId`");
  });

  it("on a Mongoose read by userId from the query (medium) in a NestJS-free Express handler", () => {
    const code = [
      'router.get("/orders", auth, async (req, res) => {',
      "  if (!req.user) return res.sendStatus(401);",
      "  const orders = await Order.find({ user: req.query.userId }).sort({ createdAt: -1 });",
      "  res.json(orders);",
      "});",
    ].join("\n");
    const findings = findingsOf(idor, "src/orders.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([[3, "medium"]]);
  });

  it("on a NestJS handler with @CurrentUser() that updates by a @Param userId", () => {
    const code = [
      "@Controller('users/:userId/addresses')",
      "export class AddressesController {",
      "  @Delete(':id')",
      "  remove(@Param('userId') userId: string, @Param('id') id: string, @CurrentUser() me: User) {",
      "    return this.addressRepository.delete({ id, userId });",
      "  }",
      "}",
    ].join("\n");
    const findings = findingsOf(idor, "src/addresses/addresses.controller.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
  });
});

describe("security/idor: fires behind an authentication middleware", () => {
  it("on a write keyed by the body's userId on a requireAuth route whose handler never reads req.user", () => {
    const code = [
      "const addresses = Router();",
      'addresses.patch("/addresses/:id", requireAuth, async (req, res) => {',
      "  const { line1, city, userId } = req.body;",
      "  await Address.updateOne({ _id: req.params.id, userId }, { $set: { line1, city } });",
      "  res.status(204).end();",
      "});",
      'router.post("/notes", passport.authenticate("jwt", { session: false }), async (req, res) => {',
      "  res.json(await Note.create({ text: req.body.text, ownerId: req.body.ownerId }));",
      "});",
    ].join("\n");
    const findings = findingsOf(idor, "src/routes/addresses.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [4, "high"],
      [8, "high"],
    ]);
    expect(findings[0]?.message).toContain("this route authenticates the user (`requireAuth`)");
  });
});

describe("security/idor: fires in Next.js server actions", () => {
  it("on a delete filtered by a userId argument next to auth()", () => {
    const code = [
      '"use server";',
      "export async function deletePost(postId: string, userId: string) {",
      "  const session = await auth();",
      '  if (!session) throw new Error("unauthorized");',
      "  await prisma.post.delete({ where: { id: postId, authorId: userId } });",
      "}",
    ].join("\n");
    const findings = findingsOf(idor, "app/posts/actions.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 5 });
    expect(findings[0]?.message).toContain("`auth()`");
  });
});

describe("security/idor: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "the query keyed by the server identity",
      "src/a.ts",
      [
        'router.get("/me/orders", async (req, res) => {',
        "  res.json(await Order.find({ userId: req.user.id }));",
        "});",
      ].join("\n"),
    ],
    [
      "an ownership or admin check before the query",
      "src/b.js",
      [
        'router.get("/users/:userId/orders", async (req, res) => {',
        "  if (req.params.userId !== req.user.id && req.user.role !== 'admin') return res.sendStatus(403);",
        "  res.json(await Order.find({ userId: req.params.userId }));",
        "});",
      ].join("\n"),
    ],
    [
      "no server identity in the handler (internal service)",
      "src/c.ts",
      [
        'app.get("/internal/orders", async (req, res) => {',
        "  res.json(await Order.find({ userId: req.query.userId }));",
        "});",
      ].join("\n"),
    ],
    [
      "admin middleware and admin paths",
      "src/d.js",
      [
        'router.delete("/users/:userId/sessions", requireAdmin, async (req, res) => {',
        "  await Session.deleteMany({ userId: req.params.userId, revokedBy: undefined });",
        "  log(req.user.id);",
        "  res.sendStatus(204);",
        "});",
        'router.get("/admin/orders", async (req, res) => {',
        "  log(req.user.id);",
        "  res.json(await Order.find({ userId: req.query.userId }));",
        "});",
      ].join("\n"),
    ],
    [
      "the same query also scoped by the signed-in user",
      "src/e.ts",
      [
        'router.patch("/projects/:id", async (req, res) => {',
        "  await Project.updateOne({ _id: req.params.id, ownerId: req.user.id }, { $set: { memberId: req.body.memberId } });",
        "  res.sendStatus(204);",
        "});",
      ].join("\n"),
    ],
    [
      "a plain record id, and a public profile read of the user entity",
      "src/f.ts",
      [
        'router.get("/posts/:id", async (req, res) => {',
        "  const post = await Post.findById(req.params.id);",
        "  const author = await User.findById(req.params.userId).select('name avatar');",
        "  res.json({ post, author, liked: post.likes.includes(req.user.id) });",
        "});",
      ].join("\n"),
    ],
    [
      "a NestJS route guarded by a roles decorator",
      "src/g.ts",
      [
        "@Controller('users')",
        "@UseGuards(JwtAuthGuard, RolesGuard)",
        "export class UsersAdminController {",
        "  @Roles('admin')",
        "  @Delete(':userId')",
        "  remove(@Param('userId') userId: string, @CurrentUser() me: User) {",
        "    return this.userRepository.delete({ id: userId });",
        "  }",
        "}",
      ].join("\n"),
    ],
    [
      "an id from a header set by the gateway, and an HTTP client call",
      "src/h.js",
      [
        'router.get("/orders", async (req, res) => {',
        "  const orders = await Order.find({ userId: req.headers['x-user-id'] });",
        "  const remote = await client.get('/v1/orders', { params: { userId: req.query.userId } });",
        "  res.json({ orders, remote, me: req.user.id });",
        "});",
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(idor, path, code)).toEqual([]);
  });
});

describe("security/idor: does not fire behind an authentication middleware", () => {
  it("on reads, on routes without an access check, on optional auth, or when the write is scoped by req.user", () => {
    const code = [
      'router.get("/users/:userId/posts", requireAuth, async (req, res) => res.json(await Post.find({ userId: req.params.userId })));',
      'router.patch("/addresses/:id", async (req, res) => {',
      "  await Address.updateOne({ _id: req.params.id, userId: req.body.userId }, { $set: { city: req.body.city } });",
      "  res.sendStatus(204);",
      "});",
      'router.post("/drafts", optionalAuth, async (req, res) => res.json(await Draft.create({ text: req.body.text, ownerId: req.body.ownerId })));',
      'router.patch("/profiles/:id", requireAuth, async (req, res) => {',
      "  await Address.updateOne({ _id: req.params.id, userId: req.user.id }, { $set: { city: req.body.city } });",
      "  res.sendStatus(204);",
      "});",
      'router.delete("/admin/users/:userId/sessions", requireAuth, requireRole("admin"), async (req, res) => {',
      "  await Session.deleteMany({ userId: req.params.userId });",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    expect(findingsOf(idor, "src/routes/misc.ts", code)).toEqual([]);
  });
});

describe("security/idor: review scope", () => {
  it("reports only on lines the pull request changes", () => {
    const code = [
      'router.delete("/a/:userId", async (req, res) => { await Token.deleteMany({ userId: req.params.userId }); log(req.user.id); });',
      'router.delete("/b/:userId", async (req, res) => { await Key.deleteMany({ userId: req.params.userId }); log(req.user.id); });',
    ].join("\n");
    const { findings } = analyze([idor], [{ path: "src/r.js", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });
});
