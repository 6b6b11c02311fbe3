# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The Coxswain web app: a Django project over the same workbook model and analysis core as the CLI.

Apps: ``accounts`` (organisations, roles, invitations, API tokens), ``strategy`` (the
company.yaml parts, edited in the browser), ``checkins`` (goal progress and pulse surveys),
``insights`` (analysis runs, findings, actions, reviews, dashboard) and ``api`` (django-ninja).
Django is imported only when the web app is used, never by ``coxswain analyze``.
"""
