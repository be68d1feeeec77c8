#!/usr/bin/env python3
"""Builds the marmara sample region: maps/marmara/accounts.csv (about 250 made-up B2B
accounts around Istanbul, Kocaeli and Bursa) and maps/marmara/rep.json (one rep based in
Bursa).

Deterministic: the same gazetteer and seed give byte-identical files.

    python3 maps/marmara/generate.py \
        [--gazetteer maps/gazetteer/tr-districts.geojson] [--seed 20261130] \
        [--out maps/marmara]

Only the Python standard library is used. Points are scattered (Gaussian, ~1.2 km) around
real district centres taken from the gazetteer; every name, value and date is invented.
"""
import argparse
import csv
import datetime
import json
import math
import os
import random

# The Monday the sample week starts on; `saha demo` plans this week (see cmd_demo.c).
WEEK_START = datetime.date(2026, 11, 30)

# Accounts per province, and districts left out (islands: points would land in the sea).
PROVINCES = {"Bursa": 105, "Kocaeli": 60, "İstanbul": 85}
SKIP_DISTRICTS = {"Adalar"}
# Districts weighted up (industrial zones): more accounts land there.
HEAVY = {"Nilüfer": 4, "Osmangazi": 4, "Yıldırım": 3, "İnegöl": 3, "Gemlik": 2,
         "Gebze": 4, "İzmit": 3, "Dilovası": 2, "Çayırova": 2, "Körfez": 2,
         "Esenyurt": 2, "Başakşehir": 2, "Ümraniye": 2, "Tuzla": 2, "Şişli": 2}

PREFIXES = ["Anadolu", "Marmara", "Yıldız", "Özkan", "Demirtaş", "Kayalar", "Uludağ",
            "Boğaziçi", "Körfez", "Doğanay", "Aksoy", "Başak", "Güneşli", "Ekin",
            "Toprakoğlu", "Çelikler", "Akınsu", "Özgür", "Sönmez", "Ertuğrul", "Karaca",
            "Yeşilova", "Altınbaş", "Erdem", "Kılıçoğlu", "Tunalı", "Bilgin", "Şahin",
            "Gökçe", "Uçar", "Aydınlı", "Ilgaz", "Bayraktar", "Çınar", "Deniz", "Nur"]
SECTORS = {
    "Bursa": ["Tekstil", "Otomotiv Yedek Parça", "Makine", "Gıda", "Mobilya", "Dokuma",
              "Döküm", "Kalıp"],
    "Kocaeli": ["Kimya", "Otomotiv", "Plastik", "Ambalaj", "Lastik", "Metal", "Boya",
                "Lojistik"],
    "İstanbul": ["Elektrik", "Medikal", "Gıda", "Ambalaj", "İnşaat Malzemeleri",
                 "Bilişim", "Kozmetik", "Lojistik", "Tekstil", "Matbaa"],
}
SUFFIXES = ["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş.", "Tic. Ltd. Şti.", "Sanayi A.Ş."]
SEGMENTS = ["A", "B", "B", "C", "C", "C"]

HOURS = [  # (weight, OSM opening_hours)
    (30, "Mo-Fr 08:30-18:00"),
    (18, "Mo-Fr 09:00-17:00"),
    (12, "Mo-Fr 08:00-12:00,13:00-17:00"),
    (10, "Mo-Fr 09:00-18:00; Sa 09:00-13:00"),
    (8, ""),                              # no hours given: always open
    (6, "Tu-Fr 09:00-17:30"),             # closed on Mondays
    (5, "Mo-Th 08:30-16:30; Fr 08:30-12:00"),
    (4, "Mo,We,Fr 10:00-16:00"),
    (3, "Mo-Fr 07:30-15:30"),
    (2, "Sa 09:00-14:00"),                # Saturday only: never open on the rep's days
]


def weighted(rng, pairs):
    total = sum(w for w, _ in pairs)
    x = rng.uniform(0, total)
    for w, v in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][1]


