"""A chat process for the benchmark: opens the store, answers questions read from stdin (one
per line), says FIRST after the first answer, and prints its peak memory at the end."""
from __future__ import annotations

import json
import resource
import sys

from guidance import Assistant, Conversation
from knowledge_base.settings import get_settings


def main() -> None:
    assistant = Assistant.open(get_settings().with_store(sys.argv[1]))
    first = True
    for line in sys.stdin:
        assistant.reply(line.strip(), Conversation())
        if first:
            print("FIRST", flush=True)
            first = False
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_rss_mb": round(peak_kb / 1024, 1)}), flush=True)


if __name__ == "__main__":
    main()
