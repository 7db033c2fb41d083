/**
 * A field's Chinese label: the Chinese part of its JSON Schema title or description when it
 * has one (e.g. "限期办结: final due date"), else the common words of our processes, else its key.
 */
const WORDS: Record<string, string> = {
  title: '标题', source: '来源', requirement: '督办要求', leadUnit: '承办单位', coUnits: '协办单位',
  leaderInCharge: '分管领导', dueDate: '限期办结', flagged: '挂牌督办', progressEveryWorkingDays: '进展报告间隔（工作日）',
  content: '内容', percent: '完成比例（%）', summary: '办结情况', comment: '意见', reason: '理由', note: '备注',
  message: '催办内容', newDueDate: '新的办结期限', newLeadUnit: '新的承办单位', kind: '类别', category: '类别',
  department: '主管部门', unit: '单位', units: '单位', town: '镇街', description: '说明', location: '地点',
  occurredAt: '发生时间', reporter: '报告人', phone: '联系电话', channel: '来源渠道', from: '开始', to: '结束',
  startDate: '开始日期', endDate: '结束日期', days: '天数', destination: '目的地', applicant: '申请人',
  signers: '会签单位', ccUnits: '抄送单位', signOffLeader: '签发领导', year: '年度', period: '周期',
  matter: '事项', decision: '决定', leader: '领导', id: '编号', name: '姓名', interviewee: '被约谈单位',
  satisfied: '是否满意', due: '到期时间', escalatedTo: '上报至', label: '期限', result: '结果', opinion: '意见', casualties: '伤亡情况', level: '等级',
};

const chinese = (text: unknown) => {
  if (typeof text !== 'string' || !/[\u4e00-\u9fff]/.test(text)) return null;
  return text.split(/[:：(（]/)[0].trim() || null;
};

export function fieldLabel(key: string, schema: any): string {
  return chinese(schema?.title) ?? WORDS[key] ?? chinese(schema?.description) ?? key;
}

/** A context value as a person reads it. */
export function displayValue(value: unknown): string {
  if (value == null || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length ? value.map(displayValue).join('、') : '—';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.name === 'string') return v.name;
    if (typeof v.from === 'string' && typeof v.to === 'string') return `${v.from} 至 ${v.to}`;
    return JSON.stringify(value);
  }
  return String(value);
}

