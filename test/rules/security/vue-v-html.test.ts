import { describe, expect, it } from "vitest";
import { vueVHtml } from "../../../rules/security/vue-v-html.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const RULE = "security/vue-v-html";
const lines = (...code: string[]): string => code.join("\n");

describe("security/vue-v-html: fires", () => {
  it("on v-html bound to a prop", () => {
    const sfc = lines("<template>", '  <div class="comment" v-html="comment.body"></div>', "</template>");
    const [finding, ...rest] = findingsOf(vueVHtml, "src/components/Comment.vue", sfc);
    expect(rest).toHaveLength(0);
    expect(finding).toMatchObject({ ruleId: RULE, severity: "medium", line: 2 });
    expect(finding?.message).toContain("`comment.body`");
    expect(finding?.fix).toContain("DOMPurify.sanitize");
  });

  it("on single-quoted v-html with a method call", () => {
    const sfc = lines("<template>", "  <p v-html='renderMarkdown(post.text)' />", "</template>");
    expect(findingsOf(vueVHtml, "src/views/Post.vue", sfc).map((finding) => finding.line)).toEqual([2]);
  });

  it("on an :innerHTML binding", () => {
    const sfc = lines("<template>", '  <span :innerHTML="tooltip"></span>', "</template>");
    expect(findingsOf(vueVHtml, "src/components/Tip.vue", sfc)).toHaveLength(1);
  });

  it("on a template literal with an interpolation", () => {
    const sfc = lines("<template>", '  <li v-html="`<b>${user.name}</b>`"></li>', "</template>");
    expect(findingsOf(vueVHtml, "src/components/User.vue", sfc)).toHaveLength(1);
  });

  it("only on added lines in review mode", () => {
    const sfc = lines("<template>", '  <div v-html="a"></div>', '  <div v-html="b"></div>', "</template>");
    const { findings } = analyze([vueVHtml], [{ path: "src/A.vue", content: sfc, patch: patchAdding(sfc, [3]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([3]);
  });
});

describe("security/vue-v-html: does not fire", () => {
  it("on interpolation and v-text, which Vue escapes", () => {
    const sfc = lines("<template>", "  <p>{{ comment.body }}</p>", '  <p v-text="comment.body"></p>', "</template>");
    expect(findingsOf(vueVHtml, "src/components/Comment.vue", sfc)).toHaveLength(0);
  });

  it("on sanitized values and literals", () => {
    const sfc = lines("<template>", '  <div v-html="DOMPurify.sanitize(post.html)"></div>', '  <div v-html="$sanitize(bio)"></div>', "  <hr v-html=\"'&nbsp;'\" />", "</template>");
    expect(findingsOf(vueVHtml, "src/components/Post.vue", sfc)).toHaveLength(0);
  });

  it("on vue-i18n messages looked up by a literal key", () => {
    const sfc = lines("<template>", "  <p v-html=\"$t('signup.terms')\"></p>", "</template>");
    expect(findingsOf(vueVHtml, "src/views/Signup.vue", sfc)).toHaveLength(0);
  });

  it("on template comments and on files that are not Vue components", () => {
    const sfc = lines("<template>", '  <!-- <div v-html="legacy"></div> -->', "</template>");
    expect(findingsOf(vueVHtml, "src/views/Old.vue", sfc)).toHaveLength(0);
    expect(findingsOf(vueVHtml, "docs/vue.md", 'Avoid `<div v-html="html">`.')).toHaveLength(0);
  });

  it("in test files", () => {
    expect(findingsOf(vueVHtml, "tests/unit/fixtures/Comment.vue", '<div v-html="x"></div>')).toHaveLength(0);
  });
});
