import type { ColumnInfo } from '../engine/types';
import type { CanonicalAction, CanonicalColumn } from './canonical';
import { CANONICAL_ACTIONS } from './canonical';
import { emptyMapping, type LayoutId, type Mapping } from './config';

/** A sample row as text (null for empty). */
export type SampleRow = Record<string, string | null>;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]/g, '');

const SYNONYMS: Record<CanonicalColumn, string[]> = {
  user_id: [
    'userid',
    'user',
    'uid',
    'customerid',
    'customer',
    'memberid',
    'clientid',
    'visitorid',
    'distinctid',
    'personid',
    'buyerid',
    'shopperid',
    '用户id',
    '用户',
  ],
  ts: [
    'ts',
    'eventtime',
    'timestamp',
    'time',
    'datetime',
    'eventtimestamp',
    'date',
    'eventdate',
    'createdat',
    'occurredat',
    'orderdate',
    'invoicedate',
    '时间',
  ],
  action: [
    'action',
    'event',
    'eventtype',
    'eventname',
    'behavior',
    'behaviour',
    'behaviortype',
    'behaviourtype',
    'type',
    'activity',
    '行为',
  ],
  brand: ['brand', 'brandname', 'brandid', '品牌'],
  category: ['category', 'categorycode', 'categoryname', 'cat', 'categoryid', '类目', '品类'],
  channel: ['channel', 'touchpoint', 'medium', 'utmmedium', 'adchannel', '渠道', '触点'],
  source: ['source', 'platform', 'site', 'domain', 'app', '来源', '平台'],
  amount: [
    'amount',
    'price',
    'revenue',
    'value',
    'gmv',
    'sales',
    'total',
    'ordervalue',
    'money',
    'dollarvalue',
    '金额',
  ],
  order_id: ['orderid', 'order', 'invoice', 'invoiceno', 'transactionid', 'orderno', '订单号'],
  duration_s: ['durations', 'duration', 'watchtime', 'seconds', 'watchseconds', 'durationsec'],
};

/** Raw action spellings → canonical action (matched after lower-casing and dropping punctuation). */
const ACTION_SYNONYMS: Record<string, CanonicalAction> = {
  pv: 'view',
  pageview: 'view',
  viewitem: 'view',
  productview: 'view',
  visit: 'view',
  detailview: 'view',
  imp: 'impression',
  exposure: 'impression',
  show: 'impression',
  adimpression: 'impression',
  adclick: 'click',
  clk: 'click',
  query: 'search',
  watch: 'video',
  play: 'video',
  videoview: 'video',
  videoplay: 'video',
  livewatch: 'video',
  fav: 'favorite',
  favourite: 'favorite',
  wishlist: 'favorite',
  addtowishlist: 'favorite',
  collect: 'favorite',
  addtocart: 'cart',
  addcart: 'cart',
  addtobasket: 'cart',
  buy: 'purchase',
  order: 'purchase',
  transaction: 'purchase',
  checkout: 'purchase',
  pay: 'purchase',
  paid: 'purchase',
  membership: 'member',
  joinmember: 'member',
  signup: 'member',
  trial: 'sample',
  freesample: 'sample',
  claimcoupon: 'coupon',
  getcoupon: 'coupon',
  presaledeposit: 'deposit',
  rating: 'review',
  rate: 'review',
  return: 'refund',
  refunded: 'refund',
};

/** Suggests canonical actions for raw values; values with no sensible match are left unmapped. */
export function suggestActions(rawValues: string[]): Record<string, CanonicalAction> {
  const out: Record<string, CanonicalAction> = {};
  for (const raw of rawValues) {
    const v = raw.trim();
    if (!v) continue;
    const n = norm(v);
    const direct = (CANONICAL_ACTIONS as readonly string[]).find((a) => a === n);
    if (direct) out[v] = direct as CanonicalAction;
    else if (ACTION_SYNONYMS[n]) out[v] = ACTION_SYNONYMS[n];
  }
  return out;
}

const has = (cols: ColumnInfo[], ...names: string[]) =>
  names.every((n) => cols.some((c) => c.name === n));

/** Result of detection: the layout, the mapping, and why. */
export interface Detection {
  layout: LayoutId;
  mapping: Mapping;
  /** Columns whose mapping was guessed from the name or the values. */
  reasons: string[];
}

function isUnixSecondsColumn(rows: SampleRow[], col: string): boolean {
  const vals = rows.map((r) => r[col]).filter((v): v is string => v !== null && v !== undefined);
  return vals.length > 0 && vals.every((v) => /^\d{9,10}$/.test(v.trim()));
}

