# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
