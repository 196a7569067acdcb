"""The class overview computed from a store's rows: connected, stuck, most missed."""

from __future__ import annotations

from tui_tutor.classroom.model import ClassData, MemberRow, Position
from tui_tutor.classroom.report import overview

NOW = 1_000_000.0


def student(name: str, seen: float | None, step_at: float | None, revoked: float | None = None) -> MemberRow:
    return MemberRow(name, "join", NOW - 3600, revoked, seen, "softmax", 2, step_at, True)


def data(moved_on: float, members: tuple[MemberRow, ...], items=()) -> ClassData:
    return ClassData(NOW, Position("softmax", 5, None, {}, 0, "prof", moved_on), members, (), tuple(items), (), ())


def test_stuck_means_connected_no_step_for_a_while_and_the_class_moved_on():
    members = (
        student("alice", NOW - 2, NOW - 600),  # idle 10 min, class moved 1 min ago: stuck
        student("bob", NOW - 2, NOW - 60),  # stepped a minute ago
        student("carol", NOW - 120, NOW - 900),  # not connected any more
        student("dave", NOW - 2, NOW - 900, revoked=NOW - 10),  # removed from the class
    )
    ov = overview(data(NOW - 60, members))
    assert [m.name for m in ov.connected] == ["alice", "bob"]
    assert [(m.name, round(idle)) for m, idle in ov.stuck] == [("alice", 600)]
    assert overview(data(NOW - 700, members)).stuck == ()  # the instructor has not moved since either
    assert [m.name for m, _ in overview(data(NOW - 1, members), stuck_after=30).stuck] == ["alice", "bob"]


def test_most_missed_first_by_share_right_then_by_wrong_answers():
    members = tuple(student(n, NOW, NOW) for n in ("a", "b", "c"))
    items = [("a", "easy", 3, 0), ("b", "easy", 1, 0), ("a", "hard", 0, 4), ("b", "hard", 1, 1),
             ("c", "tricky", 0, 1), ("a", "never-answered", 0, 0), ("ghost", "hard", 0, 50)]
    ov = overview(data(NOW, members, items))
    assert [(i.item_id, i.students, i.right, i.wrong) for i in ov.items] == [
        ("tricky", 1, 0, 1), ("hard", 2, 1, 5), ("easy", 2, 4, 0)]
    assert [i.item_id for i in ov.most_missed()] == ["tricky", "hard"]
    assert ov.per_student["a"] == (0, 0, 3, 4)
