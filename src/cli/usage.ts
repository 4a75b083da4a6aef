// Help and version text.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const USAGE = `Usage: prodgap <command> [options]

Reviews code for production gaps: security, testing, observability, reliability,
performance, data, deploy and AI-feature risks.

Commands:
  scan [paths...]     Review files as if every line were new (default: .)
  review              Review the changes of a local git branch against its base

Options:
  --format <format>   Output: text, json or markdown (default: text)
  --config <path>     Config file (default: <repo root>/.github/prodgap.yml when present)
  --fail-on <level>   Lowest severity that fails the gate: critical, high, medium,
                      low or none (overrides gate.failOn)
  --base <ref>        review: the base to compare with, from the merge base (default:
                      first of origin/HEAD, origin/main, main, origin/master, master)
  --head <ref>        review: the head to review (default: HEAD); WORKTREE reviews
                      the working tree, uncommitted changes included
  -h, --help          Show this help
  -v, --version       Show the version

Exit codes: 0 the gate passes, 1 the gate fails, 2 usage, config or git error.
`;

/** A parsed package.json, or undefined where there is none. */
function readManifest(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return JSON.parse(text);
}

/** The version in prodgap's package.json, found by walking up: the depth differs between src/ and dist/src/. */
export function readVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = readManifest(join(directory, "package.json"));
    if (typeof manifest === "object" && manifest !== null && "name" in manifest && manifest.name === "prodgap" && "version" in manifest) {
      return String(manifest.version);
    }
    const parent = dirname(directory);
    if (parent === directory) return "unknown";
    directory = parent;
  }
}
