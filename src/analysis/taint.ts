// Taint-lite: does a value come from the request? Within one function and the closures around it,
// follow an expression back through locals, destructuring, templates, concatenation, spread, string
// methods and simple local wrappers to a *source* (request input), stopping at *sanitizers*.
// Only ancestors and the declarations they hold are read: never a second walk of the file.
import { ts } from "ts-morph";
import {
  calleeName,
  calleeReceiver,
  enclosingFunction,
  findLocalBinding,
  isFunctionLike,
  localFunction,
  propertyChain,
  returnedExpressions,
  unwrapExpression,
  type FunctionLikeWithBody,
  type LocalWrites,
} from "./ts-helpers.js";

export type TaintSourceKind = "request" | "handler-parameter" | "client";

export interface Taint {
  kind: TaintSourceKind;
  /** `high`: a known request API; `low`: a parameter that merely looks client-controlled. */
  confidence: "high" | "low";
  /** The source as written, for messages (e.g. `req.query.name`). */
  origin: string;
}

/**
 * Where tainted values come from. The default model is request input on the server; web-flow.ts
 * supplies a browser model (`location`, `postMessage` data, `useSearchParams()`) to the same tracker.
 */
export interface SourceModel {
  /** A direct read of untrusted input, or undefined. */
  read(node: ts.Expression, sourceFile: ts.SourceFile): Taint | undefined;
  /** Whether a parameter itself carries untrusted input (request handlers do; browser code does not). */
  parameter?(parameter: ts.ParameterDeclaration, name: string, sourceFile: ts.SourceFile): Taint | undefined;
}

export interface TaintOptions {
  /** The sources to look for; request input by default. */
  sources?: SourceModel;
  /** Writes to locals recorded during the walk (`x = …`, `x += …`, `x.push(…)`), followed too. */
  writes?: LocalWrites;
  /** Extra calls that end the flow for this sink (e.g. `path.basename` for path traversal). */
  isSanitizer?: (call: ts.CallExpression) => boolean;
}

const MAX_DEPTH = 8;

/** Request objects by their conventional parameter names, and the members that carry client input. */
const REQUEST_ROOTS = new Set(["req", "request", "ctx", "context", "event", "evt"]);
const REQUEST_MEMBERS = new Set([
  "query",
  "body",
  "params",
  "headers",
  "cookies",
  "signedCookies",
  "files",
  "file",
  "url",
  "originalUrl",
  "path",
  "hostname",
  "search",
  "searchParams",
  "nextUrl",
  "queryStringParameters",
  "multiValueQueryStringParameters",
  "pathParameters",
  "rawPath",
  "rawQueryString",
  "querystring",
]);
/** Multer stores uploads under names it chooses: `req.file.path` is server data, `originalname` is not. */
const SERVER_CHOSEN_UPLOAD_FIELDS = new Set(["path", "filename", "destination", "size"]);
/** `ctx.request.body` (Koa) and `event.requestContext` style nesting: skip these links. */
const REQUEST_WRAPPERS = new Set(["request", "req"]);
/** `req.get("x")`, `request.json()`, `ctx.cookies.get("x")`: methods whose result is client input. */
const REQUEST_READERS = new Set(["get", "header", "param", "json", "text", "formData", "arrayBuffer", "blob"]);
/** NestJS parameter decorators that bind request input. */
const NEST_INPUT_DECORATORS = new Set(["Body", "Query", "Param", "Headers", "Req", "Request", "UploadedFile", "UploadedFiles", "Cookies"]);

