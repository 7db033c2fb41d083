/**
 * The documents must not go stale: the process reference (docs/processes.md) and its diagrams come
 * from the definitions, the README's configuration table names every variable, and every relative
 * link in README.md and docs/*.md reaches a file and, with an anchor, a heading in it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { definitions } from '../../machines';
import { mermaidDiagram } from '../../src/engine/diagram';
import { withProcessSection } from '../../scripts/process-docs';
import { CONFIG_VARIABLES } from '../../src/config';

const root = path.join(__dirname, '../..');

test('the process reference in docs/processes.md is what npm run docs generates', () => {
  const processes = readFileSync(path.join(root, 'docs/processes.md'), 'utf8');
  expect(withProcessSection(processes)).toBe(processes);
});

test('each diagram draws every state of its machine and an edge for every event type', () => {
  for (const definition of definitions) {
    const diagram = mermaidDiagram(definition);
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const [state, s] of Object.entries(definition.states)) expect(diagram).toContain(`${state}: ${state} ${s.label}`);
    for (const type of Object.keys(definition.events)) expect(diagram).toMatch(new RegExp(`--> \\w+: ${type} `));
  }
});

test('the README configuration table names every variable the service reads', () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const tableRows = readme.split('\n').filter((line) => line.startsWith('| `'));
  const named = new Set(tableRows.flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z_]+)`/g)].map((m) => m[1])));
  const missing = CONFIG_VARIABLES.filter((name) => !named.has(name));
  expect(missing).toEqual([]);
});

/** Markdown lines outside fenced code blocks, with inline code spans' backticks kept but links inside them dropped. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').filter((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && !line.startsWith('```');
  });
}

/** GitHub's heading anchor: lowercase, punctuation removed except hyphens (and underscores), each space a hyphen. */
function slug(heading: string): string {
  const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  for (const line of proseLines(readFileSync(file, 'utf8'))) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    if (n > 0) seen.set(`${base}-${n}`, 1);
  }
  return new Set(seen.keys());
}

function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const line of proseLines(readFileSync(file, 'utf8'))) {
    const prose = line.replace(/`[^`]*`(?!\])/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [where, anchor] = target.split('#');
      const linked = where ? path.resolve(path.dirname(file), decodeURIComponent(where)) : file;
      const ok = existsSync(linked) && (anchor === undefined || anchorsOf(linked).has(decodeURIComponent(anchor)));
      if (!ok) broken.push(`${path.relative(root, file)}: ${target}`);
    }
  }
  return broken;
}

test('the heading anchors follow GitHub: lowercase, punctuation dropped, Chinese kept', () => {
  expect(slug('Who sees what (clause 29)')).toBe('who-sees-what-clause-29');
  expect(slug('Unit statistics (通报)')).toBe('unit-statistics-通报');
  expect(slug('督办函 — `supervisionLetter` (v1)')).toBe('督办函--supervisionletter-v1');
  expect(slug('For integrators: the transition stream and webhooks')).toBe('for-integrators-the-transition-stream-and-webhooks');
});

test('every relative link in README.md and docs/*.md reaches an existing file and heading', () => {
  const docs = readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md'));
  const files = [path.join(root, 'README.md'), ...docs.map((name) => path.join(root, 'docs', name))];
  expect(files.flatMap(brokenLinks)).toEqual([]);
});
