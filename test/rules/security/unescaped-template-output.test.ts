import { describe, expect, it } from "vitest";
import { unescapedTemplateOutput } from "../../../rules/security/unescaped-template-output.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/unescaped-template-output";
const lines = (...code: string[]): string => code.join("\n");

describe("security/unescaped-template-output: fires", () => {
  it("on EJS <%- with a data value", () => {
    const view = lines("<h1><%= title %></h1>", '<div class="bio"><%- user.bio %></div>');
    const [finding, ...rest] = findingsOf(unescapedTemplateOutput, "views/profile.ejs", view);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "medium", line: 2 });
    expect(finding?.message).toContain("`user.bio`");
    expect(finding?.message).toContain("`<%= … %>`");
  });

  it("on Handlebars triple-stash and Mustache {{& }}", () => {
    const view = lines("<article>", "  <h2>{{title}}</h2>", "  {{{comment.body}}}", "</article>");
    expect(findingsOf(unescapedTemplateOutput, "templates/comment.hbs", view).map((finding) => finding.line)).toEqual([3]);
    const mustache = lines("<p>{{& message }}</p>");
    const findings = findingsOf(unescapedTemplateOutput, "templates/notice.mustache", mustache);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("`{{ … }}`");
  });

  it("on Pug !{} interpolation, buffered != code and an unescaped attribute", () => {
    const view = lines("div.profile", "  h1= user.name", "  p Welcome back, !{user.displayName}", "  .about!= user.about", "  a(href!=user.website) Website");
    const findings = findingsOf(unescapedTemplateOutput, "views/profile.pug", view);
    expect(findings.map((finding) => finding.line)).toEqual([3, 4, 5]);
    expect(findings[1]?.message).toContain("`!=`");
  });

  it("on each raw output of a line, in a .jade file too", () => {
    const view = lines("p !{a} and !{b}");
    expect(findingsOf(unescapedTemplateOutput, "views/legacy.jade", view)).toHaveLength(2);
  });

  it("only on added lines in review mode", () => {
    const view = lines("<%- legacy %>", "<%- added %>");
    const { findings } = analyze([unescapedTemplateOutput], [{ path: "views/a.ejs", content: view, patch: patchAdding(view, [2]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([2]);
  });
});

describe("security/unescaped-template-output: does not fire", () => {
  it("on escaped output and EJS layout helpers", () => {
    const view = lines("<%- include('partials/header', { title }) %>", "<main><%= message %></main>", "<%- body %>", "<%- include footer %>", "<%- defineContent('scripts') %>");
    expect(findingsOf(unescapedTemplateOutput, "views/layout.ejs", view)).toHaveLength(0);
  });

  it("on Handlebars layouts, partials, raw blocks and escaped output", () => {
    const view = lines("<body>{{{body}}}</body>", "{{> navigation}}", "{{{{raw}}}} {{notRendered}} {{{{/raw}}}}", "<p>{{user.name}}</p>");
    expect(findingsOf(unescapedTemplateOutput, "views/layouts/main.handlebars", view)).toHaveLength(0);
  });

  it("on sanitized values, literals, and Pug comments and comparisons", () => {
    const ejs = lines("<%- sanitizeHtml(post.body) %>", "<%- DOMPurify.sanitize(html) %>", '<%- "<br>" %>');
    expect(findingsOf(unescapedTemplateOutput, "views/post.ejs", ejs)).toHaveLength(0);
    const pug = lines("// p!= legacy", "if user.role != 'admin'", "  p= user.name", "p #{user.bio}");
    expect(findingsOf(unescapedTemplateOutput, "views/user.pug", pug)).toHaveLength(0);
  });

  it("on the same syntax in files that are not templates of these engines", () => {
    expect(findingsOf(unescapedTemplateOutput, "docs/ejs-guide.md", "Use <%- html %> for raw output.")).toHaveLength(0);
    expect(findingsOf(unescapedTemplateOutput, "src/view.html", "<div>{{{ body.content }}}</div>")).toHaveLength(0);
  });

  it("in test fixtures", () => {
    expect(findingsOf(unescapedTemplateOutput, "test/fixtures/profile.ejs", "<%- user.bio %>")).toHaveLength(0);
  });
});
