"""Print the relevance evidence (similarity, goal coverage, phrase matches) of the best
programs for on-topic and off-topic goals, to set the thresholds in guidance/retrieval.py.

    python -m benchmarks.calibrate_relevance --store DIR [--catalogue FILE]
"""
from __future__ import annotations

import argparse

from guidance import Assistant
from guidance.profile import Profile
from guidance.retrieval import _matched_phrases
from knowledge_base.settings import get_settings

OFF_TOPIC = ["veterinary surgery", "astronaut training", "pastry chef", "piano lessons", "scuba diving",
             "dentistry", "law school", "airline pilot", "hairdressing", "real estate agent", "marine biology",
             "fashion design", "sommelier wine tasting", "yoga teacher", "funeral director"]
ON_TOPIC = ["data analysis", "truck driver", "cybersecurity", "welding", "personal support worker", "bookkeeping",
            "cloud computing", "digital marketing", "project management", "electrician", "early childhood",
            "supply chain", "health care", "human resources", "web developer", "analyse de données"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    assistant = Assistant.open(get_settings().with_store(args.store))
    recommender = assistant.recommender
    for label, goals in (("ON", ON_TOPIC), ("OFF", OFF_TOPIC)):
        for goal in goals:
            profile = Profile(goal=goal)
            hits = assistant.catalogue.search_programs(goal, profile.program_filter(), limit=10)
            best = max(hits, key=lambda h: h.similarity) if hits else None
            covered = max(((recommender.coverage(goal, h.record), h.similarity) for h in hits), default=(0, 0))
            matched = sum(bool(_matched_phrases(h.record, profile)) for h in hits)
            kept = len(recommender.recommend(profile, profile.program_filter()))
            print(f"{label:3} {goal:28} max_sim={best.similarity if best else 0:.3f} "
                  f"best_coverage={covered[0]:.2f}@sim{covered[1]:.2f} phrase_matches={matched} kept={kept}")


if __name__ == "__main__":
    main()
