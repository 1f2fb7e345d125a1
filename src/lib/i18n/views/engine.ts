/** Engine, reliability and storage text (cancel, restart, SQL console, saved datasets), English and 简体中文. */
export const engineEn = {
  'status.running': '{what} · {s} s',
  'status.cancelled': 'Stopped. Nothing else was lost; run it again when you are ready.',
  'status.retry': 'Run again',
  'status.restart': 'Restart the engine (keeps your files)',
  'status.restartHint':
    'Restarting frees all of the engine’s memory and re-reads the files you loaded; your mapping and settings stay.',
  'progress.restart': 'Restarting the engine and re-reading your files',
  'sql.console': 'SQL',
  'sql.consoleTitle': 'SQL console',
  'sql.consoleLead':
    'Run your own DuckDB SQL on the loaded data, on this device. Tables: {tables}. Results show the first {limit} rows.',
  'sql.run': 'Run',
  'sql.rows': '{n} rows',
  'sql.rowsCapped': 'first {limit} rows shown',
  'sql.done': 'Done.',
  'saved.keep': 'Keep on this device',
  'saved.keepHint':
    'Copies the files and the config into this browser’s private storage (OPFS), so they are here after a reload. Nothing leaves the device. Delete them any time.',
  'saved.kept': 'Kept on this device',
  'saved.saving': 'Copying to this device…',
  'saved.title': 'Kept on this device',
  'saved.lead':
    'Datasets you chose to keep in this browser’s private storage. They never leave the device.',
  'saved.open': 'Open',
  'saved.delete': 'Delete',
  'saved.deleteAll': 'Delete all',
  'saved.demo': 'The demo is generated on the device in seconds; there is nothing to keep.',
  'saved.unavailable': 'This browser has no private file storage (OPFS), so nothing can be kept.',
  'saved.failed': 'Could not keep the dataset: {reason}',
  'saved.missing':
    'The kept copy is incomplete (a file is missing). Delete it and keep the dataset again.',
  'ws.button': 'Workspaces',
  'ws.title': 'Workspaces',
  'ws.lead':
    'Named configs (mapping, brand, dates, rules, periods), kept in this browser’s private storage only when you save one, with the last report if you made one. No data rows.',
  'ws.name': 'Workspace name',
  'ws.withReport': 'with the last report',
  'ws.save': 'Save workspace',
  'ws.open': 'Open',
  'ws.report': 'Report',
} as const;

export const engineZh: Record<keyof typeof engineEn, string> = {
  'status.running': '{what} · {s} 秒',
  'status.cancelled': '已停止，其他内容都未丢失；准备好后可重新运行。',
  'status.retry': '重新运行',
  'status.restart': '重启引擎（保留已加载的文件）',
  'status.restartHint':
    '重启会释放引擎占用的全部内存，并重新读取已加载的文件；映射和设置保持不变。',
  'progress.restart': '正在重启引擎并重新读取文件',
  'sql.console': 'SQL',
  'sql.consoleTitle': 'SQL 控制台',
  'sql.consoleLead':
    '在本设备上对已加载的数据运行你自己的 DuckDB SQL。可用的表：{tables}。结果只显示前 {limit} 行。',
  'sql.run': '运行',
  'sql.rows': '{n} 行',
  'sql.rowsCapped': '仅显示前 {limit} 行',
  'sql.done': '完成。',
  'saved.keep': '保存在本设备',
  'saved.keepHint':
    '把文件和配置复制到本浏览器的私有存储（OPFS），刷新后仍在。数据不会离开设备，随时可以删除。',
  'saved.kept': '已保存在本设备',
  'saved.saving': '正在复制到本设备…',
  'saved.title': '保存在本设备的数据',
  'saved.lead': '你选择保存在本浏览器私有存储中的数据集，它们不会离开本设备。',
  'saved.open': '打开',
  'saved.delete': '删除',
  'saved.deleteAll': '全部删除',
  'saved.demo': '演示数据可在本设备上几秒内重新生成，无需保存。',
  'saved.unavailable': '此浏览器没有私有文件存储（OPFS），无法保存。',
  'saved.failed': '无法保存数据集：{reason}',
  'saved.missing': '保存的副本不完整（缺少文件）。请删除后重新保存。',
  'ws.button': '工作区',
  'ws.title': '工作区',
  'ws.lead':
    '命名的配置（映射、品牌、日期、规则、区间），仅在你保存时存入本浏览器的私有存储，可附带最近一次生成的报告。不含数据行。',
  'ws.name': '工作区名称',
  'ws.withReport': '附带最近的报告',
  'ws.save': '保存工作区',
  'ws.open': '打开',
  'ws.report': '报告',
};
