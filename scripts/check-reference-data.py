#!/usr/bin/env python3
"""Validate Homeward's reference data in engine/data/reference/.

Checks provinces.json, isco08.json and skills.json against each other and against the rules in
docs/reference-data.md. Prints every problem found and exits non-zero if there is any.

Usage: scripts/check-reference-data.py [DATA_DIR]
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "engine" / "data" / "reference"

PROGRAMME_PROVINCES = {"KH-12", "KH-14", "KH-3", "KH-9", "KH-18", "KH-2", "KH-17", "KH-1"}
NEIGHBOURS = {"TH", "LA", "VN"}
# Generous bounding box around Cambodia, islands included.
LAT_RANGE = (9.5, 15.0)
LON_RANGE = (102.0, 108.0)

OCCUPATION_SECTORS = {
    "garment", "construction", "agriculture", "aquaculture", "hospitality", "tourism", "retail",
    "transport", "care", "trades", "ict", "manufacturing", "services", "security", "domestic", "public",
}
SKILL_SECTORS = OCCUPATION_SECTORS | {"core"}
SKILL_ID = re.compile(r"^[a-z][a-z0-9_]{2,47}$")
ISCO_CODE = re.compile(r"^[0-9]{1,4}$")
MIN_SKILLS = 130
MIN_UNIT_GROUPS = 80
MIN_SKILLS_PER_UNIT = 2
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_khmer(ch):
    return "\u1780" <= ch <= "\u17ff"


def has_khmer(text):
    return isinstance(text, str) and any(is_khmer(c) for c in text)


def all_khmer(text):
    """True when every non-space character is in the Khmer block."""
    return isinstance(text, str) and text.strip() != "" and all(is_khmer(c) or c.isspace() for c in text)


class Report:
    def __init__(self):
        self.errors = []

    def error(self, where, message):
        self.errors.append(f"{where}: {message}")


def load(path, report):
    """Parse one file; also require the canonical layout (UTF-8, 2-space indent, final newline)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        report.error(path.name, f"cannot load: {e}")
        return None
    if text != json.dumps(data, indent=2, ensure_ascii=False) + "\n":
        report.error(path.name, "not in canonical form (json.dumps(indent=2, ensure_ascii=False) plus newline)")
    return data


def check_header(name, data, list_key, report):
    if not isinstance(data, dict):
        report.error(name, "top level must be an object")
        return []
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        report.error(name, "missing 'source'")
    if not isinstance(data.get("retrieved"), str) or not DATE.match(data["retrieved"]):
        report.error(name, "'retrieved' must be YYYY-MM-DD")
    items = data.get(list_key)
    if not isinstance(items, list):
        report.error(name, f"'{list_key}' must be a list")
        return []
    return items


def check_point(where, lat, lon, report):
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        report.error(where, "lat/lon must be numbers")
    elif not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        report.error(where, f"({lat}, {lon}) is outside Cambodia")


def check_provinces(data, report):
    name = "provinces.json"
    provinces = check_header(name, data, "provinces", report)
    codes = [p.get("code") for p in provinces]
    expected = {f"KH-{n}" for n in range(1, 26)}
    if len(provinces) != 25:
        report.error(name, f"expected 25 provinces, found {len(provinces)}")
    for code, count in Counter(codes).items():
        if count > 1:
            report.error(name, f"duplicate code {code}")
    if set(codes) != expected:
        report.error(name, f"codes must be KH-1..KH-25; missing {sorted(expected - set(codes))}, "
                           f"unexpected {sorted(set(codes) - expected, key=str)}")
    for p in provinces:
        where = f"{name} {p.get('code')}"
        if not isinstance(p.get("name_en"), str) or not p["name_en"].strip():
            report.error(where, "missing name_en")
        if not all_khmer(p.get("name_km")):
            report.error(where, f"name_km must be Khmer script, got {p.get('name_km')!r}")
        centroid = p.get("centroid") or {}
        check_point(f"{where} centroid", centroid.get("lat"), centroid.get("lon"), report)
        borders = p.get("borders")
        if not isinstance(borders, list) or not set(borders) <= NEIGHBOURS or len(set(borders)) != len(borders):
            report.error(where, f"borders must be distinct values of {sorted(NEIGHBOURS)}")
        if not isinstance(p.get("coastal"), bool):
            report.error(where, "coastal must be a boolean")
        districts = p.get("districts")
        if not isinstance(districts, list):
            report.error(where, "districts must be a list")
            continue
        if p.get("code") in PROGRAMME_PROVINCES and not 3 <= len(districts) <= 8:
            report.error(where, f"a programme province needs 3-8 districts, has {len(districts)}")
        names = [d.get("name_en") for d in districts]
        if len(set(names)) != len(names):
            report.error(where, "duplicate district name_en")
        for d in districts:
            dwhere = f"{where} district {d.get('name_en')!r}"
            if not isinstance(d.get("name_en"), str) or not d["name_en"].strip():
                report.error(dwhere, "missing name_en")
            if "name_km" in d and not all_khmer(d["name_km"]):
                report.error(dwhere, "name_km must be Khmer script")
            check_point(dwhere, d.get("lat"), d.get("lon"), report)


