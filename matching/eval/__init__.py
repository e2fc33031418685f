"""Rerunnable evaluation: metrics, seeded splits, baselines and the CSCO dev set.

Run ``python -m matching.eval`` to print every figure published in docs/matching.md.
"""
