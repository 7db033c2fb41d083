/** What the history check reads: every workflow, and one workflow's history rows with their hashes. */

export const selectChain = {
  name: 'chain-select',
  text: `SELECT * FROM workflow_transition WHERE workflow_id = $1 ORDER BY seq`,
};

export const selectWorkflowIds = `SELECT id FROM workflow ORDER BY created_at, id`;
