/**
 * Every relative link in the project's Markdown pages resolves: the file it names exists, and its
 * `#anchor` names a heading of that file (GitHub's heading slugs). Citations written as a page and
 * a section in prose (`` `statistics.md` §7 ``) must name a page that exists and a section it has.
 * External links (http:, https:, mailto:) are not fetched.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../cli/helpers.js';

/** The pages a reader meets: README, CONTRIBUTING, the examples' README and everything in docs/. */
function pages(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', 'examples/README.md', ...docs].filter((page) => existsSync(join(root, page)));
}

/** Markdown text without fenced code blocks and inline code spans, where links are not links. */
function proseOf(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a page offers: its headings' slugs (with GitHub's -1, -2 … for repeats) and explicit ids. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = readFileSync(file, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = headingSlug(match[1] as string);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  for (const match of text.matchAll(/\bid="([^"]+)"/g)) anchors.add(match[1] as string);
  return anchors;
}

interface Link {
  readonly page: string;
  readonly target: string;
}

function linksIn(page: string): Link[] {
  const prose = proseOf(readFileSync(join(root, page), 'utf8'));
  const links: Link[] = [];
  for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ page, target: match[1] as string });
  for (const match of prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) links.push({ page, target: match[1] as string });
  return links;
}

/** Why a link does not resolve, or undefined when it does. */
function brokenReason(link: Link): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return undefined;
  const [path = '', anchor] = link.target.split('#', 2);
  const file = path === '' ? join(root, link.page) : join(root, dirname(link.page), decodeURIComponent(path));
  if (!existsSync(file)) return `${relative(root, file)} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return `#${anchor} points into a file that has no headings`;
  return anchorsOf(file).has(decodeURIComponent(anchor)) ? undefined : `${relative(root, file)} has no heading #${anchor}`;
}

/** A page cited in prose as `name.md` § N: the page must exist beside the citing one (or at the root). */
function citationProblems(page: string): string[] {
  const text = readFileSync(join(root, page), 'utf8');
  const problems: string[] = [];
  for (const match of text.matchAll(/`?([\w./-]+\.md)`?\s*§\s*(\d+[a-z]?)/g)) {
    const cited = match[1] as string;
    const section = match[2] as string;
    const candidates = [join(root, dirname(page), cited), join(root, cited), join(root, 'docs', cited)];
    const file = candidates.find((candidate) => existsSync(candidate));
    if (file === undefined) {
      problems.push(`${page} cites ${cited} §${section}, and there is no ${cited}`);
      continue;
    }
    const sectionHeading = new RegExp(`^#{1,6}\\s+(§\\s*)?${section}[.)\\s]`, 'm');
    if (!sectionHeading.test(readFileSync(file, 'utf8'))) problems.push(`${page} cites ${cited} §${section}, and it has no section ${section}`);
  }
  return problems;
}

describe('documentation links resolve', () => {
  it('finds the pages and their links', () => {
    expect(pages()).toContain('docs/statistics.md');
    expect(pages().flatMap(linksIn).length).toBeGreaterThan(20);
  });

  for (const page of pages()) {
    it(`${page}: every relative link and #anchor resolves`, () => {
      const broken = linksIn(page)
        .map((link) => ({ link, reason: brokenReason(link) }))
        .filter((entry) => entry.reason !== undefined)
        .map((entry) => `[..](${entry.link.target}): ${entry.reason}`);
      expect(broken).toEqual([]);
    });

    it(`${page}: every "page.md §N" citation names a page and section that exist`, () => {
      expect(citationProblems(page)).toEqual([]);
    });
  }

  it('the checker itself flags a missing file, a missing anchor and a missing cited page', () => {
    expect(brokenReason({ page: 'README.md', target: 'docs/no-such-page.md' })).toMatch(/does not exist/);
    expect(brokenReason({ page: 'README.md', target: 'docs/cli.md#no-such-heading' })).toMatch(/no heading/);
    expect(brokenReason({ page: 'README.md', target: 'docs/cli.md#exit-codes' })).toBeUndefined();
    expect(brokenReason({ page: 'docs/cli.md', target: '#judge' })).toBeUndefined();
    expect(headingSlug('2. Migrating a Kayenta config to canary-judge')).toBe('2-migrating-a-kayenta-config-to-canary-judge');
    expect(headingSlug("3. Running as Kayenta's remote judge")).toBe('3-running-as-kayentas-remote-judge');
  });
});
