"""Synthetic dummy datasets for the catalogue: ``python -m dshub.catalogue.dummy [--out DIR]``.

Every CSV is made from a fixed seed (``random.Random``, seeded per file), so running the script again
gives byte-for-byte the same files; a test checks the committed files in ``data/catalogue/`` against a
fresh run. The data are invented: places are called "Voorbeeldwijk 01", ids are made up, and no row
describes a real person or place. CSV conventions: UTF-8, comma separator, decimal point, a header row,
``true``/``false`` for yes/no, ISO dates (2024-03-01), an empty cell for "not known / suppressed".

:func:`check_files` compares each entry's ``dummy`` description with its file (exists, header, row
count, values of the declared type): ``python -m dshub validate`` runs it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from dshub.config import REPO_ROOT
from dshub.content.loader import Problem

DUMMY_DIR = REPO_ROOT / "data" / "catalogue"
SEED = 2018  # the year the Hub's first instruments were shared

Row = dict[str, object]


def _rng(name: str) -> random.Random:
    return random.Random(SEED * 1_000_003 + zlib.crc32(name.encode()))


def _places(prefix: str, n: int) -> list[str]:
    return [f"{prefix} {i:02d}" for i in range(1, n + 1)]


def _round(x: float, digits: int = 1) -> float:
    return round(x, digits)


# --------------------------------------------------------------------------- one generator per file


def wmo_forecast(r: random.Random) -> Iterator[Row]:
    for district in _places("Voorbeeldwijk", 12):
        residents = r.randint(2500, 9000)
        old_share = r.uniform(0.05, 0.16)
        single = r.uniform(25, 55)
        rate = r.uniform(0.25, 0.40)  # share of 75+ with a provision (plus a little from younger residents)
        for year in range(2019, 2029):
            residents = int(residents * r.uniform(0.995, 1.012))
            old_share = min(0.3, old_share * r.uniform(1.01, 1.04))
            old = int(residents * old_share)
            future = year > 2024
            clients = None if future else int(old * rate + residents * 0.01 + r.gauss(0, 8))
            yield {
                "district": district,
                "year": year,
                "residents": residents,
                "residents_75_plus": old,
                "single_person_households_pct": _round(single + r.gauss(0, 0.6)),
                "wmo_clients": clients,
                "is_forecast": future,
            }


def ses_indication(r: random.Random) -> Iterator[Row]:
    for hood in _places("Voorbeeldbuurt", 60):
        status = r.gauss(0, 1)
        yield {
            "neighbourhood": hood,
            "households": r.randint(150, 2400),
            "median_income_eur": int(max(19000, 36000 + 7000 * status + r.gauss(0, 2500)) // 100 * 100),
            "low_education_pct": _round(min(70, max(5, 28 - 9 * status + r.gauss(0, 4)))),
            "employed_pct": _round(min(85, max(40, 68 + 6 * status + r.gauss(0, 3)))),
            "social_assistance_per_1000": _round(max(2, 35 - 14 * status + r.gauss(0, 5))),
        }


def social_budget_forecast(r: random.Random) -> Iterator[Row]:
    base = {"youth_care": (1_150_000, 640), "wmo": (980_000, 1450), "social_assistance": (1_420_000, 1100)}
    for scheme, (spend, clients) in base.items():
        for i in range(48):
            month = dt.date(2021 + i // 12, i % 12 + 1, 1)
            growth = (1 + {"youth_care": 0.006, "wmo": 0.004, "social_assistance": 0.001}[scheme]) ** i
            season = 1 + 0.05 * (month.month in (1, 12)) - 0.04 * (month.month in (7, 8))
            n = int(clients * growth * r.uniform(0.97, 1.03))
            yield {
                "month": month.isoformat(),
                "scheme": scheme,
                "spend_eur": int(spend * growth * season * r.uniform(0.94, 1.06)),
                "clients": n,
                "budget_eur": int(spend * (1.02 ** (i // 12))),
            }


def youth_care_forecast(r: random.Random) -> Iterator[Row]:
    for district in _places("Voorbeeldwijk", 10):
        young = r.randint(600, 2600)
        rate = r.uniform(60, 140) / 1000
        for year in range(2020, 2028):
            young = int(young * r.uniform(0.98, 1.02))
            rate *= r.uniform(1.0, 1.06)
            future = year > 2024
            yield {
                "district": district,
                "year": year,
                "residents_0_17": young,
                "trajectories": None if future else int(young * rate + r.gauss(0, 5)),
                "is_forecast": future,
            }


def debt_prevention(r: random.Random) -> Iterator[Row]:
    types = ["housing", "energy", "water", "health_insurance"]
    districts = _places("Voorbeeldwijk", 8)
    for i in range(1, 201):
        creditor = r.choices(types, weights=[3, 3, 1, 3])[0]
        months = r.randint(1, 6)
        arrears = int(
            months
            * {
                "housing": r.uniform(450, 900),
                "energy": r.uniform(90, 220),
                "water": r.uniform(20, 45),
                "health_insurance": r.uniform(110, 160),
            }[creditor]
        )
        contact = r.random() < 0.62
        help_ok = contact and r.random() < (0.35 + 0.05 * months)
        yield {
            "signal_id": f"SIG-{i:04d}",
            "received_date": (dt.date(2024, 1, 1) + dt.timedelta(days=r.randint(0, 364))).isoformat(),
            "creditor_type": creditor,
            "arrears_eur": arrears,
            "months_in_arrears": months,
            "district": r.choice(districts),
            "contact_made": contact,
            "help_accepted": help_ok,
        }


def domestic_violence_map(r: random.Random) -> Iterator[Row]:
    for n, hood in enumerate(_places("Voorbeeldbuurt", 8)):
        households = r.randint(300, 1800)
        level = 16 if n == 2 else 6  # one part of the district stands out, as in the workshop case
        for year in (2023, 2024):
            for q in range(1, 5):
                count = max(0, int(r.gauss(level * households / 1000, 1.5)))
                yield {
                    "neighbourhood": hood,
                    "quarter": f"{year}-Q{q}",
                    "households": households,
                    "reports": count if count >= 5 else None,
                }


def nuisance_hotspots(r: random.Random) -> Iterator[Row]:
    start = dt.date(2024, 1, 1)  # a Monday
    for n, hood in enumerate(_places("Voorbeeldbuurt", 10)):
        busy = 1.0 + (n % 4 == 0)
        for week in range(26):
            summer = 1.6 if 18 <= week <= 25 else 1.0
            yield {
                "neighbourhood": hood,
                "week_start": (start + dt.timedelta(weeks=week)).isoformat(),
                "noise_reports": int(r.expovariate(1 / (2 * busy * summer))),
                "youth_nuisance_reports": int(r.expovariate(1 / (1.2 * busy * summer))),
                "litter_reports": int(r.expovariate(1 / (3 * summer))),
            }


def energy_dashboard(r: random.Random) -> Iterator[Row]:
    for hood in _places("Voorbeeldbuurt", 40):
        old = r.uniform(5, 85)
        yield {
            "neighbourhood": hood,
            "homes": r.randint(200, 2600),
            "built_before_1975_pct": _round(old),
            "label_a_or_better_pct": _round(max(2, min(90, 60 - 0.55 * old + r.gauss(0, 8)))),
            "avg_gas_m3": int(max(500, 700 + 12 * old + r.gauss(0, 120))),
            "heat_network_nearby": r.random() < 0.3,
        }


def heat_transition_readiness(r: random.Random) -> Iterator[Row]:
    for hood in _places("Voorbeeldbuurt", 50):
        owner = r.uniform(15, 90)
        association = max(0, min(100 - owner, r.uniform(5, 70)))
        year = r.randint(1905, 2015)
        yield {
            "neighbourhood": hood,
            "homes": r.randint(150, 2200),
            "median_year_built": year,
            "owner_occupied_pct": _round(owner),
            "housing_association_pct": _round(association),
            "apartments_pct": _round(min(95, max(0, 20 + 0.6 * association + r.gauss(0, 10)))),
            "avg_gas_m3": int(max(450, 2600 - 0.9 * (year - 1900) * 10 + r.gauss(0, 150))),
        }


def solar_roof_potential(r: random.Random) -> Iterator[Row]:
    hoods = _places("Voorbeeldbuurt", 6)
    sides = ["N", "NE", "E", "SE", "S", "SW", "W", "NW", "flat"]
    for i in range(1, 241):
        use = r.choices(["residential", "business", "public"], weights=[7, 2, 1])[0]
        area = r.uniform(30, 120) if use == "residential" else r.uniform(150, 2500)
        side = "flat" if use != "residential" and r.random() < 0.8 else r.choice(sides)
        yield {
            "building_id": f"VB-{i:04d}",
            "neighbourhood": r.choice(hoods),
            "building_use": use,
            "roof_area_m2": _round(area),
            "orientation": side,
            "pitch_deg": 0 if side == "flat" else r.randint(15, 50),
            "shade_pct": _round(min(90, r.expovariate(1 / 15))),
            "has_solar_panels": r.random() < 0.28,
        }


def flood_risk_streets(r: random.Random) -> Iterator[Row]:
    districts = _places("Voorbeeldwijk", 5)
    for i in range(1, 151):
        low = r.random() < 0.2
        level = r.uniform(-1.8, -0.6) if low else r.uniform(-0.6, 3.5)
        paved = r.uniform(40, 95)
        sewer = r.uniform(14, 40)
        risk = (paved / 50) + (1.5 if low else 0) + (20 / sewer)
        yield {
            "street_segment": f"Voorbeeldstraat {i:03d}",
            "district": r.choice(districts),
            "ground_level_m_nap": round(level, 2),
            "sewer_capacity_mm_h": _round(sewer),
            "paved_pct": _round(paved),
            "flooding_reports_3y": int(r.expovariate(1 / max(0.2, risk - 2))),
        }


def event_site_selection(r: random.Random) -> Iterator[Row]:
    for i in range(20):
        site = f"Voorbeeldterrein {chr(ord('A') + i)}"
        yield {
            "site": site,
            "area_m2": r.randrange(8000, 60000, 500),
            "distance_to_homes_m": r.randrange(50, 1500, 10),
            "stops_within_500m": r.randint(0, 6),
            "parking_within_1km": r.randrange(0, 2500, 50),
            "soil_bearing": r.choice(["low", "medium", "high"]),
            "earlier_nuisance_reports": r.randint(0, 40),
        }


def waste_route_optimisation(r: random.Random) -> Iterator[Row]:
    districts = _places("Voorbeeldwijk", 4)
    for i in range(1, 181):
        kind = r.choices(["residual", "paper", "glass", "plastic"], weights=[5, 2, 1, 2])[0]
        days = r.randint(0, 14)
        fill = min(100, int(days * {"residual": 9, "paper": 6, "glass": 3, "plastic": 7}[kind] * r.uniform(0.6, 1.4)))
        d = r.randrange(4)
        yield {
            "container_id": f"CT-{i:04d}",
            "district": districts[d],
            "x_m": 1000 * (d % 2) * 2 + r.randint(0, 1900),
            "y_m": 1000 * (d // 2) * 2 + r.randint(0, 1900),
            "waste_type": kind,
            "capacity_l": r.choice([3000, 4000, 5000]),
            "fill_pct": fill,
            "days_since_emptied": days,
        }


_REPORT_TEXTS = {
    "lighting": [
        "Lantaarnpaal doet het niet meer",
        "Straatlamp knippert de hele nacht",
        "Licht in het fietspad is uit",
    ],
    "paving": [
        "Losse stoeptegel bij de ingang van het park",
        "Gat in de weg na de regen",
        "Verzakte klinkers op de stoep",
    ],
    "litter": [
        "Vuilniszakken naast de container gezet",
        "Veel zwerfafval rond het bankje",
        "Container zit vol, afval ernaast",
    ],
    "greenery": [
        "Boomtak hangt over het fietspad",
        "Onkruid tussen de tegels op het plein",
        "Heg belemmert het zicht bij de kruising",
    ],
    "other": ["Bord is omgewaaid", "Bankje is kapot", "Graffiti op de muur van het speeltuintje"],
}
_SUFFIXES = ["", " bij Voorbeeldstraat", " al een week", " graag snel oplossen", " naast de school"]


def public_space_reports_triage(r: random.Random) -> Iterator[Row]:
    categories = list(_REPORT_TEXTS)
    for i in range(1, 201):
        cat = r.choices(categories, weights=[3, 3, 4, 2, 1])[0]
        shown = cat if r.random() > 0.1 else r.choice(categories)  # some reports filed in the wrong category
        yield {
            "report_id": f"MOR-{i:04d}",
            "received_date": (dt.date(2024, 1, 1) + dt.timedelta(days=r.randint(0, 364))).isoformat(),
            "channel": r.choices(["app", "web", "phone"], weights=[5, 3, 2])[0],
            "text": r.choice(_REPORT_TEXTS[cat]) + r.choice(_SUFFIXES),
            "category": shown,
            "days_to_resolve": r.randint(1, 10) + (r.randint(5, 25) if shown != cat else 0),
        }


def invoice_process_mining(r: random.Random) -> Iterator[Row]:
    departments = ["social_domain", "public_space", "facilities", "ict"]
    rows: list[Row] = []
    invoice = 0
    while len(rows) < 300:
        invoice += 1
        day = dt.date(2024, 1, 2) + dt.timedelta(days=r.randint(0, 300))
        dep = r.choice(departments)
        amount = _round(r.lognormvariate(7, 1.1), 2)
        steps = ["received", "registered", "approved", "paid"]
        if r.random() < 0.12:
            steps = ["received", "registered", "rejected", "registered", "approved", "paid"]
        for step in steps:
            if len(rows) == 300:
                break
            rows.append(
                {
                    "invoice_id": f"INV-{invoice:04d}",
                    "activity": step,
                    "date": day.isoformat(),
                    "department": dep,
                    "amount_eur": amount,
                }
            )
            day += dt.timedelta(days=r.randint(0, 3) if step != "registered" else int(r.expovariate(1 / 9)))
    yield from rows


GENERATORS: dict[str, Callable[[random.Random], Iterator[Row]]] = {
    f"{fn.__name__}.csv": fn
    for fn in (
        wmo_forecast,
        ses_indication,
        social_budget_forecast,
        youth_care_forecast,
        debt_prevention,
        domestic_violence_map,
        nuisance_hotspots,
        energy_dashboard,
        heat_transition_readiness,
        solar_roof_potential,
        flood_risk_streets,
        event_site_selection,
        waste_route_optimisation,
        public_space_reports_triage,
        invoice_process_mining,
    )
}


# --------------------------------------------------------------------------- writing


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(name: str) -> bytes:
    """The CSV for file ``name``, as bytes (UTF-8, ``\\n`` line ends, the same on every run)."""
    rows = list(GENERATORS[name](_rng(name)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow([_cell(v) for v in row.values()])
    return out.getvalue().encode("utf-8")


def write_all(directory: Path = DUMMY_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in GENERATORS:
        path = directory / name
        path.write_bytes(render(name))
        written.append(path)
    return written


# --------------------------------------------------------------------------- checking

_BOOL = {"true", "false"}


def _type_ok(kind: str, value: str) -> bool:
    if value == "":
        return True  # not known / suppressed
    try:
        if kind == "integer":
            int(value)
        elif kind == "decimal":
            float(value)
        elif kind == "date":
            dt.date.fromisoformat(value)
        elif kind == "boolean":
            return value in _BOOL
    except ValueError:
        return False
    return True


def check_files(catalogue, directory: Path = DUMMY_DIR, source: str = "catalogue.yaml") -> list[Problem]:
    """Each entry's dummy file exists and matches its description: header, row count, value types."""
    problems: list[Problem] = []
    for i, entry in enumerate(catalogue.entries):
        dummy = entry.dummy
        at = f"entries[{i}].dummy"
        path = directory / dummy.file
        where = f"entry {entry.id!r}"
        if not path.is_file():
            problems.append(
                Problem(
                    source,
                    f"{at}.file",
                    None,
                    f"{where}: the dummy file {path} does not exist",
                    "run 'python -m dshub.catalogue.dummy' to write it, or fix the file name",
                )
            )
            continue
        try:
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        except (UnicodeDecodeError, csv.Error) as exc:
            problems.append(
                Problem(
                    source,
                    f"{at}.file",
                    None,
                    f"{where}: {path.name} cannot be read as UTF-8 CSV ({exc})",
                    "write it again with 'python -m dshub.catalogue.dummy'",
                )
            )
            continue
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        expected = dummy.column_names()
        if header != expected:
            missing = [c for c in expected if c not in header]
            extra = [c for c in header if c not in expected]
            detail = "; ".join(
                filter(
                    None,
                    [
                        f"described but not in the file: {', '.join(missing)}" if missing else "",
                        f"in the file but not described: {', '.join(extra)}" if extra else "",
                        "same columns in another order" if not missing and not extra else "",
                    ],
                )
            )
            problems.append(
                Problem(
                    source,
                    f"{at}.columns",
                    None,
                    f"{where}: the columns of {path.name} ({', '.join(header) or 'none'}) do not "
                    f"match the columns described ({detail})",
                    "describe exactly the file's columns, in its order, or change the generator "
                    "in dshub/catalogue/dummy.py and run it again",
                )
            )
            continue
        if len(body) != dummy.rows:
            problems.append(
                Problem(
                    source,
                    f"{at}.rows",
                    None,
                    f"{where}: {path.name} has {len(body)} rows, the entry says {dummy.rows}",
                    f"set 'rows: {len(body)}' or write the file again",
                )
            )
        for n, row in enumerate(body, start=2):
            bad = [c.name for c, v in zip(dummy.columns, row) if not _type_ok(c.type, v)]
            if len(row) != len(expected) or bad:
                what = (
                    f"has {len(row)} cells instead of {len(expected)}"
                    if len(row) != len(expected)
                    else f"has a value that is not {dummy.columns[expected.index(bad[0])].type} in column {bad[0]!r}"
                )
                problems.append(
                    Problem(
                        source,
                        f"{at}.columns",
                        None,
                        f"{where}: {path.name}, line {n}, {what}",
                        "correct the column's type in the entry, or the generator",
                    )
                )
                break
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dshub.catalogue.dummy", description="write the catalogue's synthetic dummy CSVs (fixed seed)"
    )
    parser.add_argument("--out", type=Path, default=DUMMY_DIR, help=f"folder (default: {DUMMY_DIR})")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
