/** npm run docs: regenerates the process reference (docs/processes.md) from the machine definitions. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withProcessSection } from './process-docs';

const file = path.join(__dirname, '../../docs/processes.md');
writeFileSync(file, withProcessSection(readFileSync(file, 'utf8')));
