"""The API keeps no tables of its own: tokens are ``accounts.ApiToken``."""
