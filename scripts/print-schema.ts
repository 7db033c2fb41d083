/** Prints the GraphQL schema built from the code; `npm run schema` writes it to schema.graphql. */
import 'reflect-metadata';
import { printSchemaWithDirectives } from './schema-text';

process.stdout.write(printSchemaWithDirectives());
