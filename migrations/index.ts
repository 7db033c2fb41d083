/** Every migration, in order. Listed explicitly so source (ts) and build (js) load the same set. */
import { CreateWorkflowTables1764028800000 } from './1764028800000-CreateWorkflowTables';

export const migrations = [CreateWorkflowTables1764028800000];