def scatter(rng, lat, lon, sigma_km):
    dlat = rng.gauss(0, sigma_km) / 111.32
    dlon = rng.gauss(0, sigma_km) / (111.32 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def deal_value(rng):
    """Skewed like a real pipeline: lognormal body (median ~18,000 TRY) with a Pareto
    tail for the few large deals. Rounded to 500 TRY."""
    if rng.random() < 0.06:
        v = 250000 * rng.paretovariate(1.6)
    else:
        v = rng.lognormvariate(math.log(18000), 0.9)
    return int(round(min(v, 2500000) / 500.0)) * 500


NOTES = [
    "Ask for Mr. Yılmaz in purchasing; gate 2.",
    "Park behind the building; reception on the 1st floor.",
    "Bring the new price list.",
    "Prefers visits before noon.",
    "Follow up on the sample order.",
    "Call 15 minutes ahead.",
    "Decision maker: the plant manager, Ms. Kaya.",
    "Payment terms under discussion; bring the offer.",
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazetteer",
                    default=os.path.join(here, "..", "gazetteer", "tr-districts.geojson"))
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--out", default=here)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    with open(args.gazetteer, encoding="utf-8") as f:
        gaz = json.load(f)
    districts = {p: [] for p in PROVINCES}
    for feat in gaz["features"]:
        prov = feat["properties"]["province"]
        name = feat["properties"]["district"].split(" / ")[0]
        if prov in districts and name not in SKIP_DISTRICTS:
            lon, lat = feat["geometry"]["coordinates"]
            districts[prov].append((name, lat, lon))
    for p in districts:
        districts[p].sort()

    rows = []
    used_names = set()
    n = 0
    for prov, count in PROVINCES.items():
        pool = [(HEAVY.get(d[0], 1), d) for d in districts[prov]]
        for _ in range(count):
            n += 1
            dname, clat, clon = weighted(rng, pool)
            lat, lon = scatter(rng, clat, clon, 1.2)
            while True:
                name = "%s %s %s" % (rng.choice(PREFIXES), rng.choice(SECTORS[prov]),
                                     rng.choice(SUFFIXES))
                if name not in used_names:
                    used_names.add(name)
                    break
            row = {
                "id": "MR%04d" % n,
                "name": name,
                "address": "%s, %s, Türkiye" % (dname, prov),
                "district": dname,
                "city": prov,
                "lat": "%.6f" % lat,
                "lon": "%.6f" % lon,
                "value": str(deal_value(rng)),
                "probability": "%.2f" % rng.choice([0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6,
                                                    0.75, 0.9]),
                "visit_minutes": str(rng.choice([20, 30, 30, 30, 45, 45, 60, 90])),
                "opening_hours": weighted(rng, HOURS),
                "must_visit": "",
                "appointment": "",
                "last_visit": "",
                "frequency_days": "",
                "segment": rng.choice(SEGMENTS),
            }
            if rng.random() < 0.3:
                freq = rng.choice([14, 30, 30, 60, 90])
                ago = rng.randint(3, 150)
                row["frequency_days"] = str(freq)
                row["last_visit"] = (WEEK_START - datetime.timedelta(days=ago)).isoformat()
            # ~10% address only: left for `saha geocode` (district centre level).
            if rng.random() < 0.10:
                row["lat"] = row["lon"] = ""
            rows.append(row)

    # A handful of must-visit accounts near home (Bursa), with coordinates.
    bursa = [r for r in rows if r["city"] == "Bursa" and r["lat"] and
             r["opening_hours"] not in ("Sa 09:00-14:00", "Mo,We,Fr 10:00-16:00")]
    for r in rng.sample(bursa, 5):
        r["must_visit"] = "true"
    # Two appointments in the sample week (Bursa Tuesday morning, Kocaeli Thursday morning).
    # (A province left out by tests/bench/week_gen.py --provinces: any city instead.)
    def pick(city):
        ok = [r for r in rows if r["lat"] and not r["must_visit"]
              and r["opening_hours"] in ("Mo-Fr 08:30-18:00", "Mo-Fr 09:00-17:00", "")]
        cands = [r for r in ok if r["city"] == city]
        return rng.choice(cands or ok)
    a = pick("Bursa")
    a["appointment"] = "%sT10:30" % (WEEK_START + datetime.timedelta(days=1)).isoformat()
    b = pick("Kocaeli")
    b["appointment"] = "%sT11:00" % (WEEK_START + datetime.timedelta(days=3)).isoformat()

    # Contact columns, under Turkish headers (saha folds them to phone and notes), from a
    # generator of their own so the columns above stay as they were.
    extra = random.Random(args.seed + 1)
    area = {"Bursa": ["224"], "Kocaeli": ["262"], "İstanbul": ["212", "216"]}
    for r in rows:
        r["telefon"] = ""
        r["notlar"] = ""
        if extra.random() < 0.85:
            r["telefon"] = "+90 %s %03d %02d %02d" % (
                extra.choice(area.get(r["city"], ["312"])), extra.randint(200, 999),
                extra.randint(0, 99), extra.randint(0, 99))
        if extra.random() < 0.25:
            r["notlar"] = extra.choice(NOTES)

    cols = ["id", "name", "address", "district", "city", "lat", "lon", "value",
            "probability", "visit_minutes", "opening_hours", "must_visit", "appointment",
            "last_visit", "frequency_days", "segment", "telefon", "notlar"]
    with open(os.path.join(args.out, "accounts.csv"), "w", encoding="utf-8",
              newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)

    # Written as text so the file stays easy to read and edit by hand.
    rep = """{
  "name": "Ayşe Demir",
  "home": {"lat": 40.2106, "lon": 29.0095},
  "timezone": "Europe/Istanbul",
  "days": ["Mo", "Tu", "We", "Th", "Fr"],
  "day_start": "08:30",
  "day_end": "18:00",
  "lunch": {"earliest": "12:00", "latest": "14:00", "minutes": 45},
  "max_drive_minutes_per_day": 300,
  "travel": {"circuity": 1.3, "speed_kmh": [[5, 25], [50, 50], [1e9, 80]]},
  "cost": {"per_km": 9.0, "per_hour": 450, "currency": "TRY"},
  "overnight": {"allowed": true, "hotel_cost": 3000}
}
"""
    json.loads(rep)
    with open(os.path.join(args.out, "rep.json"), "w", encoding="utf-8") as f:
        f.write(rep)


if __name__ == "__main__":
    main()
