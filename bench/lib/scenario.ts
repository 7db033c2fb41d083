/** The contract between the runner (bench/run.ts) and each scenario module (bench/scenarios/). */
import type { Options } from './options';
import type { Database } from './postgres';
import type { Server } from './server';

/** A printed table: the same rows go to the console, the Markdown and the JSON. */
export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ScenarioResult {
  tables: Table[];
  /** one-line findings and warnings (e.g. a run that saw errors) */
  notes: string[];
  /** preformatted blocks for the Markdown, e.g. query plans */
  details: Array<{ title: string; text: string }>;
  /** everything measured, for latest.json */
  data: unknown;
}

export interface BenchContext {
  options: Options;
  db: Database;
  /** null for scenarios that do not need the server */
  server: Server | null;
  log(line: string): void;
  /** ids of issued supervision letters for the transition load, seeded once on first use */
  letters(): Promise<string[]>;
}

export interface Scenario {
  name: string;
  title: string;
  needsServer: boolean;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export const emptyResult = (): ScenarioResult => ({ tables: [], notes: [], details: [], data: {} });
