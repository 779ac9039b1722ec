"""Scope: a kader sees one posyandu, a bidan their pustu's, a supervisor their puskesmas's."""
from posyandu_app.services import scope


def test_scope_follows_the_facility_tree(make):
    puskesmas = make.puskesmas()
    pustu_a, pustu_b = make.pustu(puskesmas), make.pustu(puskesmas)
    pos_a1, pos_a2, pos_b1 = make.posyandu(pustu_a), make.posyandu(pustu_a), make.posyandu(pustu_b)
    other_puskesmas_posyandu = make.posyandu()

    assert scope.posyandu_ids(make.user("kader", pos_a1)) == [pos_a1.id]
    assert sorted(scope.posyandu_ids(make.user("bidan", pustu_a))) == sorted([pos_a1.id, pos_a2.id])
    assert sorted(scope.posyandu_ids(make.user("supervisor", puskesmas))) == sorted([pos_a1.id, pos_a2.id, pos_b1.id])
    assert other_puskesmas_posyandu.id in scope.posyandu_ids(make.user("admin"))


def test_kader_of_posyandu_a_cannot_access_posyandu_b(make):
    pos_a, pos_b = make.posyandu(), make.posyandu()
    kader_a = make.user("kader", pos_a)
    assert scope.can_access_posyandu(kader_a, pos_a.id)
    assert not scope.can_access_posyandu(kader_a, pos_b.id)


def test_user_without_facility_sees_nothing(make):
    orphan = make.user("kader", facility=make.posyandu())
    orphan.facility_id = None
    assert scope.posyandu_ids(orphan) == []
