import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ChainProblem } from '../../engine/engine';

export enum HistoryProblemEnum {
  ROW_MISSING = 'ROW_MISSING',
  ROW_ALTERED = 'ROW_ALTERED',
  ROW_UNLINKED = 'ROW_UNLINKED',
  HISTORY_SHORTER = 'HISTORY_SHORTER',
  HISTORY_LONGER = 'HISTORY_LONGER',
  LAST_HASH_MISMATCH = 'LAST_HASH_MISMATCH',
  SNAPSHOT_MISMATCH = 'SNAPSHOT_MISMATCH',
}
// every problem the check reports has a GraphQL value
const problems: Record<ChainProblem, HistoryProblemEnum> = HistoryProblemEnum;
void problems;

registerEnumType(HistoryProblemEnum, {
  name: 'HistoryProblem',
  description: 'What verifyHistory found wrong.',
  valuesConfig: {
    ROW_MISSING: { description: 'a history row is missing (deleted): firstBroken names it' },
    ROW_ALTERED: { description: 'a history row does not match its hash (edited, inserted or moved): firstBroken names it' },
    ROW_UNLINKED: { description: 'a history row is intact but does not follow its predecessor (spliced in)' },
    HISTORY_SHORTER: { description: "the history ends before the workflow's version (its last rows deleted)" },
    HISTORY_LONGER: { description: "the history goes on past the workflow's version (rows appended)" },
    LAST_HASH_MISMATCH: { description: "the workflow's last hash is not its last history row's" },
    SNAPSHOT_MISMATCH: { description: 'the stored workflow (state, context, status …) is not what its last transition wrote' },
  },
});

@ObjectType()
export class BrokenLink {
  @Field(() => Int) seq: number;
  @Field({ description: 'the hash the row should have, from its content and predecessor; for a missing row, the hash its successor names' })
  expected: string;
  @Field({ nullable: true }) found?: string;
}

@ObjectType({ description: 'The result of recomputing a workflow history hash chain and checking the workflow against its end.' })
export class HistoryCheck {
  @Field() ok: boolean;
  @Field(() => Int, { description: 'rows verified before the first problem (all, when the rows themselves hold)' }) checked: number;
  @Field(() => BrokenLink, { nullable: true, description: 'the first missing or broken row, when the problem is at a row' })
  firstBroken?: BrokenLink;
  @Field(() => HistoryProblemEnum, { nullable: true }) problem?: HistoryProblemEnum;
  @Field(() => String, { nullable: true, description: 'what is wrong, in a sentence' }) detail?: string;
  @Field({
    description:
      'whether the stored workflow was compared with the snapshot digest its last history row records (false only when that row predates digests)',
  })
  snapshotChecked: boolean;
}
