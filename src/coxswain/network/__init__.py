"""Communication network: ties from messages, person and team metrics, communities."""
