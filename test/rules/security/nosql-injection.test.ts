import { describe, expect, it } from "vitest";
import { nosqlInjection } from "../../../rules/security/nosql-injection.js";
import { findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/nosql-injection";

describe("security/nosql-injection: fires", () => {
  it("on a Mongoose login filter with destructured body fields (high)", () => {
    const code = [
      'import User from "../models/User.js";',
      'router.post("/login", async (req, res) => {',
      "  const { email, password } = req.body;",
      "  const user = await User.findOne({ email, password: hash(password) });",
      "  if (!user) return res.sendStatus(401);",
      "  res.json(issueToken(user));",
      "});",
    ].join("\n");
    const [finding, ...rest] = findingsOf(nosqlInjection, "src/routes/auth.ts", code);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "high", line: 4 });
    expect(finding?.message).toContain("`User.findOne(…)` filters `email` by `email` (from `req.body.email`)");
    expect(finding?.message).toContain('{"$ne": null}');
    expect(finding?.fix).toContain("String(req.body.email)");
  });

  it("on the whole Express query used as a collection filter (js)", () => {
    const code = [
      "const { MongoClient } = require('mongodb');",
      "app.get('/api/products', async (req, res) => {",
      "  const products = await client.db('shop').collection('products').find(req.query).toArray();",
      "  res.json(products);",
      "});",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "server/products.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("uses `req.query` as its whole filter");
  });

  it("on a reset token compared through a filter object filled field by field", () => {
    const code = [
      'import mongoose from "mongoose";',
      'const Account = mongoose.model("Account", accountSchema);',
      'app.post("/reset", async (req, res) => {',
      "  const filter = {};",
      "  filter.resetToken = req.body.token;",
      "  const account = await Account.findOneAndUpdate(filter, { $set: { password: await hash(req.body.password) } });",
      "  res.sendStatus(account ? 204 : 404);",
      "});",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "src/reset.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 6 });
    expect(findings[0]?.message).toContain("filters `resetToken` by `req.body.token`");
  });

  it("on an aggregate $match and an $or branch fed by a Next.js JSON body", () => {
    const code = [
      'import { NextResponse } from "next/server";',
      'import { getDb } from "@/lib/mongo";',
      "export async function POST(request: Request) {",
      "  const body = await request.json();",
      "  const db = await getDb();",
      "  const stats = await db.collection('orders').aggregate([{ $match: { customer: body.customer } }, { $group: { _id: '$status' } }]).toArray();",
      "  const match = await db.collection('users').findOne({ $or: [{ email: body.login }, { username: body.login }] });",
      "  return NextResponse.json({ stats, match });",
      "}",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "app/api/stats/route.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([6, 7]);
    expect(findings[1]?.message).toContain("filters `email`");
  });

  it("on $where built from the request (high) and from a parameter (medium)", () => {
    const code = [
      "const mongoose = require('mongoose');",
      "const Post = mongoose.model('Post');",
      "app.get('/posts', async (req, res) => {",
      "  res.json(await Post.find({ $where: `this.author == '${req.query.author}'` }));",
      "});",
      "async function olderThan(days) {",
      "  return Post.find({ $where: 'this.age > ' + days });",
      "}",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "src/posts.js", code);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [4, "high"],
      [7, "medium"],
    ]);
    expect(findings[0]?.message).toContain("`$where` JavaScript");
  });

  it("on a NestJS model queried with an untyped @Body()", () => {
    const code = [
      "@Controller('users')",
      "export class UsersController {",
      "  constructor(@InjectModel(User.name) private readonly userModel: Model<User>) {}",
      "  @Post('search')",
      "  search(@Body() body: any) {",
      "    return this.userModel.find({ role: body.role }).exec();",
      "  }",
      "}",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "src/users/users.controller.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("`this.userModel.find(…)`");
  });

  it("on DynamoDB expressions built from request input and a request object as parameters", () => {
    const code = [
      'import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";',
      "export const handler = async (event) => {",
      "  const status = event.queryStringParameters.status;",
      "  await ddb.send(new QueryCommand({",
      "    TableName: TABLE,",
      "    KeyConditionExpression: 'pk = :pk',",
      "    FilterExpression: `#s = ${status}`,",
      "    ExpressionAttributeNames: { '#s': 'status' },",
      "  }));",
      "  return ddb.send(new ScanCommand(JSON.parse(event.body)));",
      "};",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "functions/orders.ts", code);
    expect(findings.map((finding) => finding.line)).toEqual([7, 10]);
    expect(findings[0]?.message).toContain("DynamoDB `FilterExpression` is built from `status`");
    expect(findings[1]?.message).toContain("as its whole request");
  });
});

describe("security/nosql-injection: more sources and shapes", () => {
  it("on a request query spread into a filter that also scopes by owner", () => {
    const code = [
      'import Invoice from "../models/Invoice.js";',
      'app.get("/invoices", async (req, res) => {',
      "  res.json(await Invoice.find({ owner: req.user.id, ...req.query }).lean());",
      "});",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "src/invoices.ts", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("spreads `req.query` into its filter");
  });

  it("on a PartiQL statement built from a path parameter", () => {
    const code = [
      'import { ExecuteStatementCommand } from "@aws-sdk/client-dynamodb";',
      "export const handler = async (event) =>",
      "  client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM Orders WHERE id = '${event.pathParameters.id}'` }));",
    ].join("\n");
    const findings = findingsOf(nosqlInjection, "functions/order.js", code);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("DynamoDB `Statement`");
  });
});

describe("security/nosql-injection: does not fire", () => {
  const safe: Array<[string, string, string]> = [
    [
      "filter values converted with String() and a template",
      "src/a.ts",
      [
        'import User from "../models/User.js";',
        'router.post("/login", async (req, res) => {',
        "  const user = await User.findOne({ email: String(req.body.email), name: `${req.body.name}` });",
        "  res.json(user);",
        "});",
      ].join("\n"),
    ],
    [
      "a body parsed by a zod schema before the query",
      "src/b.ts",
      [
        'import mongoose from "mongoose";',
        'import { z } from "zod";',
        "const Login = z.object({ email: z.string().email(), password: z.string() });",
        'app.post("/login", async (req, res) => {',
        "  const { email, password } = Login.parse(req.body);",
        "  res.json(await UserModel.findOne({ email, password }));",
        "});",
      ].join("\n"),
    ],
    [
      "mongo-sanitize applied to the value",
      "src/c.js",
      [
        "const sanitize = require('mongo-sanitize');",
        "app.post('/login', async (req, res) => {",
        "  const user = await UserModel.findOne({ email: sanitize(req.body.email) });",
        "  res.json(user);",
        "});",
      ].join("\n"),
    ],
    [
      "express-mongo-sanitize installed in the same app file",
      "src/d.js",
      [
        "const mongoSanitize = require('express-mongo-sanitize');",
        "app.use(mongoSanitize());",
        "app.get('/products', async (req, res) => res.json(await ProductModel.find(req.query)));",
      ].join("\n"),
    ],
    [
      "findById with a route parameter, and params/headers as filter values",
      "src/e.ts",
      [
        'import Order from "../models/order.model.js";',
        'app.get("/orders/:id", async (req, res) => {',
        "  const order = await Order.findById(req.params.id);",
        "  const mine = await Order.find({ _id: req.params.id, tenant: req.headers['x-tenant'] });",
        "  res.json({ order, mine });",
        "});",
      ].join("\n"),
    ],
    [
      "constant filters and the authenticated user's id",
      "src/f.ts",
      [
        'import mongoose from "mongoose";',
        'const Task = mongoose.model("Task", taskSchema);',
        'app.get("/tasks", async (req, res) => {',
        "  res.json(await Task.find({ owner: req.user.id, done: false }).sort({ createdAt: -1 }));",
        "});",
      ].join("\n"),
    ],
    [
      "a typeof check before the query and an explicit $eq operator",
      "src/g.js",
      [
        "const mongoose = require('mongoose');",
        "app.post('/verify', async (req, res) => {",
        "  const { code } = req.body;",
        "  if (typeof code !== 'string') return res.sendStatus(400);",
        "  const invite = await InviteModel.findOne({ code });",
        "  const user = await UserModel.findOne({ email: { $eq: req.body.email } });",
        "  res.json({ invite, user });",
        "});",
      ].join("\n"),
    ],
    [
      "array find, Sequelize and Prisma look-alikes",
      "src/h.ts",
      [
        'import { Op } from "sequelize";',
        'app.get("/x", async (req, res) => {',
        "  const cached = items.find((item) => item.id === req.query.id);",
        "  const user = await User.findOne({ where: { email: req.body.email } });",
        "  const posts = await prisma.post.findMany({ where: { authorId: req.body.author } });",
        "  res.json({ cached, user, posts });",
        "});",
      ].join("\n"),
    ],
    [
      "a DynamoDB expression with placeholders and a key from the request",
      "src/i.ts",
      [
        "export const handler = async (event) => {",
        "  return ddb.send(new QueryCommand({",
        "    TableName: process.env.TABLE,",
        "    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',",
        "    ExpressionAttributeValues: { ':pk': event.pathParameters.id, ':prefix': 'ORDER#' },",
        "  }));",
        "};",
      ].join("\n"),
    ],
    [
      "Mongoose sanitizeFilter enabled",
      "src/j.ts",
      [
        'import mongoose from "mongoose";',
        'mongoose.set("sanitizeFilter", true);',
        'app.post("/login", async (req, res) => res.json(await UserModel.findOne({ email: req.body.email })));',
      ].join("\n"),
    ],
    [
      "Koa and Fastify query strings (never objects) and a service method taking a string",
      "src/k.ts",
      [
        'import mongoose from "mongoose";',
        "router.get('/a', async (ctx) => { ctx.body = await ItemModel.find({ sku: ctx.query.sku }); });",
        'app.post("/b", async (req, res) => res.json(await userService.findOne(req.body.email)));',
      ].join("\n"),
    ],
    [
      "express-validator chains and a Fastify route schema in front of the handler",
      "src/l.ts",
      [
        'import mongoose from "mongoose";',
        'import { body } from "express-validator";',
        'app.post("/login", body("email").isEmail(), body("password").isString().isLength({ min: 8 }), async (req, res) => {',
        "  res.json(await UserModel.findOne({ email: req.body.email, password: req.body.password }));",
        "});",
        'fastify.post("/login", { schema: { body: loginBody } }, async (request) => UserModel.findOne({ email: request.body.email }));',
      ].join("\n"),
    ],
  ];

  it.each(safe)("%s", (_name, path, code) => {
    expect(findingsOf(nosqlInjection, path, code)).toEqual([]);
  });
});