/** Conversions and validations after which the value is no longer attacker-shaped text. */
const SANITIZING_FUNCTIONS = new Set(["Number", "parseInt", "parseFloat", "Boolean", "BigInt", "isNaN", "isFinite", "escape", "escapeHtml", "escapeId", "escapeLiteral", "escapeIdentifier", "sanitize", "sanitizeHtml", "encodeForHTML", "uuidValidate"]);
/** Schema libraries: `schema.parse(x)`, `schema.validate(x)`, `v.parse(schema, x)`. */
const SCHEMA_METHODS = new Set(["parse", "safeParse", "parseAsync", "safeParseAsync", "validate", "validateSync", "validateAsync", "cast", "assert", "decode"]);
/** Methods whose result is still the caller's text or data. */
const PASS_THROUGH_METHODS = new Set([
  "trim",
  "trimStart",
  "trimEnd",
  "toLowerCase",
  "toUpperCase",
  "toLocaleLowerCase",
  "toLocaleUpperCase",
  "slice",
  "substring",
  "substr",
  "replace",
  "replaceAll",
  "split",
  "concat",
  "join",
  "padStart",
  "padEnd",
  "normalize",
  "toString",
  "valueOf",
  "at",
  "charAt",
  "repeat",
  "map",
  "filter",
  "flat",
  "flatMap",
  "find",
  "reverse",
  "sort",
  "values",
  "entries",
  "keys",
  "pop",
  "shift",
]);
/** Free functions that build a new string or object from their arguments. */
const PASS_THROUGH_FUNCTIONS = new Set(["String", "decodeURIComponent", "decodeURI", "format", "join", "resolve", "normalize", "relative", "assign", "from", "stringify", "structuredClone", "raw", "atob", "unescape", "fromEntries"]);
/** Modules whose functions build a value from their arguments, and parse functions that keep client data. */
const BUILDER_MODULES = new Set(["path", "posix", "win32", "url", "util", "querystring", "qs", "JSON"]);
/** The name of an imported builder module (or the `JSON` global) used as a call receiver; a local named `path` is not one. */
function builderModuleName(receiver: ts.Expression): string | undefined {
  const node = unwrapExpression(receiver);
  if (!ts.isIdentifier(node) || !BUILDER_MODULES.has(node.text)) return undefined;
  const binding = findLocalBinding(node);
  if (binding?.kind === "import" || (binding === undefined && node.text === "JSON")) return node.text;
  // `const path = require("node:path")`
  if (binding?.kind === "variable" && binding.initializer && ts.isCallExpression(binding.initializer) && calleeName(binding.initializer) === "require") return node.text;
  return undefined;
}

/** `formData.get("x")`, `searchParams.getAll("x")`, `headers.get("x")`: reading a tainted collection. */
const READER_METHODS = new Set(["get", "getAll"]);
/** Members that turn any value into a number or boolean. */
const NUMERIC_MEMBERS = new Set(["length", "size"]);

function isSchemaValidation(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  if (name === undefined || !SCHEMA_METHODS.has(name)) return false;
  const receiver = calleeReceiver(call);
  // JSON.parse(text) is not validation.
  return !(receiver && ts.isIdentifier(unwrapExpression(receiver)) && (unwrapExpression(receiver) as ts.Identifier).text === "JSON");
}

function hasDirective(sourceFile: ts.SourceFile, directive: string): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

