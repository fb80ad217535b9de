"""Rebuild llmaudit/licenses/data/knowledge-index.json after editing a license entry."""

from __future__ import annotations

import sys

from llmaudit.licenses.knowledge import write_index


def main() -> int:
    """Write the combined index of every YAML entry and print its path."""
    print(write_index())
    return 0


if __name__ == "__main__":
    sys.exit(main())
