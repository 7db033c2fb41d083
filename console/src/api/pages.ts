/** Every workflow a filter matches, read page after page (100 at a time) through `workflows`. */
import type { Client, TypedDocumentNode } from 'urql';

export async function everyWorkflow<Node>(client: Client, query: TypedDocumentNode<any, any>, filter: Record<string, unknown>): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const result: any = await client.query(query, { filter, first: 100, after }, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) throw result.error;
    const page = result.data.workflows;
    nodes.push(...page.edges.map((e: { node: Node }) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}
