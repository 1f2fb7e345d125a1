/** Channel spend text (issue #8 item 1), English and 简体中文. */
export const spendEn = {
  'spend.chip': 'Spend: {label} · {rows} rows · {channels} channels · {from} – {to}',
  'spend.remove': 'Remove the spend file',
  'spend.issues':
    'Left out of the spend: {badDates} rows with a bad date, {badCosts} with a bad or negative cost, {empty} with no channel.',
  'spend.zero': '{zero} rows cost 0 (kept: free that day).',
  'spend.hint':
    'Add a channel spend file (channel, date, cost; optional impressions, clicks) with “Other files…” to see cost per conversion and the planner’s budget.',
  'spend.title': 'Cost per conversion, {from} – {to}',
  'spend.lead':
    'Spend dated in the period ÷ the conversions each model credits to the channel. Channel names must match the events’ exactly.',
  'spend.col.channel': 'Channel',
  'spend.col.cost': 'Spend',
  'spend.col.roi': 'ROI',
  'spend.col.costPer': 'Cost per conversion',
  'spend.roiTitle': 'Return on spend · {model}',
  'spend.roiLead':
    'Attributed GMV: each converter’s GMV in the period, spread over their touchpoints like the conversion. ROI = attributed GMV ÷ spend (2.00 = two of GMV for each one spent).',
  'spend.stageTitle': 'Cost per transition into each stage · {model}',
  'spend.stageLead':
    'Spend ÷ the transitions into that stage credited to the channel (a separate model per target stage). The spend is the whole period’s, not split by stage: compare channels within a column, not across columns.',
  'spend.status.no-spend': 'no spend in the file: cost unknown',
  'spend.status.zero-cost': 'spend is 0: free in this period',
  'spend.status.no-conversions': 'no conversions credited',
  'spend.without': 'Spend on channels with no touch in the events (not in any model): {list}.',
  'spend.noPeriodSpend': 'The spend file has no cost dated in this period ({from} – {to}].',
  'spend.total': 'Total spend in the period: {total}; on channels without events: {unmatched}.',
  'plan.budgetTitle': 'Budget to close the gaps',
  'plan.budgetLead':
    'Users to move into each stage × the cheapest cost per transition (Markov credit, spend over the base period) among the channels that moved users into that stage. A floor: costs are assumed linear.',
  'plan.col.moveIn': 'Users to move in',
  'plan.col.channel': 'Cheapest channel',
  'plan.col.costPer': 'Cost per user',
  'plan.col.budget': 'Budget',
  'plan.budgetTotal': 'Total budget: {total}',
  'plan.budgetUncosted': 'No measured cost for: {stages}.',
  'freq.costTitle': 'Exposure frequency vs conversion cost',
  'freq.costLead':
    'Per bucket: the brand impressions its users saw in the 15 days up to T, each at its channel’s cost per impression in those days (spend ÷ impressions in the spend file), and that cost ÷ the bucket’s converters. Impressions on channels without spend impressions are counted apart.',
  'freq.costImpressions': 'Impressions seen',
  'freq.cost': 'Their cost',
  'freq.costPer': 'Cost per conversion',
  'freq.uncosted': 'Impressions without a cost',
} as const;

export const spendZh: Record<keyof typeof spendEn, string> = {
  'spend.chip': '花费：{label} · {rows} 行 · {channels} 个渠道 · {from} – {to}',
  'spend.remove': '移除花费文件',
  'spend.issues':
    '未计入花费：日期无效 {badDates} 行，花费无效或为负 {badCosts} 行，无渠道 {empty} 行。',
  'spend.zero': '{zero} 行花费为 0（已保留：当天免费）。',
  'spend.hint':
    '通过“其他文件…”添加渠道花费文件（channel、date、cost，可选 impressions、clicks），即可查看单次转化成本和规划预算。',
  'spend.title': '{from} – {to} 的单次转化成本',
  'spend.lead': '区间内的花费 ÷ 各模型归给该渠道的转化数。渠道名称须与事件中的完全一致。',
  'spend.col.channel': '渠道',
  'spend.col.cost': '花费',
  'spend.col.roi': 'ROI',
  'spend.col.costPer': '单次转化成本',
  'spend.roiTitle': '投入产出 · {model}',
  'spend.roiLead':
    '归因 GMV：每位转化用户在区间内的 GMV，按其触点像转化一样分配。ROI = 归因 GMV ÷ 花费（2.00 即每花 1 元带来 2 元 GMV）。',
  'spend.stageTitle': '进入各阶段的单次转化成本 · {model}',
  'spend.stageLead':
    '花费 ÷ 归给该渠道的进入该阶段的转化数（每个目标阶段单独建模）。花费为整个区间的，未按阶段拆分：请在同一列内比较渠道，不要跨列比较。',
  'spend.status.no-spend': '文件中无花费：成本未知',
  'spend.status.zero-cost': '花费为 0：本区间免费',
  'spend.status.no-conversions': '没有归因的转化',
  'spend.without': '有花费但事件中无触点的渠道（不在任何模型中）：{list}。',
  'spend.noPeriodSpend': '花费文件在本区间 ({from} – {to}] 内没有花费。',
  'spend.total': '区间内总花费：{total}；无事件渠道的花费：{unmatched}。',
  'plan.budgetTitle': '弥补差距的预算',
  'plan.budgetLead':
    '需迁入各阶段的人数 × 在基期曾把用户带入该阶段的渠道中最低的单次转化成本（马尔可夫归因，基期花费）。为下限：假设成本线性。',
  'plan.col.moveIn': '需迁入人数',
  'plan.col.channel': '最低成本渠道',
  'plan.col.costPer': '人均成本',
  'plan.col.budget': '预算',
  'plan.budgetTotal': '总预算：{total}',
  'plan.budgetUncosted': '以下阶段没有实测成本：{stages}。',
  'freq.costTitle': '曝光频次与转化成本',
  'freq.costLead':
    '每个分组：其用户在 T 前 15 天内看到的品牌曝光，按各渠道同期的单次曝光成本（花费文件中的花费 ÷ 曝光）计价，再除以该组的转化人数。没有曝光数据的渠道的曝光单独计数。',
  'freq.costImpressions': '看到的曝光',
  'freq.cost': '曝光成本',
  'freq.costPer': '单次转化成本',
  'freq.uncosted': '无成本的曝光',
};
