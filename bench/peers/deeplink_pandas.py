#!/usr/bin/env python3
"""A peer, not product code: DEEPLINK stages (DOMAIN.md §2) and RFM (§9) in plain pandas.

This is the script an analyst would otherwise write for the demo CSV (the columns that
src/lib/demo/generate.ts writes). `npm run bench` times it against the app and checks that its
counts equal the engine's. It needs only Debian's python3-pandas (apt-get install python3-pandas).

    python3 bench/peers/deeplink_pandas.py bench/data/demo-1000000.csv [--brand B] [--as-of YYYY-MM-DD]

Without --brand: the brand with the most distinct users (ties by name); without --as-of: the last
event date. Prints one JSON object: {brand, asOf, stages, rfm: {buyers, tiers, segments},
seconds: {load, stages, rfm}, peakRssMB}.

What it implements of DOMAIN.md §1 (what matters for stages and RFM on this layout):
exact duplicate rows (compared as text) dropped; text trimmed; rows with an empty user, an
unparseable time or an empty action dropped; actions outside the canonical list ignored;
times with offsets converted to UTC, dates are UTC dates; orders = (brand, user, order id)
over purchase rows, amount = sum of the rows, date = the earliest row's; refunds link to the
order of the same user, order id and brand (an empty brand links to every brand's part), apply
from the later of the two dates, an empty refund amount refunds the whole order; a purchase
occasion at T is an order dated on or before T whose net amount at T is > 0.
Money is held in exact integers of 1/10,000 (the engine's DECIMAL(18,4)), not floats: with
float sums, buyers with equal spend can differ in the last bit and RANK() would split them.
Not implemented (the demo file has none of it): column mapping, date-only / Unix-time / named-zone
timestamps (pandas' parser is more lenient than DOMAIN.md §1 there), UCI returns, ids written as
floats, files without an amount column.
"""

import argparse
import json
import math
import resource
import time
from fractions import Fraction

import pandas as pd

CANONICAL = {
    "impression", "click", "view", "search", "video", "like", "follow", "member", "comment",
    "share", "sample", "favorite", "cart", "coupon", "deposit", "purchase", "review", "refund",
}
# Default rules (DOMAIN.md §2): windows in days, T included.
W_D, W_E1, W_E2, W_P, W_PURCHASE, W_O = 15, 15, 30, 15, 365, 180
RFM_WINDOW, K = 365, 5
TIERS = (Fraction("0.2"), Fraction("0.5"))
# (name, R range, F range, M range), first match wins (DOMAIN.md §9 defaults).
SEGMENTS = [
    ("Champions", (5, 5), (5, 5), (5, 5)),
    ("Potential Loyalist", (3, 5), (3, 5), (2, 5)),
    ("Loyal Customers", (2, 4), (2, 4), (2, 4)),
    ("Promising", (3, 4), (1, 3), (3, 5)),
    ("New Customers", (4, 5), (1, 3), (1, 5)),
    ("Can't Lose Them", (1, 2), (3, 4), (4, 5)),
    ("At Risk", (1, 2), (2, 5), (4, 5)),
    ("Need Attention", (1, 3), (3, 5), (3, 5)),
    ("About To Sleep", (2, 3), (1, 3), (1, 4)),
    ("Lost", (1, 1), (1, 5), (1, 5)),
]
STAGE_ORDER = ["D", "E1", "E2", "P", "I", "N", "K", "O"]
SCALE = 10_000  # money as integers of 1/10,000


def money(col):
    """Text amounts → Int64 of 1/10,000 (empty or unreadable → <NA>)."""
    return (pd.to_numeric(col, errors="coerce") * SCALE).round().astype("Int64")


