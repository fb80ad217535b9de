"""Hostile YAML builders shared by the hardening tests."""

from __future__ import annotations


def alias_bomb(leaf: str, levels: int = 9) -> str:
    """A "billion laughs" YAML mapping: level k is ten aliases of level k-1 (10**levels leaves)."""
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]
    lines = []
    for index, name in enumerate(names):
        items = [f"*{names[index - 1]}"] * 10 if index else [leaf] * 10
        lines.append(f"{name}: &{name} [{', '.join(items)}]\n")
    return "".join(lines)
