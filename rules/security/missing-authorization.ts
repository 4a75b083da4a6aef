// security/missing-authorization: a state-changing route registered without the access check its
// sibling routes use, or with its auth middleware commented out. Registrations are collected during
// the walk and judged at the end of the file, when every sibling and every `use` is known.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import {
  accessCheckKind,
  commentedOutNames,
  commentsBetween,
  handlerChecksAccess,
  handlerFunction,
  isConventionallyPublicPath,
  middlewareName,
  MUTATING_METHODS,
  nestFullPath,
  nestRoute,
  pathWords,
  RouteTable,
  sensitiveSurfaceOf,
  type AccessCheckKind,
  type NestRoute,
  type RouteRegistration,
} from "../../src/analysis/routes.js";
import { calleeName, shortText, TEST_PATH_GLOBS } from "../../src/analysis/ts-helpers.js";
import type { Severity } from "../../src/review/types.js";

const REGISTRATION_CALLS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "use", "route", "addHook", "register"]);
/** POST endpoints that read or compute rather than change state (`POST /search` with a query body). */
const READ_LIKE_POST = new Set(["search", "query", "lookup", "preview", "validate", "validation", "calculate", "estimate", "quote", "convert", "render", "suggest", "suggestions", "autocomplete", "typeahead", "availability", "exists"]);

/** Handlers that issue credentials or hash passwords are the login/signup endpoints themselves, whatever their path. */
const CREDENTIAL_ENDPOINT = /\b(jwt\.sign|sign(Jwt|Token|AccessToken)|(generate|issue|create)(Access|Auth)?Token|bcrypt|argon2|hashPassword|req\.login|req\.logIn|createUserWithEmailAndPassword)\b/;

/** `POST /` on a users/accounts/auth router (`routes/users.js`) is usually the signup endpoint. */
function isSignupRoot(method: string, path: string | undefined, filePath: string): boolean {
  if (method !== "post" || (path !== "/" && path !== "")) return false;
  const words = pathWords(filePath.slice(filePath.lastIndexOf("/") + 1));
  return words.some((word) => /^(users?|accounts?|auth|signup|register|registration|members?|customers?)$/.test(word));
}

function isReadLikePost(method: string, path: string | undefined): boolean {
  if (method !== "post" || path === undefined) return false;
  const last = pathWords(path).at(-1);
  return last !== undefined && READ_LIKE_POST.has(last);
}

/** A sibling's access check, by name, with its kind. */
interface Evidence {
  name: string;
  kind: AccessCheckKind;
  /** How to write it in a message: `requireAuth`, `@UseGuards(JwtAuthGuard)`. */
  label: string;
}

/** The evidence from the siblings: how many use an access check, and the most common one. */
interface SiblingEvidence {
  protectedCount: number;
  authenticationCount: number;
  top: Evidence;
  topCount: number;
}

function summarize(evidence: Evidence[][]): SiblingEvidence | undefined {
  const withChecks = evidence.filter((checks) => checks.length > 0);
  if (withChecks.length === 0) return undefined;
  const counts = new Map<string, { evidence: Evidence; count: number }>();
  for (const checks of withChecks) {
    const seen = new Set<string>();
    for (const check of checks) {
      if (seen.has(check.label)) continue;
      seen.add(check.label);
      const entry = counts.get(check.label) ?? { evidence: check, count: 0 };
      entry.count++;
      counts.set(check.label, entry);
    }
  }
  // Prefer the authentication check the most siblings use: that is the one this route is missing.
  const ranked = [...counts.values()].sort((a, b) => (a.evidence.kind === b.evidence.kind ? b.count - a.count : a.evidence.kind === "authentication" ? -1 : 1));
  const top = ranked[0]!;
  return {
    protectedCount: withChecks.length,
    authenticationCount: withChecks.filter((checks) => checks.some((check) => check.kind === "authentication")).length,
    top: top.evidence,
    topCount: top.count,
  };
}

/**
 * High when at least two siblings authenticate and protected siblings outnumber the unprotected
 * state-changing routes (a clear convention with one exception); medium on weaker evidence (one
 * protected sibling, or only authorization checks such as `requireRole`); nothing when unprotected
 * routes are as common as protected ones (the file has no convention to break).
 */
function severityFor(evidence: SiblingEvidence, unprotectedMutating: number): Severity | undefined {
  if (evidence.authenticationCount >= 2 && evidence.protectedCount > unprotectedMutating) return "high";
  if (evidence.protectedCount >= unprotectedMutating) return "medium";
  return undefined;
}