def check_isco(data, report):
    """Returns the set of 4-digit unit-group codes."""
    name = "isco08.json"
    groups = check_header(name, data, "groups", report)
    by_code = {}
    for g in groups:
        code = g.get("code")
        if not isinstance(code, str) or not ISCO_CODE.match(code):
            report.error(name, f"bad code {code!r}")
            continue
        if code in by_code:
            report.error(name, f"duplicate code {code}")
        by_code[code] = g

    for code, g in by_code.items():
        where = f"{name} {code}"
        level = len(code)
        if g.get("level") != level:
            report.error(where, f"level must be {level}")
        expected_parent = code[:-1] if level > 1 else None
        if g.get("parent") != expected_parent:
            report.error(where, f"parent must be {expected_parent!r}, got {g.get('parent')!r}")
        elif expected_parent is not None and expected_parent not in by_code:
            report.error(where, f"parent {expected_parent} is not in the file")
        if not isinstance(g.get("title_en"), str) or not g["title_en"].strip():
            report.error(where, "missing title_en")
        if not has_khmer(g.get("title_km")):
            report.error(where, "title_km must be Khmer script")
        if not isinstance(g.get("hazardous"), bool):
            report.error(where, "hazardous must be a boolean")
        if level == 4:
            if g.get("sector") not in OCCUPATION_SECTORS:
                report.error(where, f"sector {g.get('sector')!r} is not one of {sorted(OCCUPATION_SECTORS)}")
        elif g.get("sector") is not None:
            report.error(where, "only unit groups carry a sector; groups above must have null")

    majors = {c for c in by_code if len(c) == 1}
    if majors != {str(n) for n in range(10)}:
        report.error(name, f"every major group 0-9 must be present, found {sorted(majors)}")

    units = {c for c in by_code if len(c) == 4}
    if len(units) < MIN_UNIT_GROUPS:
        report.error(name, f"at least {MIN_UNIT_GROUPS} unit groups required, found {len(units)}")

    # A group above unit level is hazardous exactly when every unit group listed below it is.
    for code, g in by_code.items():
        if len(code) == 4:
            continue
        below = [u for u in units if u.startswith(code)]
        expected = bool(below) and all(by_code[u].get("hazardous") is True for u in below)
        if g.get("hazardous") is not expected:
            report.error(f"{name} {code}", f"hazardous must be {expected} (derived from its unit groups)")
    return units


def check_skills(data, units, report):
    name = "skills.json"
    skills = check_header(name, data, "skills", report)
    if len(skills) < MIN_SKILLS:
        report.error(name, f"at least {MIN_SKILLS} skills required, found {len(skills)}")
    ids = Counter(s.get("id") for s in skills)
    for sid, count in ids.items():
        if count > 1:
            report.error(name, f"duplicate id {sid!r}")
    references = Counter()
    for s in skills:
        sid = s.get("id")
        where = f"{name} {sid!r}"
        if not isinstance(sid, str) or not SKILL_ID.match(sid):
            report.error(where, f"id must match {SKILL_ID.pattern}")
        if not isinstance(s.get("label_en"), str) or not s["label_en"].strip():
            report.error(where, "missing label_en")
        if not has_khmer(s.get("label_km")):
            report.error(where, "label_km must be Khmer script")
        if s.get("sector") not in SKILL_SECTORS:
            report.error(where, f"sector {s.get('sector')!r} is not one of {sorted(SKILL_SECTORS)}")
        isco = s.get("isco")
        if not isinstance(isco, list) or not isco:
            report.error(where, "isco must be a non-empty list")
            continue
        if len(set(isco)) != len(isco):
            report.error(where, "isco lists a code twice")
        for code in isco:
            if code not in units:
                report.error(where, f"isco {code!r} is not a unit group in isco08.json")
            references[code] += 1
    for code in sorted(units):
        if references[code] < MIN_SKILLS_PER_UNIT:
            report.error(name, f"unit group {code} is referenced by {references[code]} skill(s), "
                               f"needs {MIN_SKILLS_PER_UNIT}")


def main(argv):
    data_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    report = Report()
    provinces = load(data_dir / "provinces.json", report)
    isco = load(data_dir / "isco08.json", report)
    skills = load(data_dir / "skills.json", report)
    if provinces is not None:
        check_provinces(provinces, report)
    units = check_isco(isco, report) if isco is not None else set()
    if skills is not None:
        check_skills(skills, units, report)
    for line in report.errors:
        print(line, file=sys.stderr)
    if report.errors:
        print(f"reference data: {len(report.errors)} problem(s)", file=sys.stderr)
        return 1
    print("reference data: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
