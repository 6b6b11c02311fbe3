"""The one suppression rule (coxswain.privacy.suppress) and the private salt file."""

from __future__ import annotations

import stat
from itertools import combinations
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coxswain.privacy import load_or_create_salt, suppress


def test_primary_hides_small_groups_and_the_total_under_the_threshold() -> None:
    s = suppress(sizes={"a": 6, "b": 2, "c": 5}, total=18, min_group=5)
    assert s.total_shown and s.shown == {"a", "c"} and s.primary == ("b",)
    assert s.secondary == ()  # the rest (b and 5 without a team) is 7
    nothing = suppress(sizes={"a": 3, "b": 1}, total=4, min_group=5)
    assert not nothing.total_shown and nothing.shown == frozenset()


def test_one_small_hidden_group_hides_the_next_smallest() -> None:
    # teams of 6, 6 and 1: company minus the two teams of 6 would be the one person
    s = suppress(sizes={"a": 6, "b": 6, "solo": 1}, total=13, min_group=5)
    assert s.primary == ("solo",)
    assert s.secondary == ("a",)  # the smallest shown (ties by key)
    assert s.shown == {"b"}
    assert s.hidden_people == 7


def test_people_outside_every_group_count_in_the_rest() -> None:
    # 10 in a team, 2 without a team: company - team = those 2
    s = suppress(sizes={"a": 10}, total=12, min_group=5)
    assert s.shown == frozenset() and s.total_shown
    # 5 without a team are enough on their own
    assert suppress(sizes={"a": 10}, total=15, min_group=5).shown == {"a"}


def test_min_group_is_never_below_three() -> None:
    s = suppress(sizes={"a": 2, "b": 3}, total=5, min_group=1)
    assert s.min_group == 3 and s.shown == frozenset()  # rest of 2 would reveal a


@given(
    sizes=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 12), max_size=8),
    outside=st.integers(0, 6),
    min_group=st.integers(3, 7),
)
def test_nothing_smaller_than_min_group_is_recoverable_by_subtraction(
    sizes: dict[str, int], outside: int, min_group: int
) -> None:
    total = sum(sizes.values()) + outside
    s = suppress(sizes=sizes, total=total, min_group=min_group)
    if not s.total_shown:
        assert s.shown == frozenset()
        return
    assert total >= min_group
    assert all(sizes[k] >= min_group for k in s.shown)
    # everything a reader can compute from the numbers shown: the total minus any subset
    # of shown groups, and any shown group minus nothing. The only way to reach hidden
    # people is total - all shown; it is 0 or a group of at least min_group.
    rest = total - sum(sizes[k] for k in s.shown)
    assert rest == 0 or rest >= min_group
    assert rest == s.hidden_people
    # no more hidden than needed: showing the last secondary group again would leak
    if s.secondary:
        again = rest - sizes[s.secondary[-1]]
        assert 0 < again < min_group
    for r in range(1, len(s.shown) + 1):
        for subset in combinations(sorted(s.shown), r):
            assert total - sum(sizes[k] for k in subset) >= 0


def test_salt_is_private(tmp_path: Path) -> None:
    load_or_create_salt(tmp_path)
    salt = tmp_path / ".coxswain" / "salt"
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    assert stat.S_IMODE(salt.parent.stat().st_mode) == 0o700


def test_a_salt_written_readable_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / ".coxswain"
    folder.mkdir(mode=0o755)
    (folder / "salt").write_text("abc\n")
    (folder / "salt").chmod(0o644)
    assert load_or_create_salt(tmp_path) == "abc"
    assert stat.S_IMODE((folder / "salt").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
