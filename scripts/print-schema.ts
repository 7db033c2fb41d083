/** Prints the GraphQL schema built from the code; `npm run schema` writes it to schema.graphql. */
import 'reflect-metadata';
import { printApiSchema } from './schema-text';

process.stdout.write(printApiSchema());
