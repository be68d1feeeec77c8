#!/usr/bin/env python3
"""Writes the territory sample: accounts.csv and reps.csv for the Marmara and Aegean
regions of Turkey. Deterministic (fixed seed); python3 standard library only.

    python3 maps/marmara-aegean/generate.py [--gazetteer PATH] [--out DIR]

Accounts are scattered (Gaussian, sigma ~ 2 km, wider in rural districts) around real
district centres from maps/gazetteer/tr-districts.geojson; each province gets a
share of the accounts that follows its rough weight in B2B trade (Istanbul first).
"""
import argparse
import csv
import json
import math
import os
import random

SEED = 20261130
N_ACCOUNTS = 1000

# Province -> relative weight (roughly population x industry).
PROVINCES = {
    "İstanbul": 250, "Kocaeli": 70, "Sakarya": 35, "Yalova": 10, "Bursa": 115,
    "Balıkesir": 45, "Çanakkale": 25, "Bilecik": 10, "Tekirdağ": 45, "Edirne": 15,
    "Kırklareli": 15, "İzmir": 155, "Manisa": 55, "Aydın": 40, "Denizli": 45,
    "Muğla": 30, "Uşak": 15, "Kütahya": 20, "Afyonkarahisar": 25,
}
# Districts that weigh more inside their province (industrial or central).
HEAVY = {"Gebze", "İzmit", "Nilüfer", "Osmangazi", "Bornova", "Karşıyaka", "Çiğli",
         "Kadıköy", "Ümraniye", "Esenyurt", "Başakşehir", "Şişli", "Beylikdüzü",
         "Yunusemre", "Şehzadeler", "Karesi", "Altıeyl\u00fcl", "Merkezefendi",
         "Pamukkale", "Efeler", "Çorlu", "Menteşe", "Adapazarı", "Serdivan"}

# Reps: id, name, home district, province, capacity, max_accounts.
REPS = [
    ("ist", "Ayşe Demir", "Ümraniye", "İstanbul", 1.0, ""),
    ("koc", "Emre Yılmaz", "İzmit", "Kocaeli", 1.0, ""),
    ("bur", "Can Öztürk", "Osmangazi", "Bursa", 1.0, ""),
    ("bal", "Deniz Kaya", "Karesi", "Balıkesir", 0.5, ""),
    ("izm", "Elif Şahin", "Bornova", "İzmir", 1.0, ""),
    ("man", "Murat Çelik", "Yunusemre", "Manisa", 1.0, "260"),
]

FIRST = ["Anadolu", "Ege", "Marmara", "Yıldız", "Kuzey", "Doğan", "Özgür", "Akdeniz",
         "Başkent", "Deniz", "Güneş", "Kartal", "Lale", "Toros", "Umut", "Zirve", "Bereket",
         "Birlik", "Çınar", "Ekin", "Ada", "Kale", "Liman", "Ova"]
TRADE = ["Tekstil", "Mobilya", "Otomotiv Yedek Parça", "Gıda", "Kimya", "Plastik",
         "Makine", "Ambalaj", "Elektrik", "Yapı Market", "Tarım Ürünleri", "Kalıp",
         "Medikal", "Kırtasiye", "Zeytinyağı", "Seramik"]
FORM = ["A.Ş.", "Ltd. Şti.", "Tic. Ltd. Şti.", "San. ve Tic. A.Ş."]


