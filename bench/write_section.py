#!/usr/bin/env python3
"""Replaces one benchmark's section of docs/benchmarks.md with the text on stdin.

Usage: some_bench | bench/write_section.py NAME
Each benchmark owns the block between <!-- bench:NAME --> and <!-- /bench:NAME -->, so the scripts
can run in any order and never overwrite each other's figures.
"""
import pathlib
import sys

name = sys.argv[1]
body = sys.stdin.read().rstrip() + "\n"
doc = pathlib.Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
text = doc.read_text() if doc.exists() else "# Benchmarks\n\nFigures written by the scripts in `bench/`; rerun them to refresh.\n"
start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
block = f"{start}\n{body}{end}"
if start in text and end in text:
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    text = before + block + after
else:
    text = text.rstrip() + "\n\n" + block + "\n"
doc.write_text(text)
sys.stdout.write(body)
