"""The web face of the backtest: "How good are our warnings?" (coxswain.backtest)."""