/** Detects a known public layout, or maps a generic file by column names and values. */
export function detectMapping(
  cols: ColumnInfo[],
  rows: SampleRow[],
  actionValues: string[] = [],
): Detection {
  if (has(cols, 'event_time', 'event_type', 'user_id', 'price') && has(cols, 'user_session')) {
    const m: Mapping = {
      ...emptyMapping(),
      layout: 'rees46',
      columns: {
        user_id: 'user_id',
        ts: 'event_time',
        action: 'event_type',
        amount: 'price',
        ...(has(cols, 'brand') ? { brand: 'brand' } : {}),
        ...(has(cols, 'category_code') ? { category: 'category_code' } : {}),
      },
      actions: { view: 'view', cart: 'cart', purchase: 'purchase' },
    };
    return {
      layout: 'rees46',
      mapping: m,
      reasons: ['REES46 store events (event_time, event_type, price, user_session)'],
    };
  }
  if (has(cols, 'InvoiceNo', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID')) {
    return {
      layout: 'uci-online-retail',
      mapping: {
        ...emptyMapping(),
        layout: 'uci-online-retail',
        columns: {
          user_id: 'CustomerID',
          ts: 'InvoiceDate',
          amount: 'Quantity',
          order_id: 'InvoiceNo',
        },
        amountTimes: 'UnitPrice',
        actionConstant: 'purchase',
        returns: { quantityColumn: 'Quantity', invoiceColumn: 'InvoiceNo', cancelPrefix: 'C' },
        singleBrandName: 'Online Retail',
      },
      reasons: [
        'UCI Online Retail (InvoiceNo, Quantity, UnitPrice, CustomerID): every row a purchase line',
      ],
    };
  }
  if (has(cols, 'Invoice', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID')) {
    return {
      layout: 'uci-online-retail-ii',
      mapping: {
        ...emptyMapping(),
        layout: 'uci-online-retail-ii',
        columns: {
          user_id: 'Customer ID',
          ts: 'InvoiceDate',
          amount: 'Quantity',
          order_id: 'Invoice',
        },
        amountTimes: 'Price',
        actionConstant: 'purchase',
        returns: { quantityColumn: 'Quantity', invoiceColumn: 'Invoice', cancelPrefix: 'C' },
        singleBrandName: 'Online Retail II',
      },
      reasons: [
        'UCI Online Retail II (Invoice, Quantity, Price, Customer ID): every row a purchase line',
      ],
    };
  }
  if (cols.length === 5 && cols.every((c, i) => c.name === `column${i}`)) {
    const acts = rows.map((r) => r.column3?.trim()).filter(Boolean);
    if (
      acts.length &&
      acts.every((a) => ['pv', 'fav', 'cart', 'buy'].includes(a as string)) &&
      isUnixSecondsColumn(rows, 'column4')
    ) {
      return {
        layout: 'taobao',
        mapping: {
          ...emptyMapping(),
          layout: 'taobao',
          columns: { user_id: 'column0', ts: 'column4', action: 'column3', category: 'column2' },
          actions: { pv: 'view', fav: 'favorite', cart: 'cart', buy: 'purchase' },
          tsUnit: 's',
          singleBrandName: 'Taobao',
        },
        reasons: [
          'Taobao UserBehavior (no header; user, item, category, pv/fav/cart/buy, Unix seconds)',
        ],
      };
    }
  }
  return detectGeneric(cols, rows, actionValues);
}

function detectGeneric(cols: ColumnInfo[], rows: SampleRow[], actionValues: string[]): Detection {
  const mapping = emptyMapping();
  const reasons: string[] = [];
  const used = new Set<string>();
  const order: CanonicalColumn[] = [
    'user_id',
    'ts',
    'action',
    'order_id',
    'amount',
    'brand',
    'category',
    'channel',
    'source',
    'duration_s',
  ];
  for (const key of order) {
    const syn = SYNONYMS[key];
    let best: string | undefined;
    let bestRank = Infinity;
    for (const c of cols) {
      if (used.has(c.name)) continue;
      const rank = syn.indexOf(norm(c.name));
      if (rank >= 0 && rank < bestRank) {
        best = c.name;
        bestRank = rank;
      }
    }
    if (best) {
      mapping.columns[key] = best;
      used.add(best);
      reasons.push(`${key} ← "${best}" (by name)`);
    }
  }
  if (!mapping.columns.ts) {
    const c = cols.find(
      (c) =>
        !used.has(c.name) &&
        (/DATE|TIMESTAMP/.test(c.type) ||
          rows.some((r) => /^\d{4}-\d{2}-\d{2}/.test(r[c.name] ?? ''))),
    );
    if (c) {
      mapping.columns.ts = c.name;
      used.add(c.name);
      reasons.push(`ts ← "${c.name}" (values look like dates)`);
    }
  }
  if (mapping.columns.ts && isUnixSecondsColumn(rows, mapping.columns.ts) === false) {
    const vals = rows.map((r) => r[mapping.columns.ts as string]).filter((v): v is string => !!v);
    if (vals.length && vals.every((v) => /^\d{12,13}$/.test(v.trim()))) {
      mapping.tsUnit = 'ms';
      reasons.push('ts looks like Unix milliseconds');
    }
  }
  if (!mapping.columns.action) {
    const c = cols.find(
      (c) =>
        !used.has(c.name) &&
        /VARCHAR/.test(c.type) &&
        rows.length > 0 &&
        rows.every((r) => {
          const v = r[c.name];
          return v !== null && v !== undefined && Object.keys(suggestActions([v])).length === 1;
        }),
    );
    if (c) {
      mapping.columns.action = c.name;
      used.add(c.name);
      reasons.push(`action ← "${c.name}" (values are behaviours)`);
    } else if (mapping.columns.amount || mapping.columns.order_id) {
      mapping.actionConstant = 'purchase';
      reasons.push('no behaviour column: every row is a purchase (order log)');
    }
  }
  if (mapping.columns.action) {
    const values = actionValues.length
      ? actionValues
      : [
          ...new Set(
            rows.map((r) => r[mapping.columns.action as string]).filter((v): v is string => !!v),
          ),
        ];
    mapping.actions = suggestActions(values);
  }
  return { layout: 'generic', mapping, reasons };
}
