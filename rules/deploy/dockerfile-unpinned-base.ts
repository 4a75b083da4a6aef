// DKR-002: an image pulled from a registry without a tag or with `:latest`.
// Every stage counts, not only the final one: a floating builder image changes what gets compiled.
import { defineDockerfileRule } from "../../src/analysis/rule.js";
import {
  expandArgs,
  globalArgInstruction,
  parseImageReference,
  stageBase,
  type DockerInstruction,
  type Dockerfile,
  type DockerStage,
  type ImageReference,
} from "../../src/analysis/dockerfile.js";

function isFloating(image: ImageReference): boolean {
  if (image.digest !== undefined) return false; // a digest pins the bytes whatever the tag says
  return image.tag === undefined || image.tag === "latest";
}

function stageLabel(dockerfile: Dockerfile, stage: DockerStage): string {
  const final = stage.index === dockerfile.stages.length - 1;
  if (stage.name) return `${final ? "The final stage" : "Stage"} \`${stage.name}\``;
  return final ? "The final stage" : `Stage #${stage.index}`;
}

function describe(written: string, resolved: string, image: ImageReference): string {
  const shown = written === resolved ? `\`${resolved}\`` : `\`${written}\` (\`${resolved}\` from the ARG default)`;
  return image.tag === undefined ? `${shown}, which has no tag` : shown;
}

/**
 * The FROM line, unless the change only touched the ARG that chose the image: then the ARG line,
 * so that a PR changing `ARG NODE_VERSION=20` to `latest` is reviewed where it happened.
 */
function anchorFor(dockerfile: Dockerfile, instruction: DockerInstruction, usedArgs: readonly string[], addedLines: ReadonlySet<number>): DockerInstruction {
  const touches = (candidate: DockerInstruction): boolean => {
    for (let line = candidate.line; line <= candidate.endLine; line++) if (addedLines.has(line)) return true;
    return false;
  };
  if (touches(instruction)) return instruction;
  for (const name of usedArgs) {
    const declaration = globalArgInstruction(dockerfile, name);
    if (declaration && touches(declaration)) return declaration;
  }
  return instruction;
}

/** `COPY --from=<image>` pulls an image too; stage names and stage indexes do not. */
function copySourceImage(dockerfile: Dockerfile, stage: DockerStage, instruction: DockerInstruction): { written: string; reference: string; usedArgs: string[] } | undefined {
  const written = instruction.flags["from"];
  if (instruction.keyword !== "COPY" || written === undefined || written === "") return undefined;
  const { value, used } = expandArgs(written, dockerfile.globalArgs);
  if (value === undefined || /^\d+$/.test(value)) return undefined;
  const isStage = dockerfile.stages.some((candidate) => candidate.index < stage.index && candidate.name === value.toLowerCase());
  return isStage || value === "" ? undefined : { written, reference: value, usedArgs: used };
}

export const dockerfileUnpinnedBase = defineDockerfileRule({
  meta: {
    id: "deploy/dockerfile-unpinned-base",
    category: "deploy",
    severity: "medium",
    title: "Base image without a pinned version",
    description:
      "Flags a `FROM` (in any stage, builder stages included) and a `COPY --from=<image>` whose image has no tag or uses `:latest`, after resolving `$ARG`/`${ARG}` references against the global ARG defaults. It deliberately does not flag `FROM <earlier stage>`, `scratch`, digest-pinned images (`@sha256:`), images built from an ARG without a default (the value comes from `--build-arg`, so it cannot tell), other moving tags such as `lts` or `20` (a major-version tag is a deliberate choice; pinning by digest is a stricter policy), or `.devcontainer` images.",
    why: "An unpinned image changes under you: the same commit builds a different image tomorrow, a new major version of the runtime or OS can break the build or the app without any change in the repository, and a rollback does not bring the old image back.",
    fix: "Pin an explicit version tag (e.g. `node:20.18-bookworm-slim`), or a digest (`node:20.18-bookworm-slim@sha256:...`) kept current by Renovate or Dependabot.",
    defaultIgnore: ["**/.devcontainer/**"],
  },
  check(dockerfile, context) {
    const reported = new Set<number>();
    const report = (instruction: DockerInstruction, usedArgs: readonly string[], message: string): void => {
      const anchor = anchorFor(dockerfile, instruction, usedArgs, context.file.addedLines);
      if (reported.has(anchor.line)) return;
      reported.add(anchor.line);
      context.report({ line: anchor.line, endLine: anchor.endLine, message });
    };
    for (const stage of dockerfile.stages) {
      const base = stageBase(dockerfile, stage);
      if (base.kind === "image" && isFloating(base.image)) {
        report(
          stage.from,
          base.usedArgs,
          `${stageLabel(dockerfile, stage)} is based on ${describe(stage.image, base.reference, base.image)}, so each build pulls whatever that tag points to at the time.`,
        );
      }
      for (const instruction of stage.instructions) {
        const source = copySourceImage(dockerfile, stage, instruction);
        if (!source) continue;
        const image = parseImageReference(source.reference);
        if (!isFloating(image)) continue;
        report(instruction, source.usedArgs, `\`COPY --from\` pulls ${describe(source.written, source.reference, image)}, so each build copies from whatever that tag points to at the time.`);
      }
    }
  },
});
