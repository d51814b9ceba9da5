"""The fact-check exports on the seeds' real comparison: JSON Lines, CSV, ClaimReview, Label Studio."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from xref.errors import UsageError
from xref.export import EXPORTERS, export

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def document(seed_comparison):
    return seed_comparison.to_dict()


def _flags(document):
    return [f for c in document["clusters"] for f in c["flags"]] + document["story_flags"]


def _accepted(document):
    flag = document["clusters"][0]["flags"][0]
    verdict = {"status": "accepted", "note": "audio checked", "reviewer": "ana", "created_at": "2026-11-25T10:00:00Z"}
    return flag, {flag["id"]: verdict}


def test_registry_and_unknown_format(document):
    assert {"json", "html", "jsonl", "csv", "claimreview", "label-studio"} <= set(EXPORTERS)
    with pytest.raises(UsageError):
        export(document, "pdf")


def test_jsonl_one_cluster_per_line_with_verdicts(document):
    flag, verdicts = _accepted(document)
    lines = export(document, "jsonl", verdicts).splitlines()
    assert len(lines) == len(document["clusters"])
    records = [json.loads(line) for line in lines]
    first = records[0]
    assert first["cluster"] == document["clusters"][0]["id"] and first["members"] and first["shared"]
    statuses = {f["id"]: f["status"] for r in records for f in r["flags"] + r["omissions"]}
    assert statuses[flag["id"]] == "accepted"
    assert set(statuses.values()) == {"accepted", "open"}
    assert len(statuses) == len(_flags(document))


def test_csv_one_flag_per_row(document):
    flag, verdicts = _accepted(document)
    rows = list(csv.DictReader(io.StringIO(export(document, "csv", verdicts))))
    assert len(rows) == len(_flags(document))
    row = next(r for r in rows if r["flag_id"] == flag["id"])
    assert row["status"] == "accepted" and row["reviewer"] == "ana" and row["note"] == "audio checked"
    assert all(e["text"] in row["evidence"] for e in flag["evidence"])
    assert any(r["type"] == "omission" and r["missing_source"] for r in rows)


def test_claimreview_drafts_only_for_accepted_claims(document):
    assert json.loads(export(document, "claimreview", {})) == []
    _, verdicts = _accepted(document)
    (draft,) = json.loads(export(document, "claimreview", verdicts, author="Desk"))
    cluster = document["clusters"][0]
    assert draft["@context"] == "https://schema.org" and draft["@type"] == "ClaimReview"
    assert draft["itemReviewed"]["@type"] == "Claim"
    assert len(draft["itemReviewed"]["appearance"]) == len(cluster["sources"])
    assert draft["author"]["name"] == "Desk" and draft["datePublished"] == "2026-11-25"
    assert draft["reviewRating"]["ratingValue"] == ""  # left for the reviewer
    assert draft["claimReviewed"] == cluster["members"][0]["text"]


def test_label_studio_tasks_and_config(document):
    tasks = json.loads(export(document, "label-studio", {}))
    assert len(tasks) == len(_flags(document))
    for task in tasks:
        data = task["data"]
        for result in task["predictions"][0]["result"]:
            side = result["to_name"]
            value = result["value"]
            assert data[side][value["start"] : value["end"]] == value["text"]
    config = ET.fromstring(export(document, "label-studio-config"))
    names = {element.get("name") for element in config.iter() if element.get("name")}
    assert {"text_a", "text_b", "evidence_a", "evidence_b", "verdict", "note"} <= names
