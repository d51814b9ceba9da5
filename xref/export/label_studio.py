"""Label Studio tasks: one task per flag, the two wordings as texts with the evidence pre-annotated, and a
labelling config (``LABEL_CONFIG``, also exported as format ``label-studio-config``) to review each flag.

Import: create a project, paste the config under Settings → Labeling Interface, then import the tasks JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from xref._version import __version__

LABEL_CONFIG = """<View>
  <Header value="$type · $severity · $status"/>
  <Text name="reason" value="$reason"/>
  <Header value="$source_a"/>
  <Text name="text_a" value="$text_a"/>
  <Labels name="evidence_a" toName="text_a"><Label value="evidence" background="#f6c343"/></Labels>
  <Header value="$source_b"/>
  <Text name="text_b" value="$text_b"/>
  <Labels name="evidence_b" toName="text_b"><Label value="evidence" background="#f6c343"/></Labels>
  <Choices name="verdict" toName="reason" choice="single" showInLine="true">
    <Choice value="accepted"/>
    <Choice value="dismissed"/>
    <Choice value="needs-check"/>
  </Choices>
  <TextArea name="note" toName="reason" placeholder="Reviewer's note" maxSubmissions="1"/>
</View>
"""


def to_label_studio_config(document: dict, verdicts: Mapping[str, dict], **_options) -> str:
    return LABEL_CONFIG


def _sentence(document: dict, sentence_id: str) -> tuple[int, int]:
    source_id, n = sentence_id.rsplit(":", 1)
    source = next(s for s in document["sources"] if s["id"] == source_id)
    start, end = source["sentences"][int(n)]
    return start, end


def to_label_studio(document: dict, verdicts: Mapping[str, dict], **_options) -> str:
    labels = {s["id"]: s["label"] for s in document["sources"]}
    texts = {s["id"]: s["text"] for s in document["sources"]}
    tasks = []
    for flag in [f for c in document["clusters"] for f in c["flags"]] + list(document["story_flags"]):
        sides = []
        for item in flag["evidence"][:2]:
            start, end = _sentence(document, item["sentence"])
            sides.append((item, texts[item["source"]][start:end], item["start"] - start, item["end"] - start))
        if flag.get("missing_source"):
            missing = flag["missing_source"]
            sides = [*sides[:1], (None, f"({labels.get(missing, missing)} does not report this claim)", 0, 0)]
        while len(sides) < 2:
            sides.append((None, "", 0, 0))
        verdict = verdicts.get(flag["id"]) or {}
        data = {
            "flag_id": flag["id"],
            "type": flag["type"],
            "severity": flag["severity"],
            "status": verdict.get("status", "open"),
            "reason": flag["reason"],
        }
        result = []
        for key, (item, text, start, end) in zip("ab", sides, strict=True):
            source = item["source"] if item else flag.get("missing_source")
            data[f"source_{key}"] = labels.get(source or "", source or "")
            data[f"text_{key}"] = text
            if item is not None and end > start:
                result.append(
                    {
                        "from_name": f"evidence_{key}",
                        "to_name": f"text_{key}",
                        "type": "labels",
                        "value": {"start": start, "end": end, "text": item["text"], "labels": ["evidence"]},
                    }
                )
        tasks.append({"data": data, "predictions": [{"model_version": f"xref-{__version__}", "result": result}]})
    return json.dumps(tasks, indent=2, ensure_ascii=False) + "\n"
