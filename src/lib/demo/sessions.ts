import { EventLog, type Clock } from './events';

/** What precedes the order in a purchase session. */
export type PurchaseLead = 'none' | 'view' | 'intent' | 'any';

/**
 * Single visits: one session of a given funnel stage on a given day, for one brand.
 * D = discover (impressions, clicks, views), E1 = search/like, E2 = engage (video, social,
 * samples), P = purchase intent (cart, favorite, coupon, deposit); plus orders and after-sales.
 */
export class SessionLog extends EventLog {
  private orderSeq = 1_000_000;
  private refundSeq = 0;

  protected sessD(day: number, b: number): void {
    const clock = { t: this.sessionStart(day) };
    let lastImp = '';
    for (let i = this.int(1, 3); i > 0; i--) lastImp = this.push(clock, 'impression', b).channel;
    if (this.chance(0.5))
      this.push(clock, 'click', b, this.chance(0.7) ? { channel: lastImp } : undefined);
    if (this.chance(0.8)) for (let i = this.int(1, 2); i > 0; i--) this.push(clock, 'view', b);
    if (this.chance(0.3)) this.push(clock, 'video', b, { dur: this.duration(false) });
  }

  protected sessE1(day: number, b: number): void {
    const clock = { t: this.sessionStart(day) };
    const search = this.chance(0.6);
    if (search) this.push(clock, 'search', b);
    for (let i = this.int(0, 2); i > 0; i--) this.push(clock, 'view', b);
    if (!search || this.chance(0.4)) this.push(clock, 'like', b);
  }

  protected sessE2(day: number, b: number, noD: boolean): void {
    const clock = { t: this.sessionStart(day) };
    if (!noD && this.chance(0.6)) this.push(clock, 'view', b);
    for (let i = this.int(1, 2); i > 0; i--) {
      const u = this.rng();
      if (!noD && u < 0.25) this.push(clock, 'video', b, { dur: this.duration(true) });
      else if (u < 0.45) this.push(clock, 'follow', b);
      else if (u < 0.65) this.push(clock, 'comment', b);
      else if (u < 0.8) this.push(clock, 'share', b);
      else this.push(clock, 'sample', b);
    }
  }

  private intentEvents(clock: Clock, day: number, b: number): void {
    const dep = this.cal.presale[day] ? 0.3 : 0.04;
    for (let i = this.int(1, 2); i > 0; i--) {
      const u = this.rng();
      if (u < dep) this.push(clock, 'deposit', b);
      else if (u < dep + (1 - dep) * 0.45) {
        this.push(clock, 'cart', b);
        if (this.chance(0.13)) this.push(clock, 'remove_from_cart', b);
      } else if (u < dep + (1 - dep) * 0.8) this.push(clock, 'favorite', b);
      else this.push(clock, 'coupon', b);
    }
  }

  protected sessP(day: number, b: number, noD: boolean): void {
    const clock = { t: this.sessionStart(day) };
    if (!noD && this.chance(0.5)) this.push(clock, 'view', b);
    this.intentEvents(clock, day, b);
  }

  /** One order (1-3 purchase rows), and sometimes a later refund of it. */
  private order(clock: Clock, day: number, b: number): void {
    const order = 'o' + ++this.orderSeq;
    const t0 = clock.t;
    const rows = this.chance(0.15) ? this.int(2, 3) : 1;
    const first = this.push(clock, 'purchase', b, { amount: this.price(b), order });
    for (let i = 1; i < rows; i++) {
      clock.t = t0 + this.int(0, 300);
      this.push(clock, 'purchase', b, {
        amount: this.price(b),
        order,
        channel: this.chance(0.8) ? first.channel : undefined,
      });
    }
    clock.t = Math.max(clock.t, t0 + 301);
    if (this.chance(0.05)) {
      let rd = day + this.int(1, 20);
      if (rd > this.days - 1) rd = this.days - 1;
      if (rd > day) {
        const unlinked = this.refundSeq++ % 500 === 499;
        const amount = this.chance(0.3)
          ? ''
          : Math.max(
              0.01,
              Math.floor(Number(first.amount) * (0.1 + 0.9 * this.rng()) * 100) / 100,
            ).toFixed(2);
        this.push({ t: this.sessionStart(rd) }, 'refund', b, {
          amount,
          order: unlinked ? 'o' + (900_000_000 + this.refundSeq) : order,
        });
      }
    }
  }

  protected purchaseSession(day: number, b: number, kind: PurchaseLead): void {
    const clock = { t: this.sessionStart(day) };
    if ((kind === 'view' || kind === 'any') && this.chance(0.6)) this.push(clock, 'view', b);
    if ((kind === 'intent' || kind === 'any') && this.chance(0.5)) this.intentEvents(clock, day, b);
    this.order(clock, day, b);
  }

  protected afterSession(day: number, b: number, action: 'review' | 'member' | 'share'): void {
    if (day > this.days - 1) return;
    const clock = { t: this.sessionStart(day) };
    this.push(clock, action, b);
    if (action === 'member' && this.chance(0.4)) this.push(clock, 'follow', b);
  }
}
