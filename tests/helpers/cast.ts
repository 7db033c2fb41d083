/**
 * The people of the tests: one city government (市政府) with its office, departments and towns.
 *
 * The suites write the same posts in three ways, and what a history row or a `by` records is
 * the actor as written, so each way is its own group here, ids, units and names exactly as the
 * suites had them:
 * - `people` (and `officials`): named officials, as the letter suites and the models use them;
 * - `clerks`: the same posts under actor()'s default name `<unit>经办人`, as the timer, drafts
 *   and list suites sign them in;
 * - `machinePeople`: whose name is their id, as the pure machine tests record them.
 * The same id in two groups (office-wang, vm-li, …) is the same post with another name.
 * Actors made odd on purpose (forged roles, one per role in a loop) stay in their test.
 */
import type { Actor, Role } from '../../machines/definition';

/** A person of `unit`; unnamed, they sign as the unit's 经办人. */
export function actor(roles: Role | Role[], unit: string, id?: string, name?: string): Actor {
  const list = Array.isArray(roles) ? roles : [roles];
  return { id: id ?? `${list[0].toLowerCase()}-${unit}`, name: name ?? `${unit}经办人`, roles: list, unit };
}

/** The supervision-letter cast; the letter suites sign in every one of them, so it stays these eight. */
export const people = {
  office: actor('OFFICE', '市政府办公室', 'office-wang', '王督查'),
  // the letter's lead unit in letterInput()
  housing: actor('DEPARTMENT', '市住建局', 'housing-zhang', '张科长'),
  // a department not on the default letter: the new lead unit after a reassignment, or a bystander
  transport: actor('DEPARTMENT', '市交通局', 'transport-liu', '刘科长'),
  // the co-unit in letterInput()
  town: actor('TOWN', '罗峰街道', 'town-zhao', '赵主任'),
  // the leader in charge named in letterInput(): escalations go to person:vm-li
  viceMayor: actor('VICE_MAYOR', '市政府', 'vm-li', '李副市长'),
  // a vice-mayor not in charge of the letter
  otherViceMayor: actor('VICE_MAYOR', '市政府', 'vm-chen', '陈副市长'),
  mayor: actor('MAYOR', '市政府', 'mayor-sun', '孙市长'),
  admin: actor('ADMIN', '信息中心', 'admin-1', '管理员'),
};

/** Named officials the letter suites do not sign in: the model suites' own. */
export const officials = {
  // the sign-off leader of documents (signOffLeader evm-sun) and the emergency reviewer
  executiveViceMayor: actor('EXECUTIVE_VICE_MAYOR', '市政府', 'evm-sun', '孙常务副市长'),
  // the model suites' mayor: another person (mayor-zhou) than people.mayor 孙市长
  mayorZhou: actor('MAYOR', '市政府', 'mayor-zhou', '周市长'),
};

/** The posts as signed in without a personal name (`<unit>经办人`). */
export const clerks = {
  office: actor('OFFICE', '市政府办公室', 'office-wang'),
  // a second member of the office: a reader by role only, or the creator of its own letters
  officeColleague: actor('OFFICE', '市政府办公室', 'office-li'),
  // a third member of the office, who creates every item of the visibility matrix
  officeDrafter: actor('OFFICE', '市政府办公室', 'office-creator'),
  // the vice-mayor named leader in charge (vm-li) of the interview, emergency and letter inputs
  viceMayor: actor('VICE_MAYOR', '市政府', 'vm-li'),
  otherViceMayor: actor('VICE_MAYOR', '市政府', 'vm-chen'),
  // the documents' sign-off leader and the emergency reviewer (evm-sun)
  executiveViceMayor: actor('EXECUTIVE_VICE_MAYOR', '市政府', 'evm-sun'),
  mayor: actor('MAYOR', '市政府', 'mayor-sun'),
  town: actor('TOWN', '罗峰街道', 'town-zhao'),
  // a second member of 罗峰街道, the interviewed town of the undecided-items suite
  townColleague: actor('TOWN', '罗峰街道', 'lf-1'),
  housing: actor('DEPARTMENT', '市住建局', 'housing-zhang'),
  // a second member of 市住建局: a department in the models' scenarios
  housingColleague: actor('DEPARTMENT', '市住建局', 'zjj-1'),
  transport: actor('DEPARTMENT', '市交通局', 'transport-liu'),
  // a second member of 市交通局: watches the stream for its unit; a department in the models' letter
  transportColleague: actor('DEPARTMENT', '市交通局', 'jtj-1'),
  // the documents' lead (drafting) unit; a department in no letter of the letter suites
  development: actor('DEPARTMENT', '市发改局', 'fgj-1'),
  // listed countersigning units of the documents
  finance: actor('DEPARTMENT', '市财政局', 'czj-1'),
  justice: actor('DEPARTMENT', '市司法局', 'sfj-1'),
  // the emergency's competent department (department: '市应急局')
  emergency: actor('DEPARTMENT', '市应急局', 'yjj-1'),
  // copied on the models' document (ccUnits), not a signer
  audit: actor('DEPARTMENT', '市审计局', 'sjj-1'),
  // a department no workflow concerns
  outsider: actor('DEPARTMENT', '市审批局', 'nobody-here'),
};

/** A person whose name is their id, as the pure machine tests write them. */
const byId = (id: string, roles: Role[], unit: string): Actor => ({ id, name: id, roles, unit });

export const machinePeople = {
  office: byId('office-wang', ['OFFICE'], '市政府办公室'),
  // the office's duty desk in the emergency report
  dutyOffice: byId('duty-wang', ['OFFICE'], '市政府办公室'),
  // the leader of the interview and the emergency's vice-mayor
  viceMayor: byId('vm-li', ['VICE_MAYOR'], '市政府'),
  // a vice-mayor in charge of neither
  otherViceMayor: byId('vm-zhao', ['VICE_MAYOR'], '市政府'),
  // the documents' sign-off leader and the emergency reviewer
  executiveViceMayor: byId('evm-sun', ['EXECUTIVE_VICE_MAYOR'], '市政府'),
  mayor: byId('mayor-chen', ['MAYOR'], '市政府'),
  // the interviewed town
  town: byId('luofeng-liu', ['TOWN'], '罗峰街道'),
  // a town not interviewed
  otherTown: byId('quanshan-ma', ['TOWN'], '泉山街道'),
  // the documents' lead unit
  development: byId('fgj-wang', ['DEPARTMENT'], '市发改局'),
  // listed countersigning units
  finance: byId('czj-li', ['DEPARTMENT'], '市财政局'),
  justice: byId('sfj-zhao', ['DEPARTMENT'], '市司法局'),
  housing: byId('zjj-sun', ['DEPARTMENT'], '市住建局'),
  // copied on the documents (ccUnits), a signer only once added
  audit: byId('sjj-ma', ['DEPARTMENT'], '市审计局'),
  // a signer only once 市教育局 is added
  education: byId('jyj', ['DEPARTMENT'], '市教育局'),
  // another member of 市教育局, while it is not on the signer list
  educationUnlisted: byId('x', ['DEPARTMENT'], '市教育局'),
  // the emergency's competent department
  forestry: byId('forestry-liu', ['DEPARTMENT'], '市自然资源和规划局'),
  // a second member of 市住建局, a department with no part in the emergency
  housingColleague: byId('housing-ma', ['DEPARTMENT'], '市住建局'),
};
