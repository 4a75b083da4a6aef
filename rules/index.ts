// Every rule, listed once. docs/rules.md is generated from this list (npm run docs:rules).
import type { Rule } from "../src/analysis/rule.js";
import { dockerfileRootUser } from "./deploy/dockerfile-root-user.js";
import { dockerfileUnpinnedBase } from "./deploy/dockerfile-unpinned-base.js";
import { consoleLog } from "./observability/console-log.js";
import { swallowedError } from "./observability/swallowed-error.js";
import { codeInjection } from "./security/code-injection.js";
import { commandInjection } from "./security/command-injection.js";
import { hardcodedSecret } from "./security/hardcoded-secret.js";
import { nosqlInjection } from "./security/nosql-injection.js";
import { sqlInjection } from "./security/sql-injection.js";
import { unsafeDeserialization } from "./security/unsafe-deserialization.js";
import { missingTests } from "./testing/missing-tests.js";

export const allRules: readonly Rule[] = [
  hardcodedSecret,
  sqlInjection,
  nosqlInjection,
  commandInjection,
  codeInjection,
  unsafeDeserialization,
  swallowedError,
  consoleLog,
  dockerfileRootUser,
  dockerfileUnpinnedBase,
  missingTests,
];
