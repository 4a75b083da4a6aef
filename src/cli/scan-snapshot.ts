// The snapshot for `prodgap scan`: every listed file as if it were new, so every line is in scope.
import { basename, join } from "node:path";
import type { RepoConfig } from "../config/repo-config.js";
import { buildChangedFile } from "../review/changed-file.js";
import type { ChangedFile, PullRequestSnapshot } from "../review/types.js";
import { listScanFiles } from "./list-files.js";
import { screenLocalFile } from "./local-file.js";
import { skipNotes } from "./skip-notes.js";

export interface ScanSnapshotOptions {
  cwd: string;
  root: string;
  git: boolean;
  paths: readonly string[];
  config: RepoConfig;
}

export async function buildScanSnapshot(options: ScanSnapshotOptions): Promise<PullRequestSnapshot> {
  const paths = await listScanFiles(options.paths, options);
  const files: ChangedFile[] = [];
  for (const path of paths) {
    const screened = await screenLocalFile(join(options.root, ...path.split("/")), path, options.config);
    files.push(buildChangedFile({ path, status: "added", ...screened }));
  }
  return {
    repo: { owner: "local", name: basename(options.root) },
    number: 0,
    title: "",
    body: "",
    baseSha: "",
    headSha: "",
    files,
    mode: "scan",
    notes: skipNotes(files),
  };
}
