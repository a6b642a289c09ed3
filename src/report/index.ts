/** The report renderers: pure functions from a Judgement to a string. */
export { renderText } from './text.js';
export type { TextReportOptions } from './text.js';
export { renderMarkdown, escapeMarkdown } from './markdown.js';
export type { MarkdownReportOptions } from './markdown.js';
export { renderJson } from './json.js';
export type { JsonReportOptions } from './json.js';
export { renderHtml } from './html.js';
export type { HtmlReportOptions } from './html.js';
export { escapeHtml } from './svg.js';
export { renderKayentaText } from './kayenta-text.js';
export type { KayentaTextReportOptions } from './kayenta-text.js';
export { reportNotices, describeNoticeCounts, noticeLine } from './notices.js';
export type { Notice, NoticeKind } from './notices.js';
