"""Time-series models for KPIs: regular series, exponential smoothing, change points."""
