/** Frequency view text (DOMAIN.md §8), English and 简体中文; merged into the catalogs. */
export const frequencyEn = {
  'freq.title': '{brand}: exposure frequency and channel mix at {at}',
  'freq.lead':
    'Does seeing the brand’s ads more often, or meeting it on more channels, go with buying it? Users are grouped by their impressions and channels before T and compared by how many of them purchased after T.',
  'freq.at': 'T for this view',
  'freq.defaultNote':
    'The default T is the as-of date {asOf} moved back to {date}, so that the 15 days after T have data.',
  'freq.reset': 'Reset to {date}',
  'freq.window':
    'Impressions and channels are counted in the 15 days up to T ({from} – {at}); a conversion is a purchase in the 15 days after T ({next} – {end}).',
  'freq.incomplete':
    'The conversion window runs past the end of the data ({dataEnd}): users have had less than 15 days to buy, so conversion rates are understated.',
  'freq.incompleteLatest': 'Choose T on or before {latest} for a full window.',
  'freq.loading': 'Counting impressions, channels and conversions…',
  'freq.users': 'Users',
  'freq.converters': 'Converters',
  'freq.rate': 'Conversion rate',
  'freq.exposure': 'Conversion rate by exposure frequency',
  'freq.exposureSub': 'Rows: brand impressions per user in the 15 days up to T · ★ best',
  'freq.exposureTable': 'Users and converters by impressions',
  'freq.impressions': 'Impressions',
  'freq.best': 'Best: {n} impressions, {rate} conversion (users: {users}).',
  'freq.bestOne': 'Best: 1 impression, {rate} conversion (users: {users}).',
  'freq.bestRef': 'Best rate',
  'freq.bestNote':
    'Buckets with few users swing widely; compare the users column before acting on the best bucket.',
  'freq.noImpressions':
    'No impressions are mapped, so exposure frequency cannot be measured. To fix it, map the action value that means an ad view or exposure to “impression” in the mapping editor.',
  'freq.noImpressionsWindow':
    'No user saw an impression of {brand} in the 15 days up to T ({from} – {at}). Choose another T.',
  'freq.openMapping': 'Open the mapping editor',
  'freq.channels': 'Conversion rate by number of channels',
  'freq.channelsSub': 'Rows: distinct channels of the user’s brand events in the 15 days up to T',
  'freq.channelsTable': 'Users and converters by number of channels',
  'freq.channelCount': 'Channels',
  'freq.noChannelColumn':
    'No channel column is mapped, so the channel mix cannot be measured. To fix it, map the column that names the channel or medium of each event (e.g. channel, utm_source) in the mapping editor.',
  'freq.noChannelsWindow':
    'No brand event in the 15 days up to T ({from} – {at}) has a channel. Choose another T.',
  'freq.combos': 'Top channel combinations',
  'freq.combosLead':
    'Users by the exact set of channels they met {brand} on in the 15 days up to T; the top 10 by converters.',
  'freq.sortByRate': 'Sort by rate (≥ {min} users)',
  'freq.sortNote':
    'The {k} combinations with at least {min} users come first, by conversion rate; smaller ones follow in the original order.',
  'freq.sortNone':
    'No combination here has {min} users or more, so the order is unchanged: too few users to rank by rate.',
  'freq.combo': 'Channel combination',
  'freq.noCombos': 'No user has a brand event with a channel in the window.',
  'freq.how':
    'Only the chosen brand’s events count. A converter has a purchase occasion of the brand dated in the 15 days after T (refunds up to the end of that window are taken off). Rates are converters ÷ users of the row; they show association, not the effect of adding impressions or channels.',
} as const;

export const frequencyZh: Record<keyof typeof frequencyEn, string> = {
  'freq.title': '{brand}：{at} 的曝光频次与渠道组合',
  'freq.lead':
    '更频繁地看到品牌广告、在更多渠道接触品牌，是否更可能购买？按 T 之前的曝光次数和渠道数对用户分组，比较各组在 T 之后购买的比例。',
  'freq.at': '本视图的 T',
  'freq.defaultNote': '默认 T 为截至日期 {asOf} 向前移至 {date}，以保证 T 之后的 15 天有数据。',
  'freq.reset': '恢复为 {date}',
  'freq.window':
    '曝光和渠道统计截至 T 的 15 天（{from} – {at}）；转化指 T 之后 15 天内（{next} – {end}）发生购买。',
  'freq.incomplete':
    '转化窗口超出了数据的结束日期（{dataEnd}）：用户可购买的时间不足 15 天，转化率会被低估。',
  'freq.incompleteLatest': '请选择不晚于 {latest} 的 T，以获得完整的窗口。',
  'freq.loading': '正在统计曝光、渠道和转化…',
  'freq.users': '用户数',
  'freq.converters': '转化用户数',
  'freq.rate': '转化率',
  'freq.exposure': '按曝光频次的转化率',
  'freq.exposureSub': '行：每位用户在截至 T 的 15 天内的品牌曝光次数 · ★ 最佳',
  'freq.exposureTable': '按曝光次数的用户数与转化用户数',
  'freq.impressions': '曝光次数',
  'freq.best': '最佳：曝光 {n} 次，转化率 {rate}（用户数：{users}）。',
  'freq.bestOne': '最佳：曝光 1 次，转化率 {rate}（用户数：{users}）。',
  'freq.bestRef': '最佳转化率',
  'freq.bestNote': '用户较少的分组波动很大；据最佳分组行动之前，请先对照用户数一列。',
  'freq.noImpressions':
    '尚未映射曝光行为，因此无法衡量曝光频次。解决方法：在映射编辑器中，把表示广告浏览或曝光的行为值映射为“impression”（曝光）。',
  'freq.noImpressionsWindow':
    '截至 T 的 15 天内（{from} – {at}）没有用户看到 {brand} 的曝光。请换一个 T。',
  'freq.openMapping': '打开映射编辑器',
  'freq.channels': '按渠道数的转化率',
  'freq.channelsSub': '行：用户在截至 T 的 15 天内品牌事件涉及的不同渠道数',
  'freq.channelsTable': '按渠道数的用户数与转化用户数',
  'freq.channelCount': '渠道数',
  'freq.noChannelColumn':
    '尚未映射渠道列，因此无法衡量渠道组合。解决方法：在映射编辑器中，映射标明每个事件渠道或媒介的列（如 channel、utm_source）。',
  'freq.noChannelsWindow': '截至 T 的 15 天内（{from} – {at}）没有带渠道的品牌事件。请换一个 T。',
  'freq.combos': '主要渠道组合',
  'freq.combosLead':
    '按用户在截至 T 的 15 天内接触 {brand} 的渠道集合分组；按转化用户数取前 10 名。',
  'freq.sortByRate': '按转化率排序（≥ {min} 位用户）',
  'freq.sortNote': '用户数不少于 {min} 的 {k} 个组合按转化率排在前面；其余组合按原顺序排在后面。',
  'freq.sortNone': '这里没有用户数达到 {min} 的组合，因此顺序不变：用户太少，不宜按转化率排名。',
  'freq.combo': '渠道组合',
  'freq.noCombos': '窗口内没有用户产生带渠道的品牌事件。',
  'freq.how':
    '只统计所选品牌的事件。转化用户是在 T 之后 15 天内有该品牌购买（按购买场次计）的用户（截至该窗口结束的退款会被扣除）。转化率 = 该行的转化用户数 ÷ 用户数；它反映的是相关性，而不是增加曝光或渠道带来的效果。',
};
