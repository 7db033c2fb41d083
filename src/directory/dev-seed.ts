/**
 * A development directory with the shape of Zhaoyuan's government: the office, the leadership,
 * the departments and the towns and streets the tests and benchmark already use, and a division
 * of work among the vice-mayors. The people are placeholders (a title, not a real name). Codes
 * are the short names tokens carry in `unit`; names are the full names.
 */
import type { DirectoryFile } from './directory.schemas';

const departments: [string, string][] = [
  ['市发改局', '招远市发展和改革局'],
  ['市教体局', '招远市教育和体育局'],
  ['市教育局', '招远市教育局'],
  ['市科技局', '招远市科学技术局'],
  ['市工信局', '招远市工业和信息化局'],
  ['市民政局', '招远市民政局'],
  ['市司法局', '招远市司法局'],
  ['市财政局', '招远市财政局'],
  ['市自然资源和规划局', '招远市自然资源和规划局'],
  ['市生态环境局', '烟台市生态环境局招远分局'],
  ['市住建局', '招远市住房和城乡建设局'],
  ['市交通局', '招远市交通运输局'],
  ['市水务局', '招远市水务局'],
  ['市文旅局', '招远市文化和旅游局'],
  ['市应急局', '招远市应急管理局'],
  ['市审计局', '招远市审计局'],
  ['市市场监管局', '招远市市场监督管理局'],
  ['市统计局', '招远市统计局'],
  ['市城管局', '招远市城市管理局'],
  ['市审批局', '招远市行政审批服务局'],
];

const towns: [string, string][] = [
  ['罗峰街道', '罗峰街道办事处'],
  ['泉山街道', '泉山街道办事处'],
  ['梦芝街道', '梦芝街道办事处'],
  ['温泉街道', '温泉街道办事处'],
  ['大秦家街道', '大秦家街道办事处'],
  ['辛庄镇', '辛庄镇人民政府'],
  ['蚕庄镇', '蚕庄镇人民政府'],
  ['金岭镇', '金岭镇人民政府'],
  ['毕郭镇', '毕郭镇人民政府'],
  ['玲珑镇', '玲珑镇人民政府'],
  ['张星镇', '张星镇人民政府'],
  ['夏甸镇', '夏甸镇人民政府'],
  ['阜山镇', '阜山镇人民政府'],
  ['齐山镇', '齐山镇人民政府'],
  ['板石镇', '板石镇人民政府'],
];

const leader = (id: string, name: string, position: string) => ({
  id,
  name,
  unit: '市政府',
  position,
  governmentMember: true,
  leadershipMember: true,
});

export const devDirectory: DirectoryFile = {
  units: [
    { code: '市政府', name: '招远市人民政府', kind: 'LEADERSHIP' },
    { code: '市政府办公室', name: '招远市人民政府办公室', kind: 'OFFICE' },
    { code: '信息中心', name: '招远市大数据中心', kind: 'DEPARTMENT' },
    ...departments.map(([code, name]) => ({ code, name, kind: 'DEPARTMENT' as const })),
    ...towns.map(([code, name]) => ({ code, name, kind: 'TOWN' as const })),
    { code: '开发区', name: '招远经济技术开发区', kind: 'ZONE' },
  ],
  people: [
    leader('mayor-sun', '孙市长', '市长'),
    leader('evm-zhou', '周常务副市长', '常务副市长'),
    leader('vm-li', '李副市长', '副市长'),
    leader('vm-chen', '陈副市长', '副市长'),
    leader('vm-wu', '吴副市长', '副市长'),
    { id: 'office-wang', name: '王督查', unit: '市政府办公室', position: '督查室主任', governmentMember: false, leadershipMember: false },
    { id: 'office-director', name: '刘主任', unit: '市政府办公室', position: '市政府办公室主任', governmentMember: true, leadershipMember: false },
    { id: 'admin-1', name: '管理员', unit: '信息中心', position: '系统管理员', governmentMember: false, leadershipMember: false },
    { id: 'housing-zhang', name: '张科长', unit: '市住建局', position: '科长', governmentMember: false, leadershipMember: false },
    { id: 'housing-head', name: '住建局局长', unit: '市住建局', position: '局长', governmentMember: true, leadershipMember: false },
    { id: 'transport-liu', name: '刘科长', unit: '市交通局', position: '科长', governmentMember: false, leadershipMember: false },
    { id: 'town-zhao', name: '赵主任', unit: '罗峰街道', position: '党政办主任', governmentMember: false, leadershipMember: false },
  ],
  divisionOfWork: [
    { leaderId: 'evm-zhou', units: ['市发改局', '市财政局', '市审计局', '市统计局', '市审批局', '市工信局', '开发区'] },
    { leaderId: 'vm-li', units: ['市住建局', '市交通局', '市自然资源和规划局', '市城管局', '市水务局', '罗峰街道', '泉山街道', '梦芝街道', '温泉街道', '大秦家街道'] },
    { leaderId: 'vm-chen', units: ['市教体局', '市教育局', '市科技局', '市民政局', '市文旅局', '辛庄镇', '蚕庄镇', '金岭镇', '毕郭镇', '玲珑镇'] },
    { leaderId: 'vm-wu', units: ['市应急局', '市司法局', '市市场监管局', '市生态环境局', '张星镇', '夏甸镇', '阜山镇', '齐山镇', '板石镇'] },
  ],
};
