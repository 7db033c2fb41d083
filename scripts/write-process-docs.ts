/** npm run docs: regenerates the README's process section from the machine definitions. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withProcessSection } from './process-docs';

const file = path.join(__dirname, '../../README.md');
writeFileSync(file, withProcessSection(readFileSync(file, 'utf8')));
