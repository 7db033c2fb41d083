/** Every migration, in order. Listed explicitly so source (ts) and build (js) load the same set. */
import { CreateWorkflowTables1764028800000 } from './1764028800000-CreateWorkflowTables';
import { CreateCalendarTables1764115200000 } from './1764115200000-CreateCalendarTables';
import { CreateTimersAndTasks1764201600000 } from './1764201600000-CreateTimersAndTasks';
import { CreateStreamAndWebhooks1764288000000 } from './1764288000000-CreateStreamAndWebhooks';
import { CreateWorkflowReaders1764374400000 } from './1764374400000-CreateWorkflowReaders';
import { AddTransitionSnapshotDigest1764460800003 } from './1764460800003-AddTransitionSnapshotDigest';
import { AddDraftScopeAndAnswer1764460800004 } from './1764460800004-AddDraftScopeAndAnswer';
import { CreateDirectory1764547200000 } from './1764547200000-CreateDirectory';
import { AddFacetsAndFigures1764633600000 } from './1764633600000-AddFacetsAndFigures';
import { StandardWebhooks1764892800000 } from './1764892800000-StandardWebhooks';
import { OutboxTraceparent1764979200000 } from './1764979200000-OutboxTraceparent';
import { SharedAuthFailures1765238400000 } from './1765238400000-SharedAuthFailures';
import { CountOpenItems1765324800000 } from './1765324800000-CountOpenItems';
import { CreateWorkflowTasks1765324800001 } from './1765324800001-CreateWorkflowTasks';
import { OutboxWallFields1765324800002 } from './1765324800002-OutboxWallFields';
import { CountStatisticsByDay1765324800003 } from './1765324800003-CountStatisticsByDay';
import { IndexOpenDrafts1765411200000 } from './1765411200000-IndexOpenDrafts';
import { DraftReaderRows1765497600000 } from './1765497600000-DraftReaderRows';

export const migrations = [
  CreateWorkflowTables1764028800000,
  CreateCalendarTables1764115200000,
  CreateTimersAndTasks1764201600000,
  CreateStreamAndWebhooks1764288000000,
  CreateWorkflowReaders1764374400000,
  AddTransitionSnapshotDigest1764460800003,
  AddDraftScopeAndAnswer1764460800004,
  CreateDirectory1764547200000,
  AddFacetsAndFigures1764633600000,
  StandardWebhooks1764892800000,
  OutboxTraceparent1764979200000,
  SharedAuthFailures1765238400000,
  CountOpenItems1765324800000,
  CreateWorkflowTasks1765324800001,
  OutboxWallFields1765324800002,
  CountStatisticsByDay1765324800003,
  IndexOpenDrafts1765411200000,
  DraftReaderRows1765497600000,
];
