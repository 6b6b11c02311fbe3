# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The API keeps no tables of its own: tokens are ``accounts.ApiToken``."""
