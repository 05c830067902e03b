"""Synthetic precedents for tests and benchmarks, written into a folder you choose.

Consumes: a count, a seed, the schema (for its vocabularies) and a target folder (always a temporary one: synthetic
records never go into ``precedents/``).
Produces: ``count`` valid public-record YAML files, deterministic for a given seed,
shaped like real records (several instruments, proceedings, timeline events and
sources) so page sizes and build times are realistic. Every text says it is synthetic.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

from ..records.collection import find_project_root

COUNTRIES = ["RU", "BY", "TR", "KZ", "UZ", "TJ", "AZ", "CN", "EG", "IN", "VE", "ID", "IR", "BH", "RW"]
HOSTS = ["ES", "DE", "FR", "GB", "PL", "UA", "GR", "BG", "CZ", "SK", "NL", "FI", "SE", "US", "MY"]
WORDS = (
    "synthetic record for testing only notice diffusion court extradition refused deleted request "
    "commission files political character review border detention asylum refugee proceedings "
    "evidence warrant charge bureau secretariat appeal hearing custody release decision"
).split()


def _vocabulary(name: str, schema: dict) -> list[str]:
    return schema["$defs"][name]["enum"]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return "Synthetic: " + text[0].upper() + text[1:] + "."


def _ground(code: str, rng: random.Random) -> dict:
    status = rng.choice(["relied-on", "argued", "contested"])
    return {"code": code, "status": status, **({"note": _sentence(rng, 10)} if status == "contested" else {})}


def _detention(rng: random.Random, year: int) -> dict:
    detained = rng.choice(["yes", "no", "unknown"])
    if detained != "yes":
        return {"detained": detained}
    start = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    period = {"start": start, "basis": rng.choice(["extradition-arrest", "remand", "house-arrest"])}
    if rng.random() < 0.7:
        period["end"] = f"{year + 1}-{rng.randint(1, 12):02d}"
    return {"detained": "yes", "periods": [period]}


def synthetic_record(index: int, rng: random.Random, schema: dict) -> dict:
    instruments = _vocabulary("instrument_type", schema)
    fates = _vocabulary("instrument_fate", schema)
    outcomes = _vocabulary("outcome", schema)
    grounds = _vocabulary("legal_ground", schema)
    patterns = _vocabulary("misuse_pattern", schema)
    year = rng.randint(2005, 2024)
    requesting = rng.choice(COUNTRIES)
    record_id = f"{requesting.lower()}-{year}-synthetic-{index:05d}"
    timeline = []
    for step in range(rng.randint(4, 8)):
        y = min(year + step // 2, 2025)
        timeline.append({"date": f"{y}-{rng.randint(1, 12):02d}", "event": _sentence(rng, 14)})
    timeline.sort(key=lambda e: e["date"])
    sources = [
        {
            "kind": "news-report",
            "title": f"Synthetic source {n}",
            "publisher": f"Example publisher {n}",
            "date": str(year + 2),
            "url": f"https://example.org/{record_id}/{n}",
        }
        for n in range(rng.randint(1, 4))
    ]
    used_instruments = []
    for _ in range(rng.randint(1, 3)):
        instrument = {"type": rng.choice(instruments), "issued": str(year), "fate": rng.choice(fates)}
        instrument["claimed"] = _sentence(rng, 12)
        if instrument["type"] == "interpol-alert-unspecified":
            instrument.update(type_certain=False, type_note=_sentence(rng, 8))
        used_instruments.append(instrument)
    return {
        "id": record_id,
        "kind": "public-record",
        "title": f"Synthetic precedent {index}: {requesting} request, {rng.choice(WORDS)} {rng.choice(WORDS)}",
        "summary": " ".join(_sentence(rng, 18) for _ in range(4)),
        "headnote": " ".join(_sentence(rng, 16) for _ in range(2)),
        "requesting_states": [requesting],
        "host_states": rng.sample(HOSTS, rng.randint(1, 2)),
        "person": {
            "status_at_home": rng.choice(["suspect", "accused", "convicted"]),
            "profiles": [rng.choice(["journalist", "entrepreneur", "activist"])],
        },
        "detention": _detention(rng, year),
        "instruments": used_instruments,
        "proceedings": [
            {
                "forum": "ccf",
                "kind": "ccf-request",
                "filed": str(year + 1),
                "decided": str(year + 2),
                "outcome": rng.choice(outcomes),
                "grounds": [_ground(code, rng) for code in rng.sample(grounds, 2)],
                "description": " ".join(_sentence(rng, 15) for _ in range(2)),
                "identifiers": [{"scheme": "ccf-decision", "value": f"{index}/{year + 2}"}],
            }
        ],
        "timeline": timeline,
        "outcomes": rng.sample(outcomes, 2),
        "outcome_summary": _sentence(rng, 20),
        "misuse_patterns": rng.sample(patterns, 2),
        "lessons": [{"text": _sentence(rng, 20), "recommendations": ["monitor-after-deletion"]}],
        "sources": sources,
        "sourcing": {"strength": rng.choice(["strong", "moderate", "weak"]), "independent_sources": rng.randint(0, len(sources))},
        "unconfirmed": [_sentence(rng, 12)],
        "review": {"status": "draft"},
    }


def write_synthetic_collection(folder: Path, count: int, seed: int = 1, schema_path: Path | None = None) -> list[Path]:
    """``schema_path``: the schema whose vocabularies the records use (default: the
    project the command runs in)."""
    schema_path = schema_path or find_project_root() / "precedents" / "schema.json"
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        record = synthetic_record(index, rng, schema)
        path = folder / f"{record['id']}.yml"
        path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
        paths.append(path)
    return paths
