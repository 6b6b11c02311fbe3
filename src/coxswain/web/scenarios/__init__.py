"""The web face of scenario planning (coxswain.scenarios): build scenarios with forms, run
them as a background task, compare them with the baseline."""
