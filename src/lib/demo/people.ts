import { CATEGORY_SPECS, JOURNEY_PICK, REPEAT_PICK } from './catalog';
import { pick } from './random';
import { SessionLog } from './sessions';

/**
 * Per-user journeys over the year: browsers who stop at some funnel stage, buyers (long, short,
 * "pen" and instant paths to a first purchase, then repeats and after-sales), a second brand of
 * the same category, and a rare other-category discovery.
 */
export class DemoWorld extends SessionLog {
  private runPhases(phases: string[], lo: number, hi: number, b: number, noD: boolean): void {
    const days = phases.map(() => this.eventDay(lo, hi)).sort((x, y) => x - y);
    phases.forEach((ph, i) => {
      if (ph === 'D') this.sessD(days[i], b);
      else if (ph === 'E1') this.sessE1(days[i], b);
      else if (ph === 'E2') this.sessE2(days[i], b, noD);
      else this.sessP(days[i], b, noD);
    });
  }

  private rep(ph: string, lo: number, hi: number): string[] {
    return Array.from({ length: this.int(lo, hi) }, () => ph);
  }

  /** A non-buying visit chain ending at funnel stage `stop` (0 = D, 1 = E1, 2 = E2, 3 = P). */
  private browse(b: number, stop: number): void {
    const anchor = this.eventDay(0, this.days - 1);
    const phases = this.rep('D', 1, 3);
    if (stop >= 1 && (stop === 1 || this.chance(0.6))) phases.push(...this.rep('E1', 1, 2));
    if (stop >= 2 && (stop === 2 || this.chance(0.5))) phases.push(...this.rep('E2', 1, 2));
    if (stop >= 3) phases.push(...this.rep('P', 1, 2));
    this.runPhases(phases, anchor - 20, anchor, b, false);
  }

  private buyer(b: number, repeat: boolean): void {
    const kind = pick(this.rng, JOURNEY_PICK);
    const dp = this.buyDay(Math.min(this.days - 1, 10), this.days - 1);
    const lo = dp - this.int(10, 25);
    if (kind === 'long') {
      const phases = [...this.rep('D', 1, 3), ...this.rep('E1', 0, 2)];
      const p = this.chance(0.8);
      phases.push(...this.rep('E2', p ? 0 : 1, 2), ...this.rep('P', p ? 1 : 0, 2));
      this.runPhases(phases, lo, dp - 1, b, false);
      this.purchaseSession(dp, b, 'any');
    } else if (kind === 'short') {
      const p = this.chance(0.6);
      this.runPhases(
        [...this.rep('E2', p ? 0 : 1, 2), ...this.rep('P', p ? 1 : 0, 2)],
        lo,
        dp - 1,
        b,
        true,
      );
      this.purchaseSession(dp, b, 'intent');
    } else if (kind === 'pen') {
      this.runPhases([...this.rep('D', 1, 3), ...this.rep('E1', 0, 2)], lo, dp - 1, b, false);
      this.purchaseSession(dp, b, 'view');
    } else this.purchaseSession(dp, b, 'none');

    const total = repeat ? pick(this.rng, REPEAT_PICK) : 1;
    let last = dp;
    const purchaseDays = [dp];
    for (let k = 1; k < total; k++) {
      if (last + 5 > this.days - 1) break;
      const d = this.buyDay(last + 5, last + 90);
      if (d - last >= 3 && this.chance(0.6))
        this.runPhases(this.rep('P', 1, 2), d - 10, d - 1, b, false);
      if (this.chance(0.4)) this.sessD(this.eventDay(last + 1, d - 1), b);
      this.purchaseSession(d, b, 'any');
      purchaseDays.push(d);
      last = d;
    }
    const multi = purchaseDays.length > 1;
    for (const d of purchaseDays)
      if (this.chance(multi ? 0.45 : 0.2)) this.afterSession(d + this.int(2, 14), b, 'review');
    if (this.chance(multi ? 0.5 : 0.08))
      this.afterSession(
        purchaseDays[this.int(0, purchaseDays.length - 1)] + this.int(0, 10),
        b,
        'member',
      );
    if (multi && this.chance(0.25)) this.afterSession(last + this.int(1, 20), b, 'share');
    if (this.chance(0.3)) this.sessD(this.eventDay(dp + 1, this.days - 1), b);
  }

  private secondary(b: number): void {
    const u = this.rng();
    if (u < 0.1) {
      const d = this.buyDay(0, this.days - 1);
      this.runPhases(this.rep('D', 0, 1), d - 15, d - 1, b, false);
      this.purchaseSession(d, b, 'view');
    } else this.browse(b, u < 0.65 ? 0 : u < 0.85 ? 1 : u < 0.93 ? 2 : 3);
  }

  /** Generates one user's rows, in time order. */
  user(index: number): string[] {
    this.beginUser(index);
    const cat = pick(this.rng, this.catPick);
    const main = this.pickBrand(cat, -1);
    if (this.chance(0.45)) this.buyer(main, this.chance(0.32));
    else {
      const u = this.rng();
      this.browse(main, u < 0.45 ? 0 : u < 0.7 ? 1 : u < 0.82 ? 2 : 3);
      if (this.chance(0.35)) this.browse(main, this.chance(0.7) ? 0 : 1);
    }
    if (this.chance(0.2)) this.secondary(this.pickBrand(cat, main));
    if (this.chance(0.03)) {
      const other = CATEGORY_SPECS.filter((c) => c.category !== cat);
      this.sessD(
        this.eventDay(0, this.days - 1),
        this.pickBrand(other[this.int(0, other.length - 1)].category, -1),
      );
    }
    return this.finishUser();
  }
}
