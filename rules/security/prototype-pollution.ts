// security/prototype-pollution: recursive merges and nested computed writes that let a client key such
// as `__proto__` reach `Object.prototype`. Function bodies are tracked with enter/exit frames during the
// engine's walk; verdicts are given at the end of the file, when every guard has been seen.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { taintOf, type Taint } from "../../src/analysis/taint.js";
import {
  calleeName,
  calleeReceiver,
  findLocalBinding,
  isConstantExpression,
  shortText,
  TEST_PATH_GLOBS,
  unwrapExpression,
  type FunctionLikeWithBody,
} from "../../src/analysis/ts-helpers.js";

const DANGEROUS_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Helpers whose name says they screen keys (`isSafeKey`, `isPrototypePolluted`, `FORBIDDEN_KEYS`). */
const KEY_GUARD_NAME = /proto|unsafe_?key|safe_?key|forbidden|dangerous|blocked_?key|banned|polluti|isValidKey|isAllowedKey/i;
const HAS_OWN = new Set(["hasOwn", "hasOwnProperty"]);
/** Allowlist checks on a key: `ALLOWED.includes(key)`, `allowed.has(key)`. */
const ALLOWLIST_METHODS = new Set(["includes", "has", "indexOf"]);
const ITERATORS = new Set(["keys", "entries", "ownKeys", "getOwnPropertyNames"]);

/** Path-setting and deep-merging library calls, by module. */
const LIBRARY_MODULES = /^(lodash(-es)?(\/.*)?|lodash\.(set|setwith|merge|mergewith|defaultsdeep|zipobjectdeep)|underscore|object-path|dot-prop|dot-object|dset(\/.*)?|set-value|deepmerge|deep-extend|merge-deep|mixin-deep|assign-deep|defaults-deep|extend|jquery|merge|just-extend|@fastify\/deepmerge)$/;
const LIBRARY_RECEIVERS = new Set(["_", "lodash", "objectPath", "dotProp", "dotprop", "dot", "$", "jQuery", "deepmerge", "merge"]);
const SET_CALLS = new Set(["set", "setWith", "setProperty", "dset", "setValue", "str", "zipObjectDeep"]);
const MERGE_CALLS = new Set(["merge", "mergeWith", "defaultsDeep", "deepmerge", "deepExtend", "mergeDeep", "mixinDeep", "assignDeep", "extend", "all"]);

interface NestedWrite {
  node: ts.BinaryExpression;
  keys: ts.Expression[];
  frames: Frame[];
}

interface Frame {
  fn: FunctionLikeWithBody | undefined;
  name: string | undefined;
  iterates: boolean;
  selfCalls: ts.CallExpression[];
  /** `target[key] = …` writes with a non-literal key, by the text of the object written to. */
  computedTargets: Set<string>;
  firstComputedWrite: ts.Node | undefined;
  guarded: boolean;
  hasOwnObjects: Set<string>;
  allowlistedKeys: Set<string>;
}

function newFrame(fn: FunctionLikeWithBody | undefined): Frame {
  return { fn, name: fn ? functionName(fn) : undefined, iterates: false, selfCalls: [], computedTargets: new Set(), firstComputedWrite: undefined, guarded: false, hasOwnObjects: new Set(), allowlistedKeys: new Set() };
}

function functionName(fn: FunctionLikeWithBody): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function isLiteralKey(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  return ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || isConstantExpression(node);
}

/** The module an identifier was imported or required from, when this file says. */
function moduleOf(identifier: ts.Identifier): string | undefined {
  const binding = findLocalBinding(identifier);
  if (binding?.kind === "import") {
    const declaration = binding.declaration;
    if (ts.isImportDeclaration(declaration) && ts.isStringLiteral(declaration.moduleSpecifier)) return declaration.moduleSpecifier.text;
    if (ts.isImportEqualsDeclaration(declaration) && ts.isExternalModuleReference(declaration.moduleReference) && ts.isStringLiteral(declaration.moduleReference.expression)) return declaration.moduleReference.expression.text;
    return undefined;
  }
  if (binding?.kind === "variable") {
    let node = binding.initializer ?? binding.derivedFrom;
    node = node && unwrapExpression(node);
    while (node && ts.isPropertyAccessExpression(node)) node = unwrapExpression(node.expression);
    if (node && ts.isCallExpression(node) && calleeName(node) === "require" && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) return node.arguments[0].text;
  }
  return undefined;
}

