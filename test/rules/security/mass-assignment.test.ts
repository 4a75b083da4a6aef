import { describe, expect, it } from "vitest";
import { massAssignment } from "../../../rules/security/mass-assignment.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/mass-assignment";

describe("security/mass-assignment: fires", () => {
  it("on Mongoose Model.create(req.body) in an Express route (js)", () => {
    const code = [
      'const User = require("../models/user");',
      'router.post("/signup", async (req, res) => {',
      "  const user = await User.create(req.body);",
      "  res.status(201).json({ id: user.id });",
      "});",
    ].join("\n");
    const findings = findingsOf(massAssignment, "src/routes/auth.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 3 });
    expect(findings[0]?.message).toContain("`User.create(…)`");
    expect(findings[0]?.message).toContain("whole request body (`req.body`)");
    expect(findings[0]?.fix).toContain("pick");
  });

  it("on findByIdAndUpdate with the body, also through a local and a $set", () => {
    const code = [
      'router.put("/profile/:id", async (req, res) => {',
      "  const updates = req.body;",
      "  await Profile.findByIdAndUpdate(req.params.id, updates, { new: true });",
      "  await Profile.updateOne({ _id: req.params.id }, { $set: req.body });",
      "  res.sendStatus(204);",
      "});",
    ].join("\n");
    const findings = findingsOf(massAssignment, "src/profile.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, "high"],
      [4, "high"],
    ]);
  });

  it("on new Model(req.body) that is saved, and Object.assign onto a loaded document", () => {
    const code = [
      'app.post("/products", async (req, res) => {',
      "  const product = new Product(req.body);",
      "  await product.save();",
      "  res.json(product);",
      "});",
      'app.patch("/products/:id", async (req, res) => {',
      "  const product = await Product.findById(req.params.id);",
      "  Object.assign(product, req.body);",
      "  await product.save();",
      "  res.json(product);",
      "});",
    ].join("\n");
    const findings = findingsOf(massAssignment, "server/products.js", code);
    expect(findings.map((finding) => finding.line)).toEqual([2, 8]);
    expect(findings[1]?.message).toContain("`Object.assign(product, …)`");
  });

  it("on Prisma data taken from request.json() in a Next.js route handler", () => {
    const code = [
      "export async function POST(request: Request) {",
      "  const body = await request.json();",
      "  const post = await prisma.post.create({ data: body });",
      "  return Response.json(post);",
      "}",
    ].join("\n");
    const findings = findingsOf(massAssignment, "app/api/posts/route.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "high", line: 3 });
    expect(findings[0]?.message).toContain("`request.json()`");
  });

  it("on a Next.js server action argument written as Prisma data", () => {
    const code = [
      '"use server";',
      "export async function updateSettings(settings: SettingsInput) {",
      "  const session = await auth();",
      "  await db.user.update({ where: { id: session.user.id }, data: settings });",
      "}",
    ].join("\n");
    const findings = findingsOf(massAssignment, "app/settings/actions.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("server action argument");
  });

  it("on a NestJS @Body() without a DTO class, TypeORM save and knex/drizzle writes", () => {
    const code = [
      "@Controller('users')",
      "export class UsersController {",
      "  constructor(private readonly userRepository: Repository<User>) {}",
      "  @Post()",
      "  create(@Body() body: Record<string, unknown>) {",
      "    return this.userRepository.save(body);",
      "  }",
      "}",
      "export async function importRow(req, res) {",
      "  await knex('contacts').where({ id: req.params.id }).update(req.body);",
      "  await db.insert(contacts).values(withTimestamps(req.body));",
      "}",
      "function withTimestamps(data) { return { ...data, createdAt: new Date() }; }",
    ].join("\n");
    const findings = findingsOf(massAssignment, "src/users/users.controller.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([6, 10, 11]);
  });

  it("at medium when the server overrides fields after a spread, or removes a denylist", () => {
    const code = [
      'router.post("/posts", async (req, res) => {',
      "  await Post.create({ ...req.body, authorId: req.user.id });",
      "  const { role, isAdmin, ...rest } = req.body;",
      "  await User.update(rest, { where: { id: req.user.id } });",
      "  await Account.create(_.omit(req.body, ['balance']));",
      "  await Account.create(normalizeInput(req.body));",
      "});",
    ].join("\n");
    const findings = findingsOf(massAssignment, "src/posts.ts", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [4, "medium"],
      [5, "medium"],
      [6, "medium"],
    ]);
    expect(findings[0]?.message).toContain("only `authorId` is set by the server");
    expect(findings[1]?.message).toContain("only `role`, `isAdmin` are taken out");
    expect(findings[3]?.message).toContain("`normalizeInput()`");
  });

  it("one level lower behind a schema-validation middleware or on an admin route, but not behind express-validator field checks", () => {
    const code = [
      'router.post("/items", validate(itemSchemas.create), async (req, res) => {',
      "  res.status(201).json(await Item.create(req.body));",
      "});",
      'router.post("/notes", [body("title").isString()], async (req, res) => {',
      "  res.status(201).json(await Note.create(req.body));",
      "});",
      'router.put("/admin/users/:id", requireAuth, async (req, res) => {',
      "  res.json(await User.findByIdAndUpdate(req.params.id, req.body));",
      "});",
    ].join("\n");
    const findings = findingsOf(massAssignment, "src/items.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [2, "medium"],
      [5, "high"],
      [8, "medium"],
    ]);
  });

  it("on a Lambda handler that parses event.body and creates a record", () => {
    const code = [
      "export const handler = async (event) => {",
      "  const input = JSON.parse(event.body);",
      "  await Ticket.create(input);",
      "  return { statusCode: 201 };",
      "};",
    ].join("\n");
    const findings = findingsOf(massAssignment, "functions/tickets.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("`JSON.parse(event.body)`");
  });

  it("on Koa ctx.request.body and a Sequelize instance update", () => {
    const code = [
      "router.put('/orders/:id', async (ctx) => {",
      "  const order = await Order.findByPk(ctx.params.id);",
      "  await order.update(ctx.request.body);",
      "  ctx.body = order;",
      "});",
    ].join("\n");
    const findings = findingsOf(massAssignment, "src/orders.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 3, severity: "high" });
  });
});

describe("security/mass-assignment: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "explicitly picked fields",
      "src/a.ts",
      [
        'router.post("/signup", async (req, res) => {',
        "  const { name, email } = req.body;",
        "  await User.create({ name, email, role: 'member' });",
        "  await User.create({ name: req.body.name, email: req.body.email });",
        "});",
      ].join("\n"),
    ],
    [
      "a zod-validated body and _.pick",
      "src/b.ts",
      [
        'router.post("/posts", async (req, res) => {',
        "  const data = CreatePost.parse(req.body);",
        "  await prisma.post.create({ data: { ...data, authorId: req.user.id } });",
        "  await Post.create(_.pick(req.body, ['title', 'body']));",
        "});",
      ].join("\n"),
    ],
    [
      "a NestJS DTO class (whitelisted by the global ValidationPipe)",
      "src/c.ts",
      [
        "@Controller('users')",
        "export class UsersController {",
        "  constructor(@InjectModel(User.name) private readonly userModel: Model<User>) {}",
        "  @Post()",
        "  create(@Body() dto: CreateUserDto) {",
        "    return this.userModel.create(dto);",
        "  }",
        "}",
      ].join("\n"),
    ],
    [
      "a Sequelize fields allowlist",
      "src/d.js",
      [
        'router.post("/users", async (req, res) => {',
        "  await User.create(req.body, { fields: ['name', 'email'] });",
        "  await User.update(req.body, { where: { id: req.user.id }, fields: ['name'] });",
        "});",
      ].join("\n"),
    ],
    [
      "services, API clients and non-ORM create methods",
      "src/e.ts",
      [
        'router.post("/customers", async (req, res) => {',
        "  await userService.create(req.body);",
        "  await stripe.customers.create(req.body);",
        "  const copy = Object.create(req.body);",
        "  cache.set(req.params.id, req.body);",
        "  res.json(copy);",
        "});",
      ].join("\n"),
    ],
    [
      "reads with the body (a NoSQL-injection concern, not mass assignment)",
      "src/f.js",
      'router.post("/search", async (req, res) => res.json(await Product.find(req.body)));',
    ],
    [
      "Object.assign onto a fresh options object that is never saved",
      "src/g.ts",
      [
        'router.get("/report", async (req, res) => {',
        "  const options = { limit: 10 };",
        "  Object.assign(options, req.query);",
        "  res.json(await buildReport(options));",
        "});",
      ].join("\n"),
    ],
    [
      "a local helper that picks fields, and a body that is not the request's",
      "src/h.ts",
      [
        "function toUserData(body) { return { name: body.name, email: body.email }; }",
        'router.post("/users", async (req, res) => {',
        "  await User.create(toUserData(req.body));",
        "  const response = await fetch(url);",
        "  await Log.create(response.body);",
        "});",
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(massAssignment, path, code)).toEqual([]);
  });

  it("skips test files", () => {
    const code = 'router.post("/u", async (req, res) => { await User.create(req.body); });';
    expect(findingsOf(massAssignment, "src/users.test.ts", code)).toEqual([]);
  });
});

describe("security/mass-assignment: review scope", () => {
  it("reports only on lines the pull request changes", () => {
    const code = [
      'router.post("/a", async (req, res) => { await User.create(req.body); });',
      'router.post("/b", async (req, res) => { await Team.create(req.body); });',
    ].join("\n");
    const { findings } = analyze([massAssignment], [{ path: "src/r.js", content: code, patch: patchAdding(code, [2]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });
});
