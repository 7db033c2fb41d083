/**
 * SQL has one seam: statements live in `*.sql.ts` files (and migrations/), and one file builds
 * the pg pool every store reaches through the Sql port (src/kernel/sql.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** Uppercase, as every statement here is written; English prose ("select a unit") does not match. */
const SQL = /\b(SELECT\s|INSERT INTO|UPDATE [\w.]+ SET|DELETE FROM|WITH \w+ AS)/;

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The text of every string and template literal, a template's substitutions read as `x`. */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node)) found.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('x'));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = tsFiles('src');

describe('the SQL seam', () => {
  it('keeps SQL text in *.sql.ts files only', () => {
    const strays = files
      .filter((file) => !file.endsWith('.sql.ts'))
      .flatMap((file) => literals(file).filter((text) => SQL.test(text)).map((text) => `${file}: ${text.trim().slice(0, 60)}`));
    expect(strays).toEqual([]);
  });

  it('constructs a pg Pool in exactly one file', () => {
    const constructing = files.filter((file) => /\bnew\s+(pg\.)?Pool\s*\(/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(constructing).toEqual(['src/db/sql.ts']);
  });

  it('lets no other file name the pg Pool', () => {
    const naming = files.filter(
      (file) => file !== 'src/db/sql.ts' && /import[^;]*\b(Pool|PoolClient)\b[^;]*from 'pg'/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(naming).toEqual([]);
  });
});
