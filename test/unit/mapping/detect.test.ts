import { describe, expect, it } from 'vitest';
import { detectMapping, suggestActions, type SampleRow } from '../../../src/lib/mapping/detect';
import type { ColumnInfo } from '../../../src/lib/engine/types';

const cols = (spec: [string, string][]): ColumnInfo[] =>
  spec.map(([name, type]) => ({ name, type }));
const rowsOf = (names: string[], values: (string | null)[][]): SampleRow[] =>
  values.map((v) => Object.fromEntries(names.map((n, i) => [n, v[i]])));

describe('detectMapping: known public layouts', () => {
  it('REES46 store events', () => {
    const c = cols([
      ['event_time', 'VARCHAR'],
      ['event_type', 'VARCHAR'],
      ['product_id', 'BIGINT'],
      ['category_id', 'BIGINT'],
      ['category_code', 'VARCHAR'],
      ['brand', 'VARCHAR'],
      ['price', 'DOUBLE'],
      ['user_id', 'BIGINT'],
      ['user_session', 'VARCHAR'],
    ]);
    const rows = rowsOf(
      c.map((x) => x.name),
      [
        [
          '2019-10-01 00:00:00 UTC',
          'view',
          '44600062',
          '2103807459595387724',
          null,
          'shiseido',
          '35.79',
          '541312140',
          '72d76fde-8bb3-4e00-8c23-a032dfed738c',
        ],
        [
          '2019-10-01 00:00:00 UTC',
          'view',
          '3900821',
          '2053013552326770905',
          'appliances.environment.water_heater',
          'aqua',
          '33.2',
          '554748717',
          '9333dfbd-b87a-4708-9857-6336556b0fcc',
        ],
        [
          '2019-10-01 00:00:05 UTC',
          'cart',
          '1004856',
          '2053013555631882655',
          'electronics.smartphone',
          'samsung',
          '130.76',
          '512416379',
          '4695bcb5-2c0a-4c07-8cfa-c3bb3f8a7b8b',
        ],
        [
          '2019-10-01 00:02:14 UTC',
          'purchase',
          '1004856',
          '2053013555631882655',
          'electronics.smartphone',
          'samsung',
          '130.76',
          '512416379',
          '4695bcb5-2c0a-4c07-8cfa-c3bb3f8a7b8b',
        ],
      ],
    );
    const d = detectMapping(c, rows, ['view', 'cart', 'purchase', 'remove_from_cart']);
    expect(d.layout).toBe('rees46');
    expect(d.mapping.layout).toBe('rees46');
    expect(d.mapping.columns).toEqual({
      user_id: 'user_id',
      ts: 'event_time',
      action: 'event_type',
      amount: 'price',
      brand: 'brand',
      category: 'category_code',
    });
    expect(d.mapping.actions).toEqual({ view: 'view', cart: 'cart', purchase: 'purchase' });
    // DOMAIN.md: remove_from_cart → ignored.
    expect(d.mapping.actions.remove_from_cart).toBeUndefined();
    expect(d.mapping.actionConstant).toBeUndefined();
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it('Taobao UserBehavior (no header: column0..column4)', () => {
    const c = cols([
      ['column0', 'BIGINT'],
      ['column1', 'BIGINT'],
      ['column2', 'BIGINT'],
      ['column3', 'VARCHAR'],
      ['column4', 'BIGINT'],
    ]);
    const rows = rowsOf(
      c.map((x) => x.name),
      [
        ['1', '2268318', '2520377', 'pv', '1511544070'],
        ['1', '2333346', '2520771', 'pv', '1511561733'],
        ['1', '2576651', '149192', 'pv', '1511572885'],
        ['100', '1603476', '2951233', 'fav', '1511579908'],
        ['100', '2971043', '4869428', 'cart', '1511680360'],
        ['100', '4182583', '1258177', 'buy', '1511681179'],
        ['1000', '1524380', '4181361', 'pv', '1505118000'],
      ],
    );
    const d = detectMapping(c, rows);
    expect(d.layout).toBe('taobao');
    expect(d.mapping.columns).toEqual({
      user_id: 'column0',
      ts: 'column4',
      action: 'column3',
      category: 'column2',
    });
    expect(d.mapping.tsUnit).toBe('s');
    expect(d.mapping.actions).toEqual({
      pv: 'view',
      fav: 'favorite',
      cart: 'cart',
      buy: 'purchase',
    });
    expect(d.mapping.columns.brand).toBeUndefined();
    expect(d.mapping.columns.amount).toBeUndefined();
  });

  it('five headerless columns that are not Taobao are mapped generically, not as Taobao', () => {
    const c = cols([
      ['column0', 'BIGINT'],
      ['column1', 'VARCHAR'],
      ['column2', 'VARCHAR'],
      ['column3', 'VARCHAR'],
      ['column4', 'DOUBLE'],
    ]);
    const rows = rowsOf(
      c.map((x) => x.name),
      [['1', 'a', 'b', 'hello', '3.5']],
    );
    expect(detectMapping(c, rows).layout).toBe('generic');
  });

  it('UCI Online Retail', () => {
    const c = cols([
      ['InvoiceNo', 'VARCHAR'],
      ['StockCode', 'VARCHAR'],
      ['Description', 'VARCHAR'],
      ['Quantity', 'BIGINT'],
      ['InvoiceDate', 'VARCHAR'],
      ['UnitPrice', 'DOUBLE'],
      ['CustomerID', 'DOUBLE'],
      ['Country', 'VARCHAR'],
    ]);
    const rows = rowsOf(
      c.map((x) => x.name),
      [
        [
          '536365',
          '85123A',
          'WHITE HANGING HEART T-LIGHT HOLDER',
          '6',
          '2010-12-01 08:26:00',
          '2.55',
          '17850.0',
          'United Kingdom',
        ],
        [
          '536365',
          '71053',
          'WHITE METAL LANTERN',
          '6',
          '2010-12-01 08:26:00',
          '3.39',
          '17850.0',
          'United Kingdom',
        ],
        [
          'C536379',
          'D',
          'Discount',
          '-1',
          '2010-12-01 09:41:00',
          '27.5',
          '14527.0',
          'United Kingdom',
        ],
        ['536414', '22139', null, '56', '2010-12-01 11:52:00', '0.0', null, 'United Kingdom'],
      ],
    );
    const d = detectMapping(c, rows);
    expect(d.layout).toBe('uci-online-retail');
    expect(d.mapping.columns).toEqual({
      user_id: 'CustomerID',
      ts: 'InvoiceDate',
      amount: 'Quantity',
      order_id: 'InvoiceNo',
    });
    expect(d.mapping.amountTimes).toBe('UnitPrice');
    expect(d.mapping.actionConstant).toBe('purchase');
    expect(d.mapping.returns).toEqual({
      quantityColumn: 'Quantity',
      invoiceColumn: 'InvoiceNo',
      cancelPrefix: 'C',
    });
  });

  it('UCI Online Retail II ("Customer ID" with a space, Invoice, Price)', () => {
    const c = cols([
      ['Invoice', 'VARCHAR'],
      ['StockCode', 'VARCHAR'],
      ['Description', 'VARCHAR'],
      ['Quantity', 'BIGINT'],
      ['InvoiceDate', 'VARCHAR'],
      ['Price', 'DOUBLE'],
      ['Customer ID', 'DOUBLE'],
      ['Country', 'VARCHAR'],
    ]);
    const rows = rowsOf(
      c.map((x) => x.name),
      [
        [
          '489434',
          '85048',
          '15CM CHRISTMAS GLASS BALL 20 LIGHTS',
          '12',
          '2009-12-01 07:45:00',
          '6.95',
          '13085.0',
          'United Kingdom',
        ],
        [
          '489434',
          '79323W',
          ' WHITE CHERRY LIGHTS',
          '12',
          '2009-12-01 07:45:00',
          '6.75',
          '13085.0',
          'United Kingdom',
        ],
        [
          'C489449',
          '22087',
          'PAPER BUNTING WHITE LACE',
          '-12',
          '2009-12-01 10:33:00',
          '2.95',
          '16321.0',
          'Australia',
        ],
      ],
    );
    const d = detectMapping(c, rows);
    expect(d.layout).toBe('uci-online-retail-ii');
    expect(d.mapping.columns).toEqual({
      user_id: 'Customer ID',
      ts: 'InvoiceDate',
      amount: 'Quantity',
      order_id: 'Invoice',
    });
    expect(d.mapping.amountTimes).toBe('Price');
    expect(d.mapping.actionConstant).toBe('purchase');
    expect(d.mapping.returns).toEqual({
      quantityColumn: 'Quantity',
      invoiceColumn: 'Invoice',
      cancelPrefix: 'C',
    });
  });
});

describe('detectMapping: generic files', () => {
  it('customer_id, event_date, event_name, price', () => {
    const c = cols([
      ['customer_id', 'VARCHAR'],
      ['event_date', 'VARCHAR'],
      ['event_name', 'VARCHAR'],
      ['price', 'DOUBLE'],
    ]);
    const rows = rowsOf(
      c.map((x) => x.name),
      [
        ['c1', '2024-01-01', 'page_view', null],
        ['c1', '2024-01-02', 'add_to_cart', '9.99'],
        ['c2', '2024-01-02', 'purchase', '9.99'],
        ['c2', '2024-01-03', 'remove_from_cart', null],
      ],
    );
    const d = detectMapping(c, rows);
    expect(d.layout).toBe('generic');
    expect(d.mapping.columns).toEqual({
      user_id: 'customer_id',
      ts: 'event_date',
      action: 'event_name',
      amount: 'price',
    });
    expect(d.mapping.actionConstant).toBeUndefined();
    expect(d.mapping.actions).toEqual({
      page_view: 'view',
      add_to_cart: 'cart',
      purchase: 'purchase',
    });
  });

  it('Taobao columns with a header are mapped by name, with Unix seconds', () => {
    const names = ['user_id', 'item_id', 'category_id', 'behavior_type', 'timestamp'];
    const c = cols(names.map((n, i) => [n, i === 3 ? 'VARCHAR' : 'BIGINT']));
    const rows = rowsOf(names, [
      ['1', '2268318', '2520377', 'pv', '1511544070'],
      ['1', '2333346', '2520771', 'buy', '1511561733'],
    ]);
    const d = detectMapping(c, rows);
    expect(d.mapping.columns).toEqual({
      user_id: 'user_id',
      ts: 'timestamp',
      action: 'behavior_type',
      category: 'category_id',
    });
    expect(d.mapping.tsUnit).toBe('s');
    expect(d.mapping.actions).toEqual({ pv: 'view', buy: 'purchase' });
  });

  it('an order log without a behaviour column: every row is a purchase', () => {
    const c = cols([
      ['customer_id', 'VARCHAR'],
      ['order_date', 'VARCHAR'],
      ['revenue', 'BIGINT'],
      ['first_name', 'VARCHAR'],
    ]);
    const rows = rowsOf(
      c.map((x) => x.name),
      [['Jane Doe', '2006-12-30', '1500', 'Jane']],
    );
    const d = detectMapping(c, rows);
    expect(d.mapping.columns).toEqual({
      user_id: 'customer_id',
      ts: 'order_date',
      amount: 'revenue',
    });
    expect(d.mapping.actionConstant).toBe('purchase');
  });

  it('finds the action column by its values and reads Unix milliseconds', () => {
    const c = cols([
      ['uid', 'VARCHAR'],
      ['time', 'BIGINT'],
      ['what', 'VARCHAR'],
    ]);
    const rows = rowsOf(
      ['uid', 'time', 'what'],
      [
        ['a', '1704103200000', 'pv'],
        ['b', '1704103500000', 'buy'],
      ],
    );
    const d = detectMapping(c, rows);
    expect(d.mapping.columns).toEqual({ user_id: 'uid', ts: 'time', action: 'what' });
    expect(d.mapping.tsUnit).toBe('ms');
    expect(d.mapping.actions).toEqual({ pv: 'view', buy: 'purchase' });
  });

  it('finds a timestamp column with an unknown name by its date values', () => {
    const c = cols([
      ['customer', 'VARCHAR'],
      ['when', 'VARCHAR'],
      ['event', 'VARCHAR'],
    ]);
    const rows = rowsOf(['customer', 'when', 'event'], [['m1', '2024-01-01 10:00:00', 'view']]);
    const d = detectMapping(c, rows);
    expect(d.mapping.columns).toEqual({ user_id: 'customer', ts: 'when', action: 'event' });
  });
});

describe('suggestActions', () => {
  it('maps pv, add_to_cart and buy; leaves remove_from_cart unmapped', () => {
    const s = suggestActions(['pv', 'add_to_cart', 'buy', 'remove_from_cart']);
    expect(s).toEqual({ pv: 'view', add_to_cart: 'cart', buy: 'purchase' });
    expect('remove_from_cart' in s).toBe(false);
  });

  it('keeps the raw spelling as the key and ignores case, spaces and punctuation', () => {
    expect(suggestActions(['Add To Cart', 'PV', ' view ', 'purchase', 'fav', ''])).toEqual({
      'Add To Cart': 'cart',
      PV: 'view',
      view: 'view',
      purchase: 'purchase',
      fav: 'favorite',
    });
  });
});
