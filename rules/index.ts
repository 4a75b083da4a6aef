// Every rule, listed once. docs/rules.md is generated from this list (npm run docs:rules).
import type { Rule } from "../src/analysis/rule.js";
import { dockerfileRootUser } from "./deploy/dockerfile-root-user.js";
import { dockerfileUnpinnedBase } from "./deploy/dockerfile-unpinned-base.js";
import { consoleLog } from "./observability/console-log.js";
import { swallowedError } from "./observability/swallowed-error.js";
import { codeInjection } from "./security/code-injection.js";
import { commandInjection } from "./security/command-injection.js";
import { domXss } from "./security/dom-xss.js";
import { errorDetailsExposed } from "./security/error-details-exposed.js";
import { hardcodedCredential } from "./security/hardcoded-credential.js";
import { hardcodedSecret } from "./security/hardcoded-secret.js";
import { idor } from "./security/idor.js";
import { insecureCookie } from "./security/insecure-cookie.js";
import { insecureRandom } from "./security/insecure-random.js";
import { jwtVerificationBypass } from "./security/jwt-verification-bypass.js";
import { jwtWeakClaims } from "./security/jwt-weak-claims.js";
import { massAssignment } from "./security/mass-assignment.js";
import { missingAuthorization } from "./security/missing-authorization.js";
import { missingRateLimit } from "./security/missing-rate-limit.js";
import { nosqlInjection } from "./security/nosql-injection.js";
import { openRedirect } from "./security/open-redirect.js";
import { pathTraversal } from "./security/path-traversal.js";
import { permissiveCors } from "./security/permissive-cors.js";
import { prototypePollution } from "./security/prototype-pollution.js";
import { redos } from "./security/redos.js";
import { secretFileCommitted } from "./security/secret-file-committed.js";
import { sensitiveSurfaceExposed } from "./security/sensitive-surface-exposed.js";
import { serverSideXss } from "./security/server-side-xss.js";
import { sqlInjection } from "./security/sql-injection.js";
import { ssrf } from "./security/ssrf.js";
import { tlsVerificationDisabled } from "./security/tls-verification-disabled.js";
import { unescapedTemplateOutput } from "./security/unescaped-template-output.js";
import { unsafeDeserialization } from "./security/unsafe-deserialization.js";
import { vueVHtml } from "./security/vue-v-html.js";
import { weakCrypto } from "./security/weak-crypto.js";
import { xxe } from "./security/xxe.js";
import { missingTests } from "./testing/missing-tests.js";

export const allRules: readonly Rule[] = [
  hardcodedSecret,
  sqlInjection,
  nosqlInjection,
  commandInjection,
  codeInjection,
  unsafeDeserialization,
  hardcodedCredential,
  secretFileCommitted,
  jwtVerificationBypass,
  jwtWeakClaims,
  weakCrypto,
  insecureRandom,
  tlsVerificationDisabled,
  permissiveCors,
  insecureCookie,
  pathTraversal,
  ssrf,
  openRedirect,
  serverSideXss,
  unescapedTemplateOutput,
  domXss,
  vueVHtml,
  missingAuthorization,
  sensitiveSurfaceExposed,
  missingRateLimit,
  idor,
  massAssignment,
  prototypePollution,
  redos,
  xxe,
  errorDetailsExposed,
  swallowedError,
  consoleLog,
  dockerfileRootUser,
  dockerfileUnpinnedBase,
  missingTests,
];
