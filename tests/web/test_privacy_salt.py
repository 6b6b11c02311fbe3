"""Each organisation derives its people's pseudonyms from its own random salt."""

from __future__ import annotations

from typing import Any


def test_organisations_have_their_own_salt_and_pages_use_it(tenant: Any, other_tenant: Any) -> None:
    from coxswain.web.insights import services
    from coxswain.web.privacy import labels

    assert len(tenant.org.privacy_salt) == 32
    assert tenant.org.privacy_salt != other_tenant.org.privacy_salt
    # The same workbook in two organisations: the same people, other pseudonyms.
    ours, theirs = labels(org=tenant.org), labels(org=other_tenant.org)
    # (Pseudonyms are numbers drawn from a space ten times the group, so one person may get
    # the same number under two salts by chance; everyone at once practically never.)
    from coxswain.web.strategy.models import Person

    people = list(Person.objects.for_org(tenant.org).values_list("slug", flat=True))
    assert len(people) >= 2
    assert [ours[p] for p in people] != [theirs[p] for p in people]
    assert "Ann" not in ours.values()
    # The analysis names people as the pages do.
    result = services.analyze_org(org=tenant.org, as_of=None)
    assert result.labels["ann"] == ours["ann"]
