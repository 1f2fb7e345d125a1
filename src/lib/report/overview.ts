import {
  buildBrandsSql,
  buildEventsByActionSql,
  buildEventsByDaySql,
  buildMoneySql,
  buildOverviewTotalsSql,
} from '../sql/analysis/overview';
import { num, type SqlRunner } from './runner';

/** The overview numbers shown in the first view and printed by `assetflow inspect`. */
export interface Overview {
  events: number;
  users: number;
  brands: number;
  categories: number;
  sources: number;
  channels: number;
  dateFrom: string | null;
  dateTo: string | null;
  byAction: { action: string; events: number; users: number }[];
  byDay: { date: string; events: number; purchases: number }[];
  brandList: {
    brand: string;
    users: number;
    events: number;
    categoryCount: number;
    categories: string[];
  }[];
  money: {
    orders: number;
    occasions: number;
    buyers: number;
    gross: number | null;
    refunded: number | null;
    gmv: number | null;
    refundLinks: number;
  };
}

/** Runs every overview query against the prepared `events` table. */
export async function runOverview(runner: SqlRunner, moneyAvailable: boolean): Promise<Overview> {
  const [t] = await runner.all(buildOverviewTotalsSql());
  const byAction = (await runner.all(buildEventsByActionSql())).map((r) => ({
    action: String(r.action),
    events: num(r.events),
    users: num(r.users),
  }));
  const byDay = (await runner.all(buildEventsByDaySql())).map((r) => ({
    date: String(r.date),
    events: num(r.events),
    purchases: num(r.purchases),
  }));
  const brandList = (await runner.all(buildBrandsSql())).map((r) => ({
    brand: String(r.brand),
    users: num(r.users),
    events: num(r.events),
    categoryCount: num(r.category_count),
    categories: r.categories ? String(r.categories).split('\u001e') : [],
  }));
  const [m] = await runner.all(buildMoneySql(moneyAvailable));
  return {
    events: num(t?.events),
    users: num(t?.users),
    brands: num(t?.brands),
    categories: num(t?.categories),
    sources: num(t?.sources),
    channels: num(t?.channels),
    dateFrom: t?.date_from == null ? null : String(t.date_from),
    dateTo: t?.date_to == null ? null : String(t.date_to),
    byAction,
    byDay,
    brandList,
    money: {
      orders: num(m?.orders),
      occasions: num(m?.occasions),
      buyers: num(m?.buyers),
      gross: moneyAvailable ? num(m?.gross) : null,
      refunded: moneyAvailable ? num(m?.refunded) : null,
      gmv: moneyAvailable ? num(m?.gmv) : null,
      refundLinks: num(m?.refund_links),
    },
  };
}