function isExported(fn: FunctionLikeWithBody): boolean {
  const modifiers = ts.canHaveModifiers(fn) ? ts.getModifiers(fn) : undefined;
  if (modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return true;
  // `export const handler = async (event) => …`
  const declaration = fn.parent;
  if (declaration && ts.isVariableDeclaration(declaration)) {
    const statement = declaration.parent?.parent;
    return statement !== undefined && ts.isVariableStatement(statement) && (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
  }
  return false;
}

function functionName(fn: FunctionLikeWithBody): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if (fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

/** Route registrations pass handlers as arguments: `app.get("/x", (req, res) => …)`. */
function isCallbackOfRouteCall(fn: FunctionLikeWithBody): boolean {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
  const name = calleeName(call);
  return name !== undefined && /^(get|post|put|patch|delete|del|all|use|head|options|route|handle|handler|on)$/i.test(name);
}

/** Whether a parameter receives client input; undefined when it does not look like it. */
function parameterTaint(parameter: ts.ParameterDeclaration, sourceFile: ts.SourceFile): Taint | undefined {
  const fn = parameter.parent;
  if (!isFunctionLike(fn)) return undefined;
  const name = ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
  const decorators = ts.canHaveDecorators(parameter) ? ts.getDecorators(parameter) : undefined;
  for (const decorator of decorators ?? []) {
    const expression = decorator.expression;
    const decoratorName = ts.isCallExpression(expression) ? calleeName(expression) : ts.isIdentifier(expression) ? expression.text : undefined;
    if (decoratorName && NEST_INPUT_DECORATORS.has(decoratorName)) {
      return { kind: "request", confidence: "high", origin: `@${decoratorName}() ${name ?? "parameter"}` };
    }
  }
  // Next.js server actions: every argument of an exported async function in a "use server" file comes from the client.
  if (hasDirective(sourceFile, "use server") && isExported(fn)) {
    return { kind: "request", confidence: "high", origin: `server action argument \`${name ?? "parameter"}\`` };
  }
  // Next.js route handlers: `export async function GET(request, { params })`.
  const fnName = functionName(fn);
  if (fnName && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(fnName) && isExported(fn) && fn.parameters.indexOf(parameter) === 1) {
    return { kind: "request", confidence: "high", origin: "route `params`" };
  }
  // Exported handler-shaped functions: plausible, not proven.
  if (name && fnName && isExported(fn) && /(handler|controller|action|resolver)$/i.test(fnName) && !REQUEST_ROOTS.has(name)) {
    return { kind: "handler-parameter", confidence: "low", origin: `parameter \`${name}\` of exported \`${fnName}\`` };
  }
  return undefined;
}

/** Names as common for other things (a client SDK's `request`, a DOM `event`) as for a server request. */
const AMBIGUOUS_REQUEST_NAMES = new Set(["request", "event", "evt", "context"]);
const HANDLER_NAME = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|handler|handle\w*|\w*Handler|middleware|\w*Middleware|loader|action|\w*Controller)$/;
const SERVER_REQUEST_TYPE = /^(?:\w+\.)?(?:Request|NextRequest|NextApiRequest|FastifyRequest|IncomingMessage|Http2ServerRequest|APIGateway\w*|ALBEvent|LambdaFunctionURLEvent|H3Event|RequestEvent|Context)\b/;

/** A browser or service-worker listener's `event` is not a request to this server. */
function isEventListener(fn: FunctionLikeWithBody): boolean {
  const parent = fn.parent;
  if (parent && ts.isCallExpression(parent) && calleeName(parent) === "addEventListener") return true;
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const name = propertyChain(parent.left)?.at(-1);
    return name !== undefined && /^on[a-z]+$/.test(name);
  }
  return false;
}

/**
 * Whether a parameter holds a server request: the function is a route callback, takes a second
 * parameter (`res`, `reply`, `next`), is named like a handler, types it as a server request, or is an
 * exported serverless handler. `req`/`ctx` need less evidence than `request`/`event`/`context`.
 */
function isServerRequestParameter(parameter: ts.ParameterDeclaration, name: string): boolean {
  const fn = parameter.parent;
  if (!isFunctionLike(fn) || isEventListener(fn)) return false;
  if (!AMBIGUOUS_REQUEST_NAMES.has(name)) return true;
  if (fn.parameters.length >= 2 || isCallbackOfRouteCall(fn) || HANDLER_NAME.test(functionName(fn) ?? "")) return true;
  if (parameter.type && SERVER_REQUEST_TYPE.test(parameter.type.getText())) return true;
  return name !== "request" && isExported(fn);
}

/** Whether `identifier` names a request object: a server-request parameter (or a local bound to one). */
function isRequestObject(identifier: ts.Identifier, depth: number): boolean {
  if (!REQUEST_ROOTS.has(identifier.text)) return false;
  const binding = findLocalBinding(identifier);
  if (!binding) return false; // a global or an import (e.g. `import request from "supertest"`)
  if (binding.kind === "parameter") return isServerRequestParameter(binding.declaration, identifier.text);
  return binding.kind === "variable" && binding.initializer !== undefined && depth < MAX_DEPTH && ts.isIdentifier(unwrapExpression(binding.initializer))
    ? isRequestObject(unwrapExpression(binding.initializer) as ts.Identifier, depth + 1)
    : false;
}

/**
 * `({ params, query }, res) => …` and Next.js `Page({ params, searchParams })`: a request member
 * destructured straight from a handler's parameter.
 */
function destructuredRequestMember(parameter: ts.ParameterDeclaration, name: string): Taint | undefined {
  if (!ts.isObjectBindingPattern(parameter.name)) return undefined;
  const fn = parameter.parent;
  if (!isFunctionLike(fn) || isEventListener(fn)) return undefined;
  const element = parameter.name.elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name);
  const member = element ? (element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : name) : undefined;
  if (!member || !REQUEST_MEMBERS.has(member)) return undefined;
  const first = fn.parameters[0] === parameter;
  const isPage = ts.isFunctionDeclaration(fn) && fn.parent !== undefined && ts.isSourceFile(fn.parent) && /(?:^|\/)(?:page|layout|route)\.[jt]sx?$/.test(fn.parent.fileName);
  if ((first && (fn.parameters.length >= 2 || isCallbackOfRouteCall(fn))) || (isPage && (member === "params" || member === "searchParams"))) {
    return { kind: "request", confidence: "high", origin: `\`${member}\` of the request` };
  }
  return undefined;
}

const ITERATING_METHODS = new Set(["map", "forEach", "filter", "flatMap", "some", "every", "find", "findLast", "reduce"]);