/** "which the 4 other routes on `router` use", or "which 3 of the 5 other routes with an access check on `router` use". */
function whoUses(evidence: SiblingEvidence, noun: string, where: string): string {
  if (evidence.topCount === evidence.protectedCount) {
    return `which the ${plural(evidence.topCount, noun)} ${where} ${evidence.topCount === 1 ? "uses" : "use"}`;
  }
  return `which ${evidence.topCount} of the ${plural(evidence.protectedCount, noun)} with an access check ${where} use`;
}

function plural(count: number, word: string): string {
  return `${count} other ${word}${count === 1 ? "" : "s"}`;
}

const WHY =
  "Whoever can reach the server can call this endpoint without logging in: the other routes on the same router check who is calling, this one changes data without that check, so any client can modify or delete records that belong to other users.";
const FIX =
  "Add the same access check the sibling routes use to this registration (e.g. `router.delete(\"/orders/:id\", requireAuth, deleteOrder)`, or `@UseGuards(JwtAuthGuard)` on the NestJS handler), or apply it once to the whole router with `router.use(requireAuth)` before the routes. If the route is public on purpose, mark it (`@Public()` in NestJS) or move it next to the other public routes, above the router-level check, and say why in a comment.";

export const missingAuthorization = defineTsRule({
  meta: {
    id: "security/missing-authorization",
    category: "security",
    severity: "high",
    title: "State-changing route without the access check its sibling routes use",
    description:
      "Detects a POST/PUT/PATCH/DELETE route (Express, Router, Fastify, Koa-router, Hono) that has no authentication or authorization middleware while other routes on the same app or router in the same file use one (`requireAuth`, `isAuthenticated`, `ensureLoggedIn`, `verifyToken`, `passport.authenticate(...)`, `jwt(...)`, `checkJwt`, `requireRole`, `isAdmin`, `protect`, Fastify `preHandler`/`onRequest` hooks such as `fastify.authenticate`), and no router-level check (`router.use(requireAuth)`, Fastify `addHook(\"onRequest\", ...)`, a guard on the mount that includes this router) comes before it; likewise a NestJS handler without the `@UseGuards(...)` its sibling handlers carry, in a controller without a class-level guard and without `@Public()`. It is high when at least two siblings authenticate and protected routes clearly outnumber unprotected ones, medium on weaker evidence (one sibling, or only role checks). It also reports an access-check middleware or `@UseGuards` that is commented out in a registration. It deliberately does not fire on conventionally public routes (login, signup, register, password reset, email verification, OAuth callbacks, webhooks, health checks, `/public/...`, GraphQL/tRPC endpoints), on routes whose handler visibly checks access itself (401/403, `!req.user`, `getServerSession()`) or issues credentials (`jwt.sign`, `bcrypt`: the login/signup endpoint itself), on `POST /` of a users/accounts/auth router file (usually signup), on routes with a spread or unknown middleware list, on GET routes and read-like POST routes (`/search`, `/preview`, `/validate`), on sensitive paths such as `/admin` or `/debug` (reported by `security/sensitive-surface-exposed`), and on files where unprotected routes are as common as protected ones.",
    why: WHY,
    fix: FIX,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const routes = new RouteTable();
    const controllers = new Map<ts.ClassDeclaration, NestRoute[]>();

    const checksOf = (registration: RouteRegistration): Evidence[] =>
      registration.middlewares.flatMap((expression) => {
        const name = middlewareName(expression);
        const kind = accessCheckKind(name);
        return name && kind ? [{ name, kind, label: name }] : [];
      });

    const appliedMemo = new Map<RouteRegistration, AccessCheckKind[]>();
    const appliedChecks = (registration: RouteRegistration): AccessCheckKind[] => {
      let kinds = appliedMemo.get(registration);
      if (!kinds) {
        kinds = routes.applied(registration).flatMap((applied) => {
          const kind = accessCheckKind(applied.name);
          return kind ? [kind] : [];
        });
        appliedMemo.set(registration, kinds);
      }
      return kinds;
    };
    const checksItselfMemo = new Map<RouteRegistration, boolean>();
    const checksItself = (registration: RouteRegistration): boolean => {
      let checks = checksItselfMemo.get(registration);
      if (checks === undefined) {
        checks = handlerChecksAccess(registration.handler, sourceFile);
        checksItselfMemo.set(registration, checks);
      }
      return checks;
    };

    const label = (registration: RouteRegistration): string => {
      const method = calleeName(registration.call) ?? registration.method;
      const path = registration.path !== undefined ? JSON.stringify(registration.path) : (registration.pathText ?? "");
      return `${registration.receiver}.${method}(${path})`;
    };

    const publicMemo = new Map<RouteRegistration, boolean>();
    const isPublic = (registration: RouteRegistration): boolean => {
      let value = publicMemo.get(registration);
      if (value === undefined) {
        value = isConventionallyPublicPath(registration.pathText) || isConventionallyPublicPath(routes.fullPath(registration));
        publicMemo.set(registration, value);
      }
      return value;
    };

    /** Access checks commented out in `[start, end)`, and where the last such comment ends. */
    const commentedOut = (start: number, end: number, labelOf: (name: string) => string): { removed: Evidence[]; end: number } => {
      const removed: Evidence[] = [];
      let last = start;
      for (const comment of commentsBetween(sourceFile, start, end)) {
        for (const name of commentedOutNames(comment.text)) {
          const kind = accessCheckKind(name);
          if (!kind) continue;
          removed.push({ name, kind, label: labelOf(name) });
          last = comment.end;
        }
      }
      return { removed, end: last };
    };

    const lineOf = (position: number): number => sourceFile.getLineAndCharacterOfPosition(position).line + 1;

    /** Reports from `start` to the end of the comment, so a change that only comments the check out is in scope. */
    const reportCommentedOut = (start: ts.Node, end: number, what: string, removed: Evidence[], remaining: AccessCheckKind[]): boolean => {
      const missing = removed.filter((check) => !remaining.includes(check.kind));
      if (missing.length === 0) return false;
      const names = [...new Set(missing.map((check) => `\`${check.label}\``))].join(", ");
      context.report({
        line: lineOf(start.getStart(sourceFile)),
        endLine: lineOf(end),
        ...(remaining.length > 0 ? { severity: "medium" as const } : {}),
        message: `${what} has ${names} commented out${remaining.length > 0 ? "; the access check that remains is of another kind" : ", so nothing in this file checks who calls it"}.`,
        fix: "Restore the commented-out access check, or delete the comment and say in the pull request why this route no longer needs one.",
      });
      return true;
    };

    /**
     * The evidence of all non-public routes on a receiver, computed once per receiver. The route being
     * judged has no access check of its own, so it adds nothing to the evidence of its siblings.
     */
    const groups = new Map<ts.Node | string, { evidence: SiblingEvidence | undefined; unprotectedMutating: number }>();
    const groupOf = (registration: RouteRegistration): { evidence: SiblingEvidence | undefined; unprotectedMutating: number } => {
      let group = groups.get(registration.receiverKey);
      if (!group) {
        const members = routes.all().filter((other) => other.method !== "use" && other.receiverKey === registration.receiverKey && !isPublic(other));
        const unprotectedMutating = members.filter(
          (route) => MUTATING_METHODS.has(route.method) && !isReadLikePost(route.method, route.pathText) && !route.opaque && appliedChecks(route).length === 0 && !checksItself(route),
        ).length;
        group = { evidence: summarize(members.map(checksOf)), unprotectedMutating };
        groups.set(registration.receiverKey, group);
      }
      return group;
    };

    const judgeRegistration = (registration: RouteRegistration): void => {
      if (registration.method === "use" || registration.opaque) return;
      const applied = appliedChecks(registration);
      if (isPublic(registration)) return;
      const handlerStart = registration.handler ? registration.handler.getStart(sourceFile) : registration.call.getEnd();
      const comments = commentedOut(registration.call.arguments.pos, handlerStart, (name) => name);
      if (comments.removed.length > 0 && reportCommentedOut(registration.start, comments.end, `\`${label(registration)}\``, comments.removed, applied)) return;
      if (!MUTATING_METHODS.has(registration.method) || applied.length > 0 || isReadLikePost(registration.method, registration.pathText)) return;
      // `/admin`, `/debug` and the like are reported by security/sensitive-surface-exposed.
      if (sensitiveSurfaceOf(routes.fullPath(registration)) !== undefined) return;
      if (checksItself(registration) || isSignupRoot(registration.method, registration.path, context.file.path)) return;
      const handler = handlerFunction(registration.handler);
      if (handler && CREDENTIAL_ENDPOINT.test(handler.getText(sourceFile))) return;

      const { evidence, unprotectedMutating } = groupOf(registration);
      if (!evidence) return;
      const severity = severityFor(evidence, unprotectedMutating);
      if (!severity) return;
      context.report({
        node: registration.start,
        endNode: registration.headEnd,
        ...(severity !== "high" ? { severity } : {}),
        message: `\`${label(registration)}\` has no \`${evidence.top.label}\`, ${whoUses(evidence, "route", `on \`${registration.receiver}\``)}.`,
      });
    };

    const guardEvidence = (guard: ts.Expression): Evidence | undefined => {
      const name = middlewareName(guard);
      const kind = accessCheckKind(name);
      if (!name || !kind) return undefined;
      // A guard passed to `@UseGuards(...)` or an auth decorator of its own (`@Auth()`).
      const inUseGuards = ts.isCallExpression(guard.parent) && ts.isDecorator(guard.parent.parent);
      return { name, kind, label: inUseGuards ? `@UseGuards(${name})` : `@${shortText(guard, sourceFile, 40)}` };
    };

    const judgeController = (controller: ts.ClassDeclaration, handlers: NestRoute[]): void => {
      const [first] = handlers;
      if (!first || first.classGuards.some((guard) => guardEvidence(guard) !== undefined)) return;
      const className = controller.name?.text ?? "this controller";
      const checks = new Map(handlers.map((handler) => [handler, handler.guards.map(guardEvidence).filter((check): check is Evidence => check !== undefined)]));
      const routeLabel = (handler: NestRoute): string => `${shortText(handler.decorator, sourceFile, 40)} ${handler.declaration.name.getText(sourceFile)}()`;
      const nestPublic = (handler: NestRoute): boolean => handler.isPublic || isConventionallyPublicPath(nestFullPath(handler));
      const bodyChecks = (handler: NestRoute): boolean => handlerChecksAccess(handler.declaration, sourceFile);

      for (const handler of handlers) {
        if (nestPublic(handler)) continue;
        const own = checks.get(handler) ?? [];
        const nameNode = handler.declaration.name;
        const comments = commentedOut(handler.declaration.getFullStart(), nameNode.getStart(sourceFile), (name) => `@UseGuards(${name})`);
        const firstDecorator = ts.getDecorators(handler.declaration)?.[0] ?? handler.decorator;
        if (comments.removed.length > 0 && reportCommentedOut(firstDecorator, Math.max(comments.end, nameNode.getEnd()), `\`${routeLabel(handler)}\``, comments.removed, own.map((check) => check.kind))) continue;
        if (!MUTATING_METHODS.has(handler.method) || own.length > 0 || isReadLikePost(handler.method, nestFullPath(handler))) continue;
        if (sensitiveSurfaceOf(nestFullPath(handler)) !== undefined || bodyChecks(handler) || CREDENTIAL_ENDPOINT.test(handler.declaration.getText(sourceFile))) continue;
        const siblings = handlers.filter((other) => other !== handler && !nestPublic(other));
        const evidence = summarize(siblings.map((sibling) => checks.get(sibling) ?? []));
        if (!evidence) continue;
        const unprotectedMutating = [handler, ...siblings].filter((route) => MUTATING_METHODS.has(route.method) && !isReadLikePost(route.method, nestFullPath(route)) && (checks.get(route) ?? []).length === 0 && !bodyChecks(route)).length;
        const severity = severityFor(evidence, unprotectedMutating);
        if (!severity) continue;
        context.report({
          node: handler.decorator,
          endNode: nameNode,
          ...(severity !== "high" ? { severity } : {}),
          message: `\`${routeLabel(handler)}\` in \`${className}\` has no \`${evidence.top.label}\`, ${whoUses(evidence, "handler", `in \`${className}\``)}, and is not marked \`@Public()\`.`,
        });
      }
    };

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (name !== undefined && REGISTRATION_CALLS.has(name)) routes.visit(node);
      },
      MethodDeclaration(node) {
        if (!ts.canHaveDecorators(node) || !ts.getDecorators(node)) return;
        const route = nestRoute(node);
        if (!route) return;
        const list = controllers.get(route.controller) ?? [];
        list.push(route);
        controllers.set(route.controller, list);
      },
      "SourceFile:exit"() {
        for (const registration of routes.all()) judgeRegistration(registration);
        for (const [controller, handlers] of controllers) judgeController(controller, handlers);
      },
    };
  },
});
