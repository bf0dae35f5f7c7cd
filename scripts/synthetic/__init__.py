"""Synthetic gongkai records for benchmarks and load tests (scripts/generate_records.py writes them).

vocabulary (what records are made of), text (Chinese text from word frequencies), dates, base (a
record being made and the shared helpers), one module per group of record types (documents,
participation, lists, reports), project (the whole set, cross-references, index numbers) and
yaml_text (the YAML an editor would write).
"""