/** `items.map((item) => …)`: the collection the first parameter of an iteration callback walks. */
function iteratedBy(parameter: ts.ParameterDeclaration): ts.Expression | undefined {
  const fn = parameter.parent;
  if (!isFunctionLike(fn)) return undefined;
  const index = fn.parameters.indexOf(parameter);
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const method = calleeName(call) ?? "";
  if (!ITERATING_METHODS.has(method) || index !== (method === "reduce" ? 1 : 0)) return undefined;
  return calleeReceiver(call);
}

/** A direct read of request input: `req.query.x`, `ctx.request.body`, `event.pathParameters`, `req.get("h")`, `await request.json()`. */
function requestRead(node: ts.Expression, sourceFile: ts.SourceFile): Taint | undefined {
  const origin = (): string => node.getText(sourceFile).replace(/\s+/g, " ").slice(0, 60);
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    const receiver = calleeReceiver(node);
    if (!name || !receiver || !REQUEST_READERS.has(name)) return undefined;
    const chain = propertyChain(receiver);
    // req.get(), request.json(), ctx.cookies.get(), req.nextUrl.searchParams.get(), url.searchParams.get()
    if (chain && chain.length >= 1) {
      const root = unwrapRoot(receiver);
      if (root && isRequestObject(root, 0)) return { kind: "request", confidence: "high", origin: origin() };
      if (name === "get" && chain[chain.length - 1] === "searchParams") {
        return { kind: "request", confidence: chain.length === 1 ? "low" : "high", origin: origin() };
      }
    }
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined;
  const chain = propertyChain(node);
  if (!chain || chain.length < 2) return undefined;
  const root = unwrapRoot(node);
  if (!root || !isRequestObject(root, 0)) return undefined;
  let index = 1;
  while (index < chain.length - 1 && REQUEST_WRAPPERS.has(chain[index]!)) index++;
  return REQUEST_MEMBERS.has(chain[index]!) ? { kind: "request", confidence: "high", origin: origin() } : undefined;
}

/** `req.file.path`, `req.files[0].filename`: where multer stored an upload, chosen by the server. */
function isServerChosenUploadField(node: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(node) || !SERVER_CHOSEN_UPLOAD_FIELDS.has(node.name.text)) return false;
  let current = unwrapExpression(node.expression);
  if (ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
  return ts.isPropertyAccessExpression(current) && (current.name.text === "file" || current.name.text === "files");
}