/** Whether `call` is a path-set or deep-merge from a library, and which arguments carry keys. */
function libraryCall(call: ts.CallExpression): { kind: "set" | "merge"; keyed: ts.Expression[] } | undefined {
  const name = calleeName(call);
  if (!name || !(SET_CALLS.has(name) || MERGE_CALLS.has(name))) return undefined;
  const receiver = calleeReceiver(call);
  const callee = unwrapExpression(call.expression);
  let root: ts.Identifier | undefined;
  if (receiver) {
    let current = unwrapExpression(receiver);
    while (ts.isPropertyAccessExpression(current)) current = unwrapExpression(current.expression);
    if (ts.isIdentifier(current)) root = current;
  } else if (ts.isIdentifier(callee)) root = callee;
  // Method calls only on the usual library names (`_.set`, `objectPath.set`): `map.set(…)` is everywhere.
  if (!root || (receiver && !LIBRARY_RECEIVERS.has(root.text))) return undefined;
  const module = moduleOf(root);
  const fromLibrary = module !== undefined ? LIBRARY_MODULES.test(module.toLowerCase()) : receiver !== undefined && LIBRARY_RECEIVERS.has(root.text);
  if (!fromLibrary) return undefined;
  const args = call.arguments.filter((argument): argument is ts.Expression => !ts.isSpreadElement(argument));
  if (SET_CALLS.has(name)) {
    if (name === "zipObjectDeep") return args[0] ? { kind: "set", keyed: [args[0]] } : undefined;
    return args[1] ? { kind: "set", keyed: [args[1]] } : undefined;
  }
  if (MERGE_CALLS.has(name)) {
    // `$.extend(true, target, src)` is deep; `$.extend(target, src)` and `Object.assign` are shallow.
    if (name === "extend" && (root.text === "$" || root.text === "jQuery" || module === "jquery" || module === "extend")) {
      const first = args[0] && unwrapExpression(args[0]);
      if (!first || first.kind !== ts.SyntaxKind.TrueKeyword) return undefined;
      return { kind: "merge", keyed: args.slice(2) };
    }
    if (name === "extend" && root.text !== "_" && root.text !== "lodash") return undefined;
    if (name === "all") return { kind: "merge", keyed: args };
    if (name === "deepmerge" || (!receiver && module !== undefined && /deepmerge|merge-deep|deep-extend/.test(module))) return { kind: "merge", keyed: args };
    return { kind: "merge", keyed: args.slice(1) };
  }
  return undefined;
}

