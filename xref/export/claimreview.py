"""schema.org ClaimReview drafts (JSON-LD) for the claims whose flags a reviewer accepted.

One ClaimReview per claim: ``claimReviewed`` is the claim as the first carrying source words it, ``itemReviewed`` a
``Claim`` with one ``appearance`` per outlet (its URL when known, else its label and wording), ``author`` from
``--author``, ``datePublished`` the date of the latest accepted verdict, and ``reviewRating`` left empty for the
reviewer to fill: xref finds where outlets diverge; the rating is a journalist's call.
"""

from __future__ import annotations

import json
from collections.abc import Mapping


def to_claimreview(document: dict, verdicts: Mapping[str, dict], *, author: str | None = None, **_options) -> str:
    sources = {s["id"]: s for s in document["sources"]}
    drafts = []
    flags_by_cluster: dict[str, list[dict]] = {}
    for flag in [f for c in document["clusters"] for f in c["flags"]] + list(document["story_flags"]):
        verdict = verdicts.get(flag["id"])
        if verdict and verdict["status"] == "accepted":
            flags_by_cluster.setdefault(flag.get("cluster") or "", []).append({**flag, "verdict": verdict})
    for cluster in document["clusters"]:
        accepted = flags_by_cluster.get(cluster["id"])
        if not accepted:
            continue
        first = cluster["members"][0]
        appearances = []
        for source_id in cluster["sources"]:
            source = sources[source_id]
            member = next(m for m in cluster["members"] if m["source"] == source_id)
            appearance = {"@type": "CreativeWork", "name": source["label"], "text": member["text"]}
            if source.get("url"):
                appearance["url"] = source["url"]
            appearances.append(appearance)
        dates = sorted(f["verdict"]["created_at"] for f in accepted)
        drafts.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "claimReviewed": first["text"],
                "itemReviewed": {"@type": "Claim", "appearance": appearances},
                "author": {"@type": "Organization", "name": author or ""},
                "datePublished": dates[-1][:10],
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": "",
                    "bestRating": "",
                    "worstRating": "",
                    "alternateName": "",
                },
                "reviewBody": " ".join(
                    f["reason"] + (f" Reviewer's note: {f['verdict']['note']}" if f["verdict"].get("note") else "")
                    for f in accepted
                ),
                "identifier": [f"xref:{cluster['id']}", *(f"xref:{f['id']}" for f in accepted)],
            }
        )
    return json.dumps(drafts, indent=2, ensure_ascii=False) + "\n"
