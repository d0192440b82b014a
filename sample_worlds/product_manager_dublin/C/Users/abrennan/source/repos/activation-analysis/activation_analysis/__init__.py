"""Experiment readouts for onboarding activation."""

__version__ = "0.3.0"
