"""Customer-base models: cohorts, churn, BG/NBD and Gamma-Gamma lifetime value."""