def load(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = df.drop_duplicates()  # every column equal, as text; the first copy stays
    df = df.apply(lambda c: c.str.strip())
    df["ts"] = pd.to_datetime(df["event_time"], utc=True, errors="coerce")
    df = df[(df["user_id"] != "") & df["ts"].notna() & (df["action"] != "")]
    df = df[df["action"].isin(CANONICAL)].copy()
    df["date"] = df["ts"].dt.tz_localize(None).dt.normalize()
    df["amount"] = money(df["amount"])
    df["duration_s"] = pd.to_numeric(df["duration_s"], errors="coerce")
    for c in ("brand", "category", "order_id"):
        df[c] = df[c].mask(df[c] == "")  # empty → missing

    # Orders: purchase rows grouped by (brand, user, order id); no id = one order per row.
    p = df[df["action"] == "purchase"].copy()
    p["order_key"] = p["order_id"].fillna("\x01" + p.index.to_series().astype(str))
    orders = (
        p.assign(amount=p["amount"].fillna(0))
        .groupby(["brand", "user_id", "order_key"], dropna=False)
        .agg(ts=("ts", "min"), amount=("amount", "sum"))
        .reset_index()
    )
    orders["date"] = orders["ts"].dt.tz_localize(None).dt.normalize()

    # Refund links: same user and order id, same brand (an empty brand links to every brand).
    r = df[(df["action"] == "refund") & df["order_id"].notna()]
    r = r[["user_id", "order_id", "brand", "date", "amount"]].rename(
        columns={"order_id": "order_key", "brand": "r_brand", "date": "r_date", "amount": "r_amount"}
    )
    links = r.merge(orders, on=["user_id", "order_key"])
    links = links[links["r_brand"].isna() | (links["r_brand"] == links["brand"])].copy()
    links["effective"] = links[["r_date", "date"]].max(axis=1)
    links["refund"] = links["r_amount"].fillna(links["amount"])
    refunds = links[["brand", "user_id", "order_key", "effective", "refund"]]
    return df, orders, refunds


def occasions(orders, refunds, brand, t):
    """The brand's purchase occasions at T: orders on or before T with net amount > 0."""
    o = orders[(orders["brand"] == brand) & (orders["date"] <= t)]
    f = refunds[(refunds["brand"] == brand) & (refunds["effective"] <= t)]
    refunded = f.groupby(["user_id", "order_key"])["refund"].sum().rename("refunded")
    o = o.join(refunded, on=["user_id", "order_key"])
    o = o.assign(net=o["amount"] - o["refunded"].fillna(0))
    return o[o["net"] > 0]


def stages(df, orders, refunds, brand, t):
    """Users per stage at T (DOMAIN.md §2 default rules)."""
    ev = df[(df["brand"] == brand) & (df["date"] <= t) & (df["date"] > t - pd.Timedelta(days=365))]
    age = (t - ev["date"]).dt.days  # 0 on T
    a = ev["action"]
    flags = pd.DataFrame(
        {
            "user_id": ev["user_id"],
            "K_act": a.isin(["member", "review", "share"]) & (age < W_PURCHASE),
            "P": a.isin(["cart", "favorite", "coupon", "deposit"]) & (age < W_P),
            "E2": (a.isin(["follow", "member", "comment", "share", "sample"]) & (age < W_E2))
            | ((a == "video") & (ev["duration_s"] >= 60) & (age < W_E2)),
            "E1": a.isin(["search", "like"]) & (age < W_E1),
            "D": a.isin(["impression", "click", "view", "video"]) & (age < W_D),
        }
    )
    per_user = flags.groupby("user_id").any()
    views = ev[(a == "view") & (age < W_E1)]
    view_days = views.groupby("user_id")["date"].nunique()
    per_user["E1"] |= view_days.reindex(per_user.index, fill_value=0) >= 2

    occ = occasions(orders, refunds, brand, t)
    occ = occ[occ["date"] > t - pd.Timedelta(days=W_PURCHASE)]
    n_occ = occ.groupby("user_id").size()
    users = per_user.index.union(n_occ.index)
    per_user = per_user.reindex(users, fill_value=False)
    n = n_occ.reindex(users, fill_value=0)

    stage = pd.Series(None, index=users, dtype=object)
    rules = [  # deepest first; the first rule that holds wins
        ("K", (n >= 2) & per_user["K_act"]),
        ("N", n >= 2),
        ("I", n == 1),
        ("P", per_user["P"]),
        ("E2", per_user["E2"]),
        ("E1", per_user["E1"]),
        ("D", per_user["D"]),
    ]
    for name, holds in reversed(rules):
        stage[holds] = name
    staged = stage.dropna()

    # O: no brand stage, but a mapped event in one of the brand's categories in 180 days.
    cats = set(df.loc[df["brand"] == brand, "category"].dropna())
    o_ev = df[
        df["category"].isin(cats) & (df["date"] <= t) & (df["date"] > t - pd.Timedelta(days=W_O))
    ]
    o_users = set(o_ev["user_id"]) - set(staged.index)

    counts = staged.value_counts()
    out = {s: int(counts.get(s, 0)) for s in STAGE_ORDER}
    out["O"] = len(o_users)
    return out


def rfm(orders, refunds, brand, t):
    """§9 with the defaults: equal-frequency scores (RANK), tiers 20/50, named segments."""
    occ = occasions(orders, refunds, brand, t)
    occ = occ[occ["date"] > t - pd.Timedelta(days=RFM_WINDOW)]
    u = occ.groupby("user_id").agg(last=("date", "max"), F=("net", "size"), M=("net", "sum"))
    u["R"] = (t - u["last"]).dt.days
    n = len(u)

    def score(values, ascending):
        rank = values.rank(method="min", ascending=ascending).astype(int)  # SQL RANK()
        return 1 + (K * (rank - 1)) // n

    u["r"] = score(u["R"], ascending=False)  # fewer days is better
    u["f"] = score(u["F"], ascending=True)
    u["m"] = score(u["M"].astype("int64"), ascending=True)
    u["score"] = u["r"] + u["f"] + u["m"]

    u = u.reset_index().sort_values(["score", "M", "user_id"], ascending=[False, False, True])
    pos = pd.Series(range(1, n + 1), index=u.index)  # 1-based position in that order
    u["tier"] = "low"
    u.loc[pos <= math.floor(TIERS[1] * n), "tier"] = "medium"
    u.loc[pos <= math.floor(TIERS[0] * n), "tier"] = "high"

    u["segment"] = "Others"
    free = pd.Series(True, index=u.index)
    for name, rr, ff, mm in SEGMENTS:
        hit = (
            free
            & u["r"].between(*rr)
            & u["f"].between(*ff)
            & u["m"].between(*mm)
        )
        u.loc[hit, "segment"] = name
        free &= ~hit

    def groups(key, names):
        g = u.groupby(key)["M"].agg(["size", "sum"])
        return {
            k: {
                "users": int(g["size"].get(k, 0)),
                "revenue": round2(int(g["sum"].get(k, 0))),
            }
            for k in names
        }

    return {
        "buyers": n,
        "tiers": groups("tier", ["high", "medium", "low"]),
        "segments": groups("segment", [s[0] for s in SEGMENTS] + ["Others"]),
    }


def round2(units):
    """Integer 1/10,000 units → money rounded half up to cents (as the engine's report does)."""
    return (units + 50) // 100 / 100 if units >= 0 else -((-units + 50) // 100) / 100


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv")
    ap.add_argument("--brand")
    ap.add_argument("--as-of", dest="as_of")
    args = ap.parse_args()

    t0 = time.perf_counter()
    df, orders, refunds = load(args.csv)
    t1 = time.perf_counter()
    brand = args.brand
    if brand is None:
        users = df[df["brand"].notna()].groupby("brand")["user_id"].nunique()
        brand = sorted(users.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    t = pd.Timestamp(args.as_of) if args.as_of else df["date"].max()
    st = stages(df, orders, refunds, brand, t)
    t2 = time.perf_counter()
    rf = rfm(orders, refunds, brand, t)
    t3 = time.perf_counter()
    print(
        json.dumps(
            {
                "brand": brand,
                "asOf": t.strftime("%Y-%m-%d"),
                "stages": st,
                "rfm": rf,
                "seconds": {"load": t1 - t0, "stages": t2 - t1, "rfm": t3 - t2},
                "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
