"""SEPAKAT: integrated poverty analysis, planning, budgeting, monitoring and evaluation."""

from __future__ import annotations

__version__ = "0.1.0"
