/**
 * DOMAIN.md §9 RFM on the public UCI Online Retail file (../shared/data), worked by hand for a few
 * customers from their raw rows, plus invariants over the whole population.
 *
 * Mapping (DOMAIN.md §1, detected layout): user = CustomerID, order = InvoiceNo, amount =
 * Quantity × UnitPrice, every row a purchase line; rows with Quantity ≤ 0 or an invoice starting
 * with `C` are returns: excluded from purchases (not refunds: they never cancel the order they
 * return). Exact duplicate rows are dropped first. One brand (the file is one shop).
 *
 * T = 2011-12-09 (the file's last date; day of year 343 of 2011, not a leap year). The RFM window
 * T−364 … T is 2010-12-10 … 2011-12-09. R = 343 − (day of year of the last occasion).
 *
 * The customers' rows were read with DuckDB; the sums below were worked out from those rows (the
 * per-invoice totals of 12347 were re-added line by line in exact decimals, and agree).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileFrom, nodeEngine } from '../engine/node-engine';
import { inspectDataset } from '../../../src/lib/report/inspect';
import type { SqlRunner } from '../../../src/lib/report/runner';
import { runRfm } from '../../../src/lib/report/rfm';
import { buildRfmUsersSql, DEFAULT_RFM } from '../../../src/lib/sql/analysis/rfm';
import { DEFAULT_RULES } from '../../../src/lib/sql/analysis/rules';
import type { EngineApi } from '../../../src/lib/engine/types';
import { makeRunner } from './runner';

let api: EngineApi;
let runner: SqlRunner;
beforeAll(async () => {
  api = await nodeEngine();
  runner = makeRunner(api);
});

const DATA = path.resolve(import.meta.dirname, '../../../../shared/data');
const HAS = existsSync(DATA);
const T = '2011-12-09';

describe('RFM on UCI Online Retail', () => {
  it.skipIf(!HAS)(
    `hand-worked R/F/M of four customers, population invariants${HAS ? '' : ' [SKIPPED: ../shared/data is absent]'}`,
    async () => {
      const r = await api.registerFiles(
        [fileFrom(path.join(DATA, 'uci_online_retail_2010-12_2011-12.parquet'))],
        {},
      );
      if (!r.ok) throw new Error(r.error.message);
      const rep = await inspectDataset(runner, r.value.table, r.value.columns);
      expect(rep.overview.brandList).toHaveLength(1);
      const brand = rep.overview.brandList[0].brand;
      expect(rep.meta.moneyAvailable).toBe(true);
      const spec = {
        brand,
        asOf: T,
        moneyAvailable: rep.meta.moneyAvailable,
        rules: DEFAULT_RULES,
        rfm: DEFAULT_RFM,
      };
      const rows = await runner.all(buildRfmUsersSql(spec));
      const by = new Map(rows.map((x) => [String(x.user_id), x]));
      const rfm = (id: string) => {
        const x = by.get(id);
        return x ? [Number(x.recency), Number(x.frequency), Number(x.monetary)] : null;
      };

      // 12346: two rows.
      //   541431  2011-01-18 10:01  23166  Quantity  74215  UnitPrice 1.04 → 77,183.60
      //   C541433 2011-01-18 10:17  23166  Quantity −74215  UnitPrice 1.04 → a return: excluded
      // The return is not a refund, so invoice 541431 stays a purchase occasion of 77,183.60
      // (net > 0). R = 343 − 18 = 325, F = 1, M = 74215 × 1.04 = 77,183.60.
      expect(rfm('12346')).toEqual([325, 1, 77183.6]);

      // 12347: seven invoices, all lines with Quantity > 0, no `C` invoice, no duplicate rows.
      //   537626  2010-12-07  31 lines   711.79   before 2010-12-10 → outside the window
      //   542237  2011-01-26  29 lines   475.39
      //   549222  2011-04-07  24 lines   636.25
      //   556201  2011-06-09  18 lines   382.52
      //   562032  2011-08-02  22 lines   584.91
      //   573511  2011-10-31  47 lines  1294.32
      //   581180  2011-12-07  11 lines   224.82
      // F = 6; M = 475.39 + 636.25 + 382.52 + 584.91 + 1294.32 + 224.82
      //   = 1111.64 → 1494.16 → 2079.07 → 3373.39 → 3598.21; R = 9 − 7 = 2 (both in December).
      expect(rfm('12347')).toEqual([2, 6, 3598.21]);

      // 17850: 34 purchase invoices, all dated 2010-12-01 or 2010-12-02 (before 2010-12-10), and
      // one cancellation C543611 on 2011-02-10 (15 lines, Quantity < 0: a return, excluded).
      // No purchase occasion in the window → not an RFM buyer.
      expect(by.has('17850')).toBe(false);

      // 17940: 23 rows, every one in 2011 (inside the window).
      //   543549 02-10  432+1296+1296+1296+432 = 4752 × 0.22            = 1045.44
      //   545911 03-08  432+432 = 864 × 0.21                            =  181.44
      //   548910 04-05  21982 432 × 0.20 appears twice, byte-identical (the second copy is an
      //                 exact duplicate and is dropped), 22616 432 × 0.20 → 864 × 0.20 = 172.80
      //   C549452 04-08 Discount −1 × 1867.86 → return, excluded
      //   549468 04-08  Manual 1 × 1867.86 (Quantity > 0, not a `C` invoice: a purchase line) = 1867.86
      //   C551190 04-27, C554010 05-20, C554535 05-24 → returns, excluded
      //   552026 05-05  432 × 0.25                                      =  108.00
      //   558352 06-28  430 × 0.25                                      =  107.50
      //   558353 06-28  432 × 0.25 (another invoice the same day: its own occasion) = 108.00
      //   562155 08-03  216 × 3 = 648 × 0.25                            =  162.00
      //   564164 08-23  300 × 0.25                                      =   75.00
      //   572222 10-21  600 × 0.32                                      =  192.00
      // F = 10; M = 1045.44 + 181.44 + 172.80 + 1867.86 + 108 + 107.50 + 108 + 162 + 75 + 192
      //   = 1226.88 → 1399.68 → 3267.54 → 3375.54 → 3483.04 → 3591.04 → 3753.04 → 3828.04
      //   → 4020.04. R: 2011-10-21 is day 273 + 21 = 294 → 343 − 294 = 49.
      expect(rfm('17940')).toEqual([49, 10, 4020.04]);

      // Population invariants.
      const rfmRep = await runRfm(runner, spec);
      expect(rfmRep.buyers).toBe(rows.length);
      const tiers = ['high', 'medium', 'low'] as const;
      expect(tiers.reduce((a, t) => a + rfmRep.tiers[t].users, 0)).toBe(rfmRep.buyers);
      expect(tiers.reduce((a, t) => a + (rfmRep.tiers[t].revenueShare ?? 0), 0)).toBeCloseTo(1, 12);
      expect(Object.values(rfmRep.segments).reduce((a, s) => a + s.users, 0)).toBe(rfmRep.buyers);
      for (const d of ['R', 'F', 'M'] as const)
        expect(Object.values(rfmRep.scoreCounts[d]).reduce((a, b) => a + b, 0)).toBe(rfmRep.buyers);
      expect(rfmRep.grid.reduce((a, c) => a + c.users, 0)).toBe(rfmRep.buyers);
      // The single huge order of 12346 (77,183.60) is among the top M scores.
      expect(Number(by.get('12346')?.m)).toBe(5);
    },
    120_000,
  );
});
