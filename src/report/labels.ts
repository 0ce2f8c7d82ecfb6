// The report's words, Chinese first and English beside it, as on the console.
import type { AgeingBucket, SlaPauseReason } from '../domain/sla-figures.js';
import type { CaseChannel } from '../domain/channels.js';

export interface Bilingual {
  zh: string;
  en: string;
}

export const channelLabels: Record<CaseChannel, Bilingual> = {
  web: { zh: '网上营业厅', en: 'Web' },
  form: { zh: '纸质表格', en: 'Paper form' },
  email: { zh: '电子邮件', en: 'E-mail' },
  hotline: { zh: '客服热线', en: 'Hotline' },
  sms: { zh: '短信', en: 'SMS' },
  api: { zh: '合作系统', en: 'Partner system' },
  bulk: { zh: '批量注销', en: 'Bulk cancellation' },
};

export const stateLabels: Record<'submitted' | 'in_review' | 'awaiting_customer' | 'approved', Bilingual> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  in_review: { zh: '审核中', en: 'In review' },
  awaiting_customer: { zh: '待客户补充', en: 'Awaiting customer' },
  approved: { zh: '已批准', en: 'Approved' },
};

export const pauseReasonLabels: Record<SlaPauseReason, Bilingual> = {
  none: { zh: '未暂停', en: 'Never paused' },
  documents: { zh: '材料', en: 'Documents' },
  identity: { zh: '身份', en: 'Identity' },
  bindings: { zh: '第三方绑定', en: 'Bindings' },
  balance: { zh: '余额', en: 'Balance' },
  other: { zh: '其他', en: 'Other' },
};

export const ageingLabels: Record<AgeingBucket, Bilingual> = {
  '0-2': { zh: '0–2 个工作日', en: '0–2 working days' },
  '3-5': { zh: '3–5 个工作日', en: '3–5 working days' },
  '6-7': { zh: '6–7 个工作日', en: '6–7 working days' },
  '8-10': { zh: '8–10 个工作日', en: '8–10 working days' },
  '>10': { zh: '超过 10 个工作日', en: 'more than 10 working days' },
};

export const headings = {
  title: { zh: '销户时限报告', en: 'Cancellation SLA report' },
  week: { zh: '按周达标率', en: 'Compliance by week' },
  channel: { zh: '按渠道达标率', en: 'Compliance by channel' },
  pauseReason: { zh: '按暂停原因达标率', en: 'Compliance by pause reason' },
  ageing: { zh: '在办案件账龄（自受理日起的工作日）', en: 'Ageing of open cases (working days since the receipt day)' },
  intake: { zh: '每日受理量（按渠道）', en: 'Daily intake by channel' },
  openState: { zh: '在办案件（按状态）', en: 'Open cases by state' },
} satisfies Record<string, Bilingual>;

export const words = {
  period: { zh: '统计期间', en: 'Period' },
  generatedAt: { zh: '生成时间', en: 'Generated' },
  overall: { zh: '总体达标率', en: 'Decided on time' },
  decided: { zh: '已决定', en: 'Decided' },
  onTime: { zh: '按时', en: 'On time' },
  share: { zh: '达标率', en: 'Share on time' },
  week: { zh: '周', en: 'Week' },
  channel: { zh: '渠道', en: 'Channel' },
  reason: { zh: '暂停原因', en: 'Pause reason' },
  bucket: { zh: '账龄', en: 'Age' },
  cases: { zh: '案件数', en: 'Cases' },
  day: { zh: '日期', en: 'Day' },
  total: { zh: '合计', en: 'Total' },
  state: { zh: '状态', en: 'State' },
  breachedOpen: { zh: '已超时未决', en: 'Open and past due' },
  callbacksWaiting: { zh: '待回电', en: 'Callbacks waiting' },
  nothingDecided: { zh: '无决定', en: 'nothing decided' },
  chartNote: { zh: '图表；数据见下表', en: 'chart; the table below holds its figures' },
  compliance: { zh: '统计期内作出决定的案件；按时 = 在到期日当天或之前决定且从未超时。', en: 'Cases decided in the period; on time = decided on or before the due day and never flagged as breached.' },
  intakeNote: { zh: '统计期内提交的案件，按案件所在地区的当地日期。', en: 'Cases submitted in the period, by the local day of the case’s region.' },
  nowNote: { zh: '截至生成时间。', en: 'As of the time generated.' },
} satisfies Record<string, Bilingual>;

/** "中文 / English", for places that hold plain text only (chart axes, CSV-free labels). */
export const both = (l: Bilingual): string => `${l.zh} / ${l.en}`;
