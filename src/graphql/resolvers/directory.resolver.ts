import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { parseDirectoryFile, type Page } from '../../directory/directory-service';
import { badInput } from '../../kernel/errors';
import { requireActor, type GraphQLContext } from '../context';
import {
  AssignmentInput,
  DirectoryChangePage,
  DirectoryFileFormatEnum,
  DirectoryLoadResult,
  DirectoryPerson,
  DirectoryPersonPage,
  DirectoryUnit,
  DirectoryUnitPage,
  MembershipEnum,
  PersonInput,
  Responsibility,
  UnitInput,
  UnitKindEnum,
  UnitName,
} from '../types/directory.type';

const MAX_PAGE = 200;
/** A whole set-up file in one request; the HTTP body limit bounds it too. */
const MAX_FILE_CHARS = 4_000_000;

const encode = (key: string) => Buffer.from(JSON.stringify(['d', key])).toString('base64url');
function decode(cursor: string | null | undefined): string | null {
  if (cursor == null) return null;
  try {
    const [tag, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (tag === 'd' && typeof key === 'string') return key;
  } catch {
    // the coded error below
  }
  throw badInput('invalid cursor', [{ path: 'after', message: 'not a cursor this API returned' }]);
}
function pageSize(first: number): number {
  if (first < 1 || first > MAX_PAGE) throw badInput('invalid page size', [{ path: 'first', message: `must be 1 to ${MAX_PAGE}` }]);
  return first;
}
/** A keyset page as a Relay connection (forward only: hasPreviousPage is false, see PageInfo). */
function pageOf<T>(page: Page<T>, key: (node: T) => string) {
  const edges = page.nodes.map((node) => ({ cursor: encode(key(node)), node }));
  return {
    edges,
    nodes: page.nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** 组织机构与分管: everyone signed in reads it (pickers); ADMIN and OFFICE maintain it. */
@Resolver()
export class DirectoryResolver {
  @Query(() => DirectoryUnitPage, { description: 'Units by code (keyset pages), for pickers: by kind, active only, or matching a text.' })
  async units(
    @Ctx() ctx: GraphQLContext,
    @Arg('kind', () => UnitKindEnum, { nullable: true }) kind?: UnitKindEnum | null,
    @Arg('active', () => Boolean, { nullable: true }) active?: boolean | null,
    @Arg('search', () => String, { nullable: true, description: 'part of the code or of any name it had' }) search?: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    requireActor(ctx);
    const page = await ctx.services.directory.units({ kind, active, search }, pageSize(first), decode(after));
    return pageOf(page, (u) => u.code);
  }

  @Query(() => DirectoryUnit, { nullable: true, description: 'One unit by code; null when there is none.' })
  async unit(@Arg('code') code: string, @Ctx() ctx: GraphQLContext) {
    requireActor(ctx);
    return (await ctx.services.directory.unitsByCode([code]))[0] ?? null;
  }

  @Query(() => [UnitName], { description: 'Every name a unit had (更名), oldest first.' })
  unitNames(@Arg('code') code: string, @Ctx() ctx: GraphQLContext) {
    requireActor(ctx);
    return ctx.services.directory.unitNames(code);
  }

  @Query(() => DirectoryPersonPage, { description: 'People by id (keyset pages): of a unit, or the members of the government or the leadership.' })
  async people(
    @Ctx() ctx: GraphQLContext,
    @Arg('unit', () => String, { nullable: true }) unit?: string | null,
    @Arg('membership', () => MembershipEnum, { nullable: true }) membership?: MembershipEnum | null,
    @Arg('active', () => Boolean, { nullable: true }) active?: boolean | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    requireActor(ctx);
    const page = await ctx.services.directory.people({ unit, membership, active }, pageSize(first), decode(after));
    return pageOf(page, (p) => p.id);
  }

  @Query(() => DirectoryPerson, { nullable: true, description: 'The leader in charge (分管领导) of a unit at an instant (default now); null when none.' })
  async leaderInCharge(
    @Arg('unit') unit: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
  ) {
    requireActor(ctx);
    return ctx.services.directory.leaderOf(unit, at);
  }

  @Query(() => [Responsibility], { description: '分工: the division of work in force at an instant (default now), or its history for one unit.' })
  divisionOfWork(
    @Ctx() ctx: GraphQLContext,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
    @Arg('unit', () => String, { nullable: true, description: 'every leader this unit had, latest first' }) unit?: string | null,
  ) {
    requireActor(ctx);
    return unit != null ? ctx.services.directory.responsibilityHistory(unit) : ctx.services.directory.divisionAt(at);
  }

  @Query(() => DirectoryChangePage, { description: 'ADMIN or OFFICE: who changed the directory, latest first.' })
  async directoryChanges(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const actor = requireActor(ctx);
    ctx.services.directory.assertMaintainer(actor);
    const page = await ctx.services.directory.changes(pageSize(first), decode(after));
    return pageOf(page, (c) => c.id);
  }

  @Mutation(() => DirectoryUnit, { description: 'ADMIN or OFFICE: add a unit, or rename (更名) it from `effectiveFrom` (YYYY-MM-DD, default now).' })
  saveUnit(@Arg('input') input: UnitInput, @Ctx() ctx: GraphQLContext, @Arg('effectiveFrom', () => String, { nullable: true }) effectiveFrom?: string | null) {
    return ctx.services.directory.saveUnit(requireActor(ctx), { ...input }, effectiveFrom);
  }

  @Mutation(() => DirectoryUnit, { description: 'ADMIN or OFFICE: dissolve (撤销) a unit, or merge it into another (合并).' })
  dissolveUnit(
    @Arg('code') code: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('mergedInto', () => String, { nullable: true }) mergedInto?: string | null,
    @Arg('effectiveFrom', () => String, { nullable: true }) effectiveFrom?: string | null,
  ) {
    return ctx.services.directory.dissolveUnit(requireActor(ctx), code, mergedInto ?? null, effectiveFrom);
  }

  @Mutation(() => DirectoryPerson, { description: 'ADMIN or OFFICE: add or update a person.' })
  savePerson(@Arg('input') input: PersonInput, @Ctx() ctx: GraphQLContext) {
    const { position, governmentMember, leadershipMember, ...rest } = input;
    return ctx.services.directory.savePerson(requireActor(ctx), {
      ...rest,
      ...(position != null && { position }),
      ...(governmentMember != null && { governmentMember }),
      ...(leadershipMember != null && { leadershipMember }),
    });
  }

  @Mutation(() => DirectoryPerson, { description: 'ADMIN or OFFICE: a person left; their tokens are refused from now on.' })
  removePerson(@Arg('id') id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.directory.removePerson(requireActor(ctx), id);
  }

  @Mutation(() => [Responsibility], {
    description: 'ADMIN or OFFICE: 分工调整. From `effectiveFrom` (YYYY-MM-DD, default now) each named unit is in its new leader\'s charge; items started before keep theirs.',
  })
  changeDivisionOfWork(
    @Arg('assignments', () => [AssignmentInput]) assignments: AssignmentInput[],
    @Ctx() ctx: GraphQLContext,
    @Arg('effectiveFrom', () => String, { nullable: true }) effectiveFrom?: string | null,
  ) {
    return ctx.services.directory.changeDivisionOfWork(requireActor(ctx), assignments.map((a) => ({ ...a })), effectiveFrom);
  }

  @Mutation(() => DirectoryLoadResult, {
    description: 'ADMIN or OFFICE: load units, people and the division of work from one file, all or nothing (JSON, or CSV as in docs/directory.md).',
  })
  loadDirectory(
    @Arg('format', () => DirectoryFileFormatEnum) format: DirectoryFileFormatEnum,
    @Arg('content') content: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('effectiveFrom', () => String, { nullable: true }) effectiveFrom?: string | null,
  ) {
    const actor = requireActor(ctx);
    ctx.services.directory.assertMaintainer(actor);
    if (content.length > MAX_FILE_CHARS) throw badInput('file too large', [{ path: 'content', message: `at most ${MAX_FILE_CHARS} characters` }]);
    return ctx.services.directory.load(actor, parseDirectoryFile(format, content), effectiveFrom);
  }
}
