// DKR-001: the image that ships (the final stage) runs its process as root.
// Only the final stage matters: builder stages never run in production (hadolint #405).
import { defineDockerfileRule, type RuleContext } from "../../src/analysis/rule.js";
import { finalStage, stageBase, type DockerInstruction, type Dockerfile, type DockerStage, type ImageReference } from "../../src/analysis/dockerfile.js";
import { splitLines } from "../../src/analysis/text-document.js";

/** Who the process runs as, and why we think so. */
type RunAs =
  | { kind: "root"; user?: DockerInstruction; inheritedFrom?: DockerStage; image?: string }
  | { kind: "non-root" }
  | { kind: "unknown" };

/** Tools that start as root and drop to another user at run time: the documented entrypoint pattern. */
const PRIVILEGE_DROP = /\b(?:gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst\s+-u)\b/;
/** `sudo` in command position: at the start, or after `&&`, `||`, `;`, `|`, `(`, `then`, `do`, a newline. */
const SUDO_COMMAND = /(?:^|[;&|(\n]|\b(?:then|do|else)\s)\s*sudo(?=\s|$)/;

function isRootUser(args: string): boolean {
  const user = (args.trim().replace(/^["']|["']$/g, "").split(":")[0] ?? "").trim();
  return user === "root" || /^0+$/.test(user);
}

/** Images whose default user is not root, by publisher convention; anything else is assumed root. */
function runsAsNonRoot(image: ImageReference): boolean | undefined {
  const name = image.name.toLowerCase();
  const tag = (image.tag ?? "").toLowerCase();
  if (/non-?root|rootless|unprivileged/.test(tag) || /rootless|unprivileged/.test(name)) return true;
  if (name.startsWith("cgr.dev/chainguard/")) return true;
  if (/(?:^|\/)bitnami\//.test(name)) return true;
  if (name.startsWith("mcr.microsoft.com/dotnet/") && tag.includes("chiseled")) return true;
  if (/^registry\.access\.redhat\.com\/ubi\d+\/(?:nodejs|python|openjdk|go-toolset|php|ruby|perl|nginx|httpd)/.test(name)) return true;
  // Distroless picks its user by tag; a digest alone does not say which variant it is.
  if (name.startsWith("gcr.io/distroless/") && image.tag === undefined && image.digest !== undefined) return undefined;
  // Windows users (ContainerUser, ContainerAdministrator) are a different model; do not guess.
  if (/(?:^|\/)windows\/|nanoserver|servercore/.test(name)) return undefined;
  return false;
}

function runAsOf(dockerfile: Dockerfile, stage: DockerStage): RunAs {
  const users = stage.instructions.filter((instruction) => instruction.keyword === "USER");
  const last = users[users.length - 1];
  if (last) {
    // A variable (`USER ${APP_USER}`) is set by whoever builds: assume they chose a non-root user.
    if (last.args.includes("$")) return { kind: "non-root" };
    return isRootUser(last.args) ? { kind: "root", user: last } : { kind: "non-root" };
  }
  const base = stageBase(dockerfile, stage);
  switch (base.kind) {
    case "stage": {
      // USER is inherited through `FROM <stage>`, exactly as from an image.
      const inherited = runAsOf(dockerfile, base.stage);
      return inherited.kind === "root" ? { kind: "root", inheritedFrom: base.stage, ...(inherited.image ? { image: inherited.image } : {}) } : inherited;
    }
    case "scratch":
      return { kind: "root", image: "scratch" };
    case "image": {
      const nonRoot = runsAsNonRoot(base.image);
      if (nonRoot === undefined) return { kind: "unknown" };
      return nonRoot ? { kind: "non-root" } : { kind: "root", image: base.reference };
    }
    case "unknown":
      return { kind: "unknown" };
  }
}

function addUserFix(image: string | undefined): string {
  const reference = (image ?? "").toLowerCase();
  if (/^(?:docker\.io\/)?(?:library\/)?node(?::|@|$)/.test(reference)) {
    return "Add `USER node` after the last step that needs root and before `CMD`: the node image ships a `node` user (uid 1000). Make files the app writes owned by it (`COPY --chown=node:node`).";
  }
  if (reference.startsWith("gcr.io/distroless/")) return "Use the `:nonroot` variant of the distroless image (e.g. `gcr.io/distroless/nodejs20-debian12:nonroot`), or add `USER 65532:65532` before `CMD`.";
  if (reference === "scratch") return "Add `USER 65534:65534` (nobody) before `CMD`; a numeric uid needs no /etc/passwd in a scratch image.";
  const create = reference.includes("alpine")
    ? "RUN addgroup -S app && adduser -S -G app app"
    : "RUN groupadd --system app && useradd --system --gid app --no-create-home app";
  return `Create an unprivileged user and switch to it before \`CMD\`:\n\n\`\`\`dockerfile\n${create}\nUSER app\n\`\`\`\n\nGive it ownership of only what it writes (\`COPY --chown=app:app\`).`;
}

function describeBase(stage: DockerStage, runAs: Extract<RunAs, { kind: "root" }>): string {
  if (runAs.inheritedFrom) {
    const name = runAs.inheritedFrom.name ?? `#${runAs.inheritedFrom.index}`;
    return `it builds on stage \`${name}\`, which runs as root${runAs.image ? ` (from \`${runAs.image}\`)` : ""}`;
  }
  if (runAs.image === "scratch") return "a `scratch` image has no user of its own, so the process gets uid 0";
  return `\`${runAs.image ?? stage.image}\` runs as root by default`;
}

export const dockerfileRootUser = defineDockerfileRule({
  meta: {
    id: "deploy/dockerfile-root-user",
    category: "deploy",
    severity: "high",
    title: "Container runs as root",
    description:
      "Flags a Dockerfile whose final stage runs its process as root: the last `USER` is `root` or uid 0, or there is no `USER` and the base image runs as root (official language images such as `node` or `python`, distroless without `:nonroot`, `scratch`). `USER` is followed through `FROM <earlier-stage>`. `sudo` in a `RUN` of the final stage is reported separately at medium. It deliberately ignores builder stages (they never run in production), images whose publisher defaults to a non-root user (`cgr.dev/chainguard/*`, Bitnami, `*-unprivileged`, tags containing `nonroot`), `USER` set from a variable, base images it cannot resolve (an ARG without default), final stages that install a privilege-drop tool (`gosu`, `su-exec`, `setpriv`) for an entrypoint that starts as root and steps down, and `.devcontainer` images.",
    why: "A process running as root inside the container is one kernel or runtime bug away from root on the node, and any file-write or command-injection bug in the app can modify the image's binaries and read every mounted secret.",
    fix: "Switch to an unprivileged user (`USER node`, `USER app`, or a numeric uid) after the steps that need root and before `CMD`.",
    defaultIgnore: ["**/.devcontainer/**"],
  },
  check(dockerfile, context) {
    const stage = finalStage(dockerfile);
    if (!stage) return;
    const runAs = runAsOf(dockerfile, stage);
    if (runAs.kind === "root" && runAs.user) {
      context.report({
        line: runAs.user.line,
        endLine: runAs.user.endLine,
        message: `The final stage switches to \`USER ${runAs.user.args}\` and never switches back, so the container's process runs as root.`,
        fix: "Move the steps that need root before this line and switch back with `USER <app user>` before `CMD`, or drop this `USER` instruction if the base image already runs as an unprivileged user.",
      });
    } else if (runAs.kind === "root") {
      const dropsPrivileges = stage.instructions.some((instruction) => PRIVILEGE_DROP.test(instruction.args));
      if (!dropsPrivileges) {
        context.report({
          line: stage.from.line,
          endLine: stage.from.endLine,
          message: `The final stage sets no \`USER\` and ${describeBase(stage, runAs)}, so the container's process runs as root.`,
          fix: addUserFix(runAs.image),
        });
      }
    }
    reportSudo(stage, context.file.content ?? "", context.report);
  },
});

/** `sudo` in the shipped image means it is installed, and usually configured for the runtime user. */
function reportSudo(stage: DockerStage, content: string, report: RuleContext["report"]): void {
  const lines = splitLines(content);
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== "RUN" || !SUDO_COMMAND.test(instruction.args)) continue;
    // Point at the physical line with sudo, not the whole (possibly long) RUN.
    let line = instruction.line;
    for (let current = instruction.line; current <= instruction.endLine; current++) {
      const text = (lines[current - 1] ?? "").replace(/^\s*RUN\s+(?:--\S+\s+)*/i, "");
      if (SUDO_COMMAND.test(text)) {
        line = current;
        break;
      }
    }
    report({
      line,
      severity: "medium",
      message: "`sudo` is used in a `RUN` of the final stage, so sudo ships in the runtime image, where it lets the app's user become root again.",
      why: "A non-root `USER` only limits a compromised process if it cannot escalate; sudo (often configured without a password so builds can use it) undoes that.",
      fix: "Run the steps that need root before switching `USER` instead of calling sudo, and do not install sudo in the final stage.",
    });
  }
}
