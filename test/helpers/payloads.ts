// Webhook payloads with the fields prodgap reads, written for these tests.
export const OWNER = "acme";
export const REPO = "shop";
export const INSTALLATION_ID = 4242;

const repository = {
  id: 1,
  name: REPO,
  full_name: `${OWNER}/${REPO}`,
  owner: { login: OWNER, id: 7, type: "Organization" },
  private: true,
  default_branch: "main",
};

export function pullRequestEvent(options: { action?: string; number?: number; headSha: string; baseSha?: string; draft?: boolean; changedFiles?: number }) {
  return {
    action: options.action ?? "opened",
    number: options.number ?? 7,
    pull_request: {
      id: 1000 + (options.number ?? 7),
      number: options.number ?? 7,
      state: "open",
      title: "Add order lookup",
      body: "Adds the order lookup endpoint.",
      draft: options.draft ?? false,
      changed_files: options.changedFiles ?? 3,
      head: { sha: options.headSha, ref: "feature", repo: repository },
      base: { sha: options.baseSha ?? "b".repeat(40), ref: "main", repo: repository },
      user: { login: "dev", type: "User" },
    },
    repository,
    installation: { id: INSTALLATION_ID },
    sender: { login: "dev", type: "User" },
  };
}

export function checkRunRerequestedEvent(options: { headSha: string; externalId: string; pullRequests?: Array<{ number: number }> }) {
  return {
    action: "rerequested",
    check_run: {
      id: 99,
      name: "prodgap",
      head_sha: options.headSha,
      external_id: options.externalId,
      status: "completed",
      conclusion: "failure",
      pull_requests: options.pullRequests ?? [],
      check_suite: { id: 5 },
      app: { id: 123 },
    },
    repository,
    installation: { id: INSTALLATION_ID },
    sender: { login: "dev", type: "User" },
  };
}
