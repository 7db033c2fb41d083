/**
 * The pure XState step per registered machine, in µs, with no I/O: what the engine pays per
 * event before and after the database. Three figures per machine:
 * - restore + transition: `machine.resolveState({ value, context })` then `transition()`, as the
 *   engine does for every event (no actor is created);
 * - transition only: the same step on an already restored snapshot;
 * - computeEvent: the engine's whole pure decision (permission, payload schema, `can`, step,
 *   deadlines on the working-day calendar, the stored record).
 */
import { randomUUID } from 'node:crypto';
import { transition } from 'xstate';
import { definitions, type WorkflowDefinition } from '../../machines';
import { CalendarProvider } from '../../src/calendar/provider';
import type { WorkflowRecord } from '../../src/engine/ports';
import { computeEvent, computeStart, restore, type StepContext } from '../../src/engine/step';
import type { Scenario, ScenarioResult } from '../lib/scenario';
import { monitor } from '../lib/procstat';
import { fixed } from '../lib/stats';
import { recipes, type Recipe } from './machine-recipes';

let sink: unknown; // keeps the optimiser from dropping the measured calls

/**
 * Mean µs of `fn`, after a warm-up: three rounds of up to iterations/3 calls and maxMs/3 each,
 * and the fastest round counts, so a garbage collection or a JIT tier-up in one round does not.
 */
function timeIt(fn: () => unknown, iterations: number, maxMs: number): { meanUs: number; iterations: number } {
  for (let i = 0; i < Math.min(2000, iterations); i++) sink = fn();
  let best = Infinity;
  let total = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const deadline = start + maxMs / 3;
    let n = 0;
    // check the clock every 256 calls: reading it costs about as much as a small step
    while (n < iterations / 3 && ((n & 255) !== 0 || performance.now() < deadline)) {
      sink = fn();
      n++;
    }
    best = Math.min(best, ((performance.now() - start) * 1000) / n);
    total += n;
  }
  return { meanUs: best, iterations: total };
}

/** The stored record after the recipe's start and events, built by the engine's own pure code. */
function prepare(definition: WorkflowDefinition, recipe: Recipe, ctx: StepContext): WorkflowRecord {
  let record = computeStart(definition, randomUUID(), recipe.input, recipe.starter, null, ctx).record;
  for (const e of recipe.before) record = computeEvent(definition, record, e, null, ctx).record;
  return record;
}

export const machineStep: Scenario = {
  name: 'machine-step',
  title: 'Machine step (pure, in process)',
  needsServer: false,
  async run({ options, db, log }): Promise<ScenarioResult> {
    const result: ScenarioResult = { tables: [], notes: [], details: [], data: {} };
    const ctx: StepContext = { now: new Date(), calendar: new CalendarProvider() };
    const maxMs = options.quick ? 600 : 4000;
    const rows: Array<Array<string | number>> = [];
    const data: Record<string, unknown> = {};
    for (const definition of definitions) {
      const recipe = recipes[definition.id];
      if (!recipe) {
        result.notes.push(`${definition.id}: no recipe in bench/scenarios/machine-recipes.ts, skipped`);
        continue;
      }
      let record: WorkflowRecord;
      try {
        record = prepare(definition, recipe, ctx);
      } catch (error) {
        result.notes.push(`${definition.id}: the recipe no longer applies (${(error as Error).message}), skipped`);
        continue;
      }
      const event = { ...recipe.step, at: ctx.now.toISOString() };
      const { value, context } = record.snapshot;
      const machine = definition.machine;
      const restored = restore(definition, record);
      if (!restored.can(event)) {
        result.notes.push(`${definition.id}: ${event.type} is not accepted in ${record.state}, skipped`);
        continue;
      }
      log(`machine step: ${definition.id} (${record.state} + ${event.type})`);
      const usage = monitor(null, db.postmasterPid);
      const full = timeIt(() => transition(machine, machine.resolveState({ value: value as any, context }), event), options.stepIterations, maxMs);
      const stepOnly = timeIt(() => transition(machine, restored, event), options.stepIterations, maxMs);
      const engine = timeIt(() => computeEvent(definition, record, recipe.step, null, ctx), options.stepIterations, maxMs);
      const { otherCpuPct } = await usage.stop();
      rows.push([definition.id, `${record.state} + ${event.type}`, fixed(full.meanUs), fixed(stepOnly.meanUs), fixed(engine.meanUs), full.iterations, fixed(otherCpuPct, 0)]);
      data[definition.id] = {
        state: record.state,
        event: event.type,
        restoreAndTransitionUs: full.meanUs,
        transitionUs: stepOnly.meanUs,
        computeEventUs: engine.meanUs,
        iterations: full.iterations,
        otherCpuPct,
      };
    }
    void sink;
    result.tables.push({
      title: 'Pure step per machine, mean µs per event (single thread, no I/O)',
      columns: ['machine', 'state + event', 'restore+transition µs', 'transition µs', 'computeEvent µs', 'iterations', 'other CPU %'],
      // best of three rounds each
      rows,
    });
    result.data = data;
    return result;
  },
};