def load_districts(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    out = {}
    for feat in data["features"]:
        prov = feat["properties"]["province"]
        if prov not in PROVINCES:
            continue
        lon, lat = feat["geometry"]["coordinates"]
        out.setdefault(prov, []).append((feat["properties"]["district"], lat, lon))
    for prov in out:
        out[prov].sort()
    return out


def pick_weighted(rng, items, weights):
    r = rng.random() * sum(weights)
    acc = 0.0
    for item, w in zip(items, weights):
        acc += w
        if r < acc:
            return item
    return items[-1]


def jitter(rng, lat, lon, sigma_km):
    dlat = rng.gauss(0.0, sigma_km) / 111.2
    dlon = rng.gauss(0.0, sigma_km) / (111.2 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer",
                    default=os.path.join(here, "..", "gazetteer", "tr-districts.geojson"))
    ap.add_argument("--out", default=here)
    args = ap.parse_args()

    rng = random.Random(SEED)
    districts = load_districts(args.gazetteer)
    missing = sorted(set(PROVINCES) - set(districts))
    if missing:
        raise SystemExit("gazetteer lacks provinces: " + ", ".join(missing))
    provs = sorted(PROVINCES)
    pweights = [PROVINCES[p] for p in provs]
    rep_ids = [r[0] for r in REPS]
    rep_names = [r[1] for r in REPS]
    homes = []
    for _rid, _rname, dist, prov, _cap, _max in REPS:
        match = [d for d in districts[prov] if d[0] == dist]
        if not match:
            raise SystemExit("no district %s in %s" % (dist, prov))
        homes.append((match[0][1], match[0][2]))

    rows = []
    for i in range(1, N_ACCOUNTS + 1):
        prov = pick_weighted(rng, provs, pweights)
        dlist = districts[prov]
        dweights = [4.0 if d[0] in HEAVY else 1.0 for d in dlist]
        dist, clat, clon = pick_weighted(rng, dlist, dweights)
        sigma = 1.5 if dist in HEAVY else 2.5
        lat, lon = jitter(rng, clat, clon, sigma)
        name = "%s %s %s" % (rng.choice(FIRST), rng.choice(TRADE), rng.choice(FORM))
        # Deal values: lognormal body plus a thin Pareto tail.
        if rng.random() < 0.05:
            value = round(150000 * rng.paretovariate(1.6), -3)
        else:
            value = round(rng.lognormvariate(math.log(20000), 0.8), -2)
        prob = rng.choice([0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9])
        visit = rng.choice([20, 30, 30, 45, 45, 60])
        freq = pick_weighted(rng, ["7", "14", "28", "56", "90", ""],
                             [0.08, 0.22, 0.35, 0.15, 0.10, 0.10])
        rep = ""
        u = rng.random()
        if u < 0.05:
            # A key account already held by a rep (by id or by name, as people write):
            # mostly the rep living nearest, sometimes one from further away.
            if rng.random() < 0.8:
                k = min(range(len(REPS)),
                        key=lambda j: (homes[j][0] - lat) ** 2 +
                        ((homes[j][1] - lon) * math.cos(math.radians(lat))) ** 2)
            else:
                k = rng.randrange(len(REPS))
            rep = rep_ids[k] if rng.random() < 0.5 else rep_names[k]
        address = "%s, %s, Türkiye" % (dist, prov)
        slat, slon = "%.6f" % lat, "%.6f" % lon
        if rng.random() < 0.03:
            slat = slon = ""  # to be geocoded: territory leaves these out
        segment = pick_weighted(rng, ["A", "B", "C"], [0.2, 0.3, 0.5])
        rows.append(["MA%04d" % i, name, address, dist, prov, slat, slon, "%.0f" % value,
                     "%.2f" % prob, str(visit), freq, rep, segment])

    with open(os.path.join(args.out, "accounts.csv"), "w", encoding="utf-8",
              newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "address", "district", "city", "lat", "lon", "value",
                    "probability", "visit_minutes", "frequency_days", "rep", "segment"])
        w.writerows(rows)

    with open(os.path.join(args.out, "reps.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "lat", "lon", "capacity", "max_accounts"])
        for rid, rname, dist, prov, cap, maxacc in REPS:
            match = [d for d in districts[prov] if d[0] == dist]
            if not match:
                raise SystemExit("no district %s in %s" % (dist, prov))
            _, lat, lon = match[0]
            w.writerow([rid, rname, "%.6f" % lat, "%.6f" % lon, "%g" % cap, maxacc])


if __name__ == "__main__":
    main()