function unwrapRoot(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrapExpression(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = unwrapExpression(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}



/** Request input on the server: the default source model. */
export const REQUEST_SOURCES: SourceModel = {
  read: requestRead,
  parameter: (parameter, name, sourceFile) => destructuredRequestMember(parameter, name) ?? parameterTaint(parameter, sourceFile),
};

class TaintTracker {
  readonly #visiting = new Set<ts.Node>();
  /** Parameters of local wrappers mapped to the caller's argument taint while following a call. */
  readonly #parameterTaint = new Map<ts.ParameterDeclaration, Taint>();
  readonly #sources: SourceModel;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly options: TaintOptions,
  ) {
    this.#sources = options.sources ?? REQUEST_SOURCES;
  }

  of(expression: ts.Expression, depth: number): Taint | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = unwrapExpression(expression);
    if (this.#visiting.has(node)) return undefined; // cycles through `x = x + …`
    this.#visiting.add(node);
    try {
      return this.#of(node, depth);
    } finally {
      this.#visiting.delete(node);
    }
  }

  #first(expressions: Iterable<ts.Expression | undefined>, depth: number): Taint | undefined {
    let low: Taint | undefined;
    for (const expression of expressions) {
      if (!expression) continue;
      const taint = this.of(expression, depth);
      if (taint?.confidence === "high") return taint;
      low ??= taint;
    }
    return low;
  }

  #of(node: ts.Expression, depth: number): Taint | undefined {
    if (ts.isPropertyAccessExpression(node) && (NUMERIC_MEMBERS.has(node.name.text) || isServerChosenUploadField(node))) return undefined;
    const direct = this.#sources.read(node, this.sourceFile);
    if (direct) return direct;

    if (ts.isIdentifier(node)) return this.#identifier(node, depth);
    if (ts.isAwaitExpression(node)) return this.of(node.expression, depth + 1);
    if (ts.isTemplateExpression(node)) return this.#first(node.templateSpans.map((span) => span.expression), depth + 1);
    if (ts.isTaggedTemplateExpression(node)) return undefined; // tags (sql``, html``) decide what interpolation means
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
        return this.#first([node.left, node.right], depth + 1);
      }
      if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.PlusEqualsToken) return this.of(node.right, depth + 1);
      return undefined; // comparisons and arithmetic yield booleans and numbers
    }
    if (ts.isConditionalExpression(node)) return this.#first([node.whenTrue, node.whenFalse], depth + 1);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return this.of(node.expression, depth + 1);
    if (ts.isObjectLiteralExpression(node)) {
      return this.#first(
        node.properties.map((property) =>
          ts.isPropertyAssignment(property) ? property.initializer : ts.isSpreadAssignment(property) ? property.expression : ts.isShorthandPropertyAssignment(property) ? property.name : undefined,
        ),
        depth + 1,
      );
    }
    if (ts.isArrayLiteralExpression(node)) return this.#first(node.elements.map((element) => (ts.isSpreadElement(element) ? element.expression : element)), depth + 1);
    if (ts.isSpreadElement(node)) return this.of(node.expression, depth + 1);
    if (ts.isNewExpression(node)) {
      const name = calleeName(node);
      return name === "URL" || name === "URLSearchParams" || name === "String" ? this.#first(node.arguments ?? [], depth + 1) : undefined;
    }
    if (ts.isCallExpression(node)) return this.#call(node, depth);
    return undefined;
  }

  #identifier(node: ts.Identifier, depth: number): Taint | undefined {
    const binding = findLocalBinding(node);
    if (!binding) return undefined;
    if (binding.kind === "parameter") {
      const parameter = binding.declaration;
      const iterated = iteratedBy(parameter);
      return (
        this.#parameterTaint.get(parameter) ??
        (iterated ? this.of(iterated, depth + 1) : undefined) ??
        this.#sources.parameter?.(parameter, node.text, this.sourceFile)
      );
    }
    if (binding.kind !== "variable") return undefined;
    const bound = binding.initializer ?? binding.derivedFrom;
    const fromDeclaration = bound ? this.of(bound, depth + 1) : undefined;
    if (fromDeclaration?.confidence === "high" || !this.options.writes) return fromDeclaration;
    const writes = this.options.writes.writesTo(binding.declaration, node.text).map((write) => write.value);
    return this.#first(writes, depth + 1) ?? fromDeclaration;
  }

  #call(node: ts.CallExpression, depth: number): Taint | undefined {
    if (this.options.isSanitizer?.(node)) return undefined;
    const name = calleeName(node);
    const receiver = calleeReceiver(node);
    if (name && SANITIZING_FUNCTIONS.has(name)) return undefined;
    if (isSchemaValidation(node)) return undefined;
    // `path.join(base, input)`, `url.resolve(…)`, `util.format(…)`: module functions build from their arguments.
    const moduleName = receiver ? builderModuleName(receiver) : undefined;
    if (name && moduleName) return PASS_THROUGH_FUNCTIONS.has(name) || name === "parse" ? this.#first(node.arguments, depth + 1) : undefined;
    if (name && receiver && (PASS_THROUGH_METHODS.has(name) || READER_METHODS.has(name))) return this.of(receiver, depth + 1);
    if (name && PASS_THROUGH_FUNCTIONS.has(name)) return this.#first(node.arguments, depth + 1);
    // A simple local wrapper: follow what it returns, with its parameters bound to our arguments.
    const fn = localFunction(node);
    if (fn && depth < MAX_DEPTH - 2) {
      const bound: ts.ParameterDeclaration[] = [];
      fn.parameters.forEach((parameter, index) => {
        const argument = node.arguments[index];
        const taint = argument ? this.of(argument, depth + 1) : undefined;
        if (taint && !this.#parameterTaint.has(parameter)) {
          this.#parameterTaint.set(parameter, taint);
          bound.push(parameter);
        }
      });
      try {
        return bound.length > 0 ? this.#first(returnedExpressions(fn), depth + 1) : undefined;
      } finally {
        for (const parameter of bound) this.#parameterTaint.delete(parameter);
      }
    }
    return undefined;
  }
}

/** The request input `expression` carries, or undefined when none is found (or a sanitizer ends the flow). */
export function taintOf(expression: ts.Expression, sourceFile: ts.SourceFile, options: TaintOptions = {}): Taint | undefined {
  return new TaintTracker(sourceFile, options).of(expression, 0);
}

/** Whether `node` sits in a function that handles a request (a route callback, a handler-shaped function). */
export function inRequestHandler(node: ts.Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (isCallbackOfRouteCall(fn)) return true;
    const first = fn.parameters[0];
    if (first && ts.isIdentifier(first.name) && REQUEST_ROOTS.has(first.name.text)) return true;
  }
  return false;
}
