/** Prints the AsyncAPI contract built from the code; `npm run asyncapi` writes it to docs/asyncapi.json. */
import 'reflect-metadata';
import { printAsyncApi } from './asyncapi-document';

process.stdout.write(printAsyncApi());
