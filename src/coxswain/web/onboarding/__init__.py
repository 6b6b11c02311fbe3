"""Onboarding: after sign-up, a template, a short wizard and a first analysis."""
