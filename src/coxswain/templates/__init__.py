"""Starter strategy maps for `coxswain init`, one YAML file per kind of business.

They are data, not code: read them with :func:`coxswain.init.load_template`.
"""