export const prototypePollution = defineTsRule({
  meta: {
    id: "security/prototype-pollution",
    category: "security",
    severity: "medium",
    title: "Prototype pollution through client-controlled keys",
    description:
      "Detects code that lets a client-chosen key such as `__proto__` or `constructor.prototype` write into `Object.prototype`: a local recursive merge/extend (a function that iterates the source's keys with `for…in`/`Object.keys`/`Object.entries`, writes `target[key] = …` and recurses into `target[key]`) without a key guard, at medium when this file calls it with request data and low otherwise; a nested computed write `obj[a][b] = value` whose outer key comes from the request (medium); and, at low, library path-sets and deep merges fed request data (`_.set`, `_.setWith`, `_.merge`, `_.mergeWith`, `_.defaultsDeep`, `_.zipObjectDeep`, object-path, dot-prop, dset, set-value, `deepmerge`, `$.extend(true, …)`), since current releases of these libraries refuse the dangerous keys and the risk depends on the installed version. A guard ends it: a comparison or list containing `\"__proto__\"`/`\"constructor\"`/`\"prototype\"`, a helper named like `isSafeKey`/`isPrototypePolluted`, `hasOwn`/`hasOwnProperty` on the object being written, `Object.create(null)`, or an allowlist check (`ALLOWED.includes(key)`). It deliberately does not fire on one-level computed writes (`obj[key] = value` only replaces that object's own prototype), on clone functions that build a fresh object, on shallow copies (`Object.assign`, spread), or on keys that are not from the request.",
    why: "A request body like `{\"__proto__\": {\"isAdmin\": true}}` merged into a plain object adds `isAdmin` to every object in the process: authorization checks, template options and child-process options can all start reading attacker-chosen defaults, up to remote code execution.",
    fix: "Skip dangerous keys in the merge loop (`if (key === \"__proto__\" || key === \"constructor\" || key === \"prototype\") continue;`), only recurse into own properties of the target (`Object.hasOwn(target, key)`), build targets with `Object.create(null)` or use a `Map` for client-keyed data, and validate request bodies with a schema before merging. Keep lodash and other merge libraries on current versions.",
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const moduleFrame = newFrame(undefined);
    const stack: Frame[] = [moduleFrame];
    const vulnerableMerges: Frame[] = [];
    const nestedWrites: NestedWrite[] = [];
    const localCalls: ts.CallExpression[] = [];
    const libraryCalls: Array<{ call: ts.CallExpression; kind: "set" | "merge"; keyed: ts.Expression[] }> = [];

    const everyFrame = (apply: (frame: Frame) => void): void => stack.forEach(apply);

    const enter = (fn: FunctionLikeWithBody): void => {
      stack.push(newFrame(fn));
    };
    const exit = (): void => {
      const frame = stack.pop();
      if (!frame?.fn || !frame.name || !frame.iterates || frame.guarded || frame.selfCalls.length === 0 || frame.computedTargets.size === 0) return;
      // Recursing into the object it writes (`merge(target[key], source[key])`) is what reaches the prototype.
      const recursesIntoTarget = frame.selfCalls.some((call) =>
        call.arguments.some((argument) => {
          const node = unwrapExpression(argument);
          return ts.isElementAccessExpression(node) && !isLiteralKey(node.argumentExpression) && frame.computedTargets.has(node.expression.getText(sourceFile));
        }),
      );
      if (!recursesIntoTarget) return;
      if ([...frame.computedTargets].some((target) => frame.hasOwnObjects.has(target))) return;
      vulnerableMerges.push(frame);
    };

    return {
      FunctionDeclaration: enter,
      "FunctionDeclaration:exit": exit,
      FunctionExpression: enter,
      "FunctionExpression:exit": exit,
      ArrowFunction: enter,
      "ArrowFunction:exit": exit,
      MethodDeclaration: enter,
      "MethodDeclaration:exit": exit,
      ForInStatement: () => everyFrame((frame) => (frame.iterates = true)),
      StringLiteral(node) {
        if (DANGEROUS_KEYS.has(node.text)) everyFrame((frame) => (frame.guarded = true));
      },
      NoSubstitutionTemplateLiteral(node) {
        if (DANGEROUS_KEYS.has(node.text)) everyFrame((frame) => (frame.guarded = true));
      },
      CallExpression(node) {
        const name = calleeName(node);
        if (!name) return;
        const receiver = calleeReceiver(node);
        const callee = unwrapExpression(node.expression);
        if (ITERATORS.has(name) && receiver && /^(Object|Reflect)$/.test(receiver.getText(sourceFile))) everyFrame((frame) => (frame.iterates = true));
        if (KEY_GUARD_NAME.test(name)) everyFrame((frame) => (frame.guarded = true));
        if (name === "create" && receiver?.getText(sourceFile) === "Object" && node.arguments[0]?.kind === ts.SyntaxKind.NullKeyword) everyFrame((frame) => (frame.guarded = true));
        if (HAS_OWN.has(name)) {
          // Object.hasOwn(target, key), Object.prototype.hasOwnProperty.call(target, key), target.hasOwnProperty(key)
          const receiverText = receiver?.getText(sourceFile) ?? "";
          const object = receiverText === "Object" || receiverText.endsWith("prototype.hasOwnProperty") ? node.arguments[0] : receiver;
          if (object) everyFrame((frame) => frame.hasOwnObjects.add(unwrapExpression(object).getText(sourceFile)));
        }
        if (name === "call" && receiver && /hasOwnProperty$/.test(receiver.getText(sourceFile)) && node.arguments[0]) {
          const object = unwrapExpression(node.arguments[0]).getText(sourceFile);
          everyFrame((frame) => frame.hasOwnObjects.add(object));
        }
        if (ALLOWLIST_METHODS.has(name) && node.arguments[0]) {
          const key = unwrapExpression(node.arguments[0]).getText(sourceFile);
          everyFrame((frame) => frame.allowlistedKeys.add(key));
        }
        // Self-recursion: `merge(…)` inside `function merge`, `this.merge(…)` inside a `merge` method.
        const selfCallee = ts.isIdentifier(callee) ? callee.text : receiver?.kind === ts.SyntaxKind.ThisKeyword ? name : undefined;
        if (selfCallee) everyFrame((frame) => frame.name === selfCallee && frame.selfCalls.push(node));
        if (ts.isIdentifier(callee)) localCalls.push(node);
        const library = libraryCall(node);
        if (library) libraryCalls.push({ call: node, ...library });
      },
      BinaryExpression(node) {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const left = unwrapExpression(node.left);
        if (!ts.isElementAccessExpression(left)) return;
        // obj[a][b] = value: collect every computed key along the chain.
        const keys: ts.Expression[] = [left.argumentExpression];
        let current = unwrapExpression(left.expression);
        while (ts.isElementAccessExpression(current) || ts.isPropertyAccessExpression(current)) {
          if (ts.isElementAccessExpression(current)) keys.unshift(current.argumentExpression);
          current = unwrapExpression(current.expression);
        }
        // Only writes inside a key-iterating function (a merge candidate) or nested writes matter.
        const iterating = stack.some((frame) => frame.iterates && frame.name !== undefined);
        if ((!iterating && keys.length < 2) || isLiteralKey(left.argumentExpression)) return;
        if (iterating) {
          const target = unwrapExpression(left.expression).getText(sourceFile);
          everyFrame((frame) => {
            frame.computedTargets.add(target);
            frame.firstComputedWrite ??= node;
          });
        }
        if (keys.length >= 2) nestedWrites.push({ node, keys, frames: [...stack] });
      },
      "SourceFile:exit": () => {
        const describeOrigin = ({ key, taint }: { key: ts.Expression; taint: Taint }): string => {
          const source = taint.confidence === "high" ? "the request" : "a handler argument";
          return taint.origin === key.getText(sourceFile) ? ` from ${source}` : ` (from ${source}: \`${taint.origin}\`)`;
        };
        // Recursive merges: medium at a call that feeds request data, else low at the function.
        for (const frame of vulnerableMerges) {
          const fn = frame.fn!;
          const requestCall = localCalls.find((call) => {
            const callee = unwrapExpression(call.expression) as ts.Identifier;
            if (callee.text !== frame.name || (call.pos >= fn.pos && call.end <= fn.end)) return false;
            const binding = findLocalBinding(callee);
            const declared = binding?.kind === "function" ? binding.declaration : binding?.kind === "variable" ? binding.initializer && unwrapExpression(binding.initializer) : undefined;
            return declared === fn && call.arguments.some((argument) => taintOf(argument, sourceFile)?.confidence === "high");
          });
          if (requestCall) {
            const argument = requestCall.arguments.find((candidate) => taintOf(candidate, sourceFile)?.confidence === "high")!;
            context.report({
              node: requestCall,
              severity: "medium",
              message: `\`${frame.name}()\` merges \`${shortText(argument, sourceFile, 40)}\` from the request recursively without skipping \`__proto__\`/\`constructor\`: a body like \`{"__proto__": {"isAdmin": true}}\` adds \`isAdmin\` to every object in the process.`,
            });
          } else {
            const nameNode = (fn as { name?: ts.Node }).name ?? fn;
            context.report({
              node: nameNode,
              severity: "low",
              message: `\`${frame.name}()\` merges keys recursively into \`${[...frame.computedTargets][0]}\` without skipping \`__proto__\`/\`constructor\`: if it ever receives parsed JSON from a client, that client can write to \`Object.prototype\`.`,
            });
          }
        }
        // obj[a][b] = value with request-chosen outer keys.
        for (const write of nestedWrites) {
          // Guards count in the enclosing functions; a module-level write is judged by the module's own guards.
          const frames = write.frames.length > 1 ? write.frames.slice(1) : write.frames;
          if (frames.some((frame) => frame.guarded)) continue;
          const last = write.keys[write.keys.length - 1]!;
          if (isLiteralKey(last)) continue;
          const outer = write.keys.slice(0, -1);
          let found: { key: ts.Expression; taint: Taint } | undefined;
          for (const key of outer) {
            if (isLiteralKey(key) || frames.some((frame) => frame.allowlistedKeys.has(unwrapExpression(key).getText(sourceFile)))) continue;
            const taint = taintOf(key, sourceFile);
            if (taint && (!found || (taint.confidence === "high" && found.taint.confidence !== "high"))) found = { key, taint };
          }
          if (!found) continue;
          context.report({
            node: write.node,
            severity: found.taint.confidence === "high" ? "medium" : "low",
            message: `\`${shortText(write.node.left, sourceFile, 50)} = …\` uses \`${shortText(found.key, sourceFile, 30)}\`${describeOrigin(found)} as an outer key: with \`__proto__\` as that key the write lands on \`Object.prototype\` and affects every object in the process.`,
          });
        }
        // Library path-sets and deep merges.
        for (const { call, kind, keyed } of libraryCalls) {
          const argument = keyed.find((candidate) => taintOf(candidate, sourceFile)?.confidence === "high");
          if (!argument) continue;
          const label = `${shortText(call.expression, sourceFile, 30)}(…)`;
          context.report({
            node: call,
            severity: "low",
            message:
              kind === "set"
                ? `\`${label}\` sets a path chosen by the request (\`${shortText(argument, sourceFile, 40)}\`): older releases of these libraries follow \`__proto__\`/\`constructor.prototype\` paths into \`Object.prototype\`, and any release lets the client write anywhere inside the object.`
                : `\`${label}\` deep-merges \`${shortText(argument, sourceFile, 40)}\` from the request: older releases of these libraries copy \`__proto__\` keys onto \`Object.prototype\`; make sure the installed version refuses them, or validate the body first.`,
          });
        }
      },
    };
  },
});
