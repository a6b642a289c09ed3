/**
 * Reads every `DIR/NAME.json` analysis template and validates all of them; one bad file is
 * reported with its path and the JSON path of each problem, so a server never starts half-configured.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidationIssue } from '../../judge/index.js';
import { parseAnalysisTemplate, type AnalysisTemplate } from './analysis-template.js';

/** Largest template file read. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** The templates, or why they cannot be used: the directory (`unreadable`), or the files with problems. */
export type LoadedTemplates =
  | { readonly ok: true; readonly templates: readonly AnalysisTemplate[] }
  | { readonly ok: false; readonly reason: 'unreadable'; readonly message: string }
  | { readonly ok: false; readonly reason: 'invalid'; readonly files: readonly { readonly file: string; readonly issues: readonly ValidationIssue[] }[] };

/**
 * Loads and validates every `*.json` in `directory` (not recursive; other files are ignored).
 *
 * @example
 * const loaded = await loadAnalysisTemplates('/etc/canary-judge/analyses');
 * loaded.ok ? loaded.templates.map((template) => template.name) : loaded // => ['checkout-latency', 'podinfo']
 */
export async function loadAnalysisTemplates(directory: string): Promise<LoadedTemplates> {
  let names: string[];
  try {
    if (!(await stat(directory)).isDirectory()) return { ok: false, reason: 'unreadable', message: `${directory} is not a directory` };
    names = (await readdir(directory)).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    return { ok: false, reason: 'unreadable', message: `cannot read the analyses directory ${directory}: ${why}` };
  }
  if (names.length === 0) {
    return { ok: false, reason: 'invalid', files: [{ file: directory, issues: [{ path: '(directory)', message: 'holds no NAME.json analysis template' }] }] };
  }
  const templates: AnalysisTemplate[] = [];
  const files: { file: string; issues: ValidationIssue[] }[] = [];
  for (const name of names) {
    const file = join(directory, name);
    const issues: ValidationIssue[] = [];
    let text: string | undefined;
    try {
      const info = await stat(file);
      if (!info.isFile()) issues.push({ path: '(file)', message: 'is not a regular file' });
      else if (info.size > MAX_TEMPLATE_BYTES) issues.push({ path: '(file)', message: `is larger than ${MAX_TEMPLATE_BYTES} bytes` });
      else text = await readFile(file, 'utf8');
    } catch (error) {
      issues.push({ path: '(file)', message: `cannot be read: ${(error as Error).message}` });
    }
    if (text !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(text) as unknown;
      } catch (error) {
        issues.push({ path: '(root)', message: `is not valid JSON: ${(error as Error).message}` });
      }
      if (issues.length === 0) {
        const parsed = parseAnalysisTemplate(name.slice(0, -'.json'.length), json);
        if (parsed.ok) templates.push(parsed.template);
        else issues.push(...parsed.issues);
      }
    }
    if (issues.length > 0) files.push({ file, issues });
  }
  if (files.length > 0) return { ok: false, reason: 'invalid', files };
  return { ok: true, templates };
}
