"""The bidan reviews a birth (issue 17): the delivery in her queue with its BBLR badge and the referral, its rows in
her language, the mother's page with the delivered pregnancy and the birth, the newborn's own page."""
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.models import Delivery
from posyandu_app.services.assess.delivery import assess_delivery

from ..factories import login


def test_a_birth_reaches_the_bidan_with_its_badge_and_advice(client, make):
    pustu = make.pustu()
    posyandu = make.posyandu(pustu)
    mother = make.person(posyandu, name="Dewi Lestari", birth_date=date(1998, 3, 1))
    born = date.today() - timedelta(days=2)
    episode = make.pregnancy_episode(mother, hpht=born - timedelta(weeks=35), outcome="delivered", delivery_date=born)
    baby = make.person(posyandu, name="Bayi Ny. Dewi Lestari", birth_date=born, mother_name="Dewi Lestari")
    delivery = make.delivery(episode, born, place="home", attendant="dukun", babies=1, baby_sex="F",
                             birth_weight_kg=2.2, birth_length_cm=45.0, baby_id=baby.id)
    assess_delivery(delivery)
    db.session.commit()
    assert delivery.low_birth_weight and delivery.preterm
    login(client, make.user("bidan", pustu))

    queue = client.get("/review", query_string={"type": "delivery"}).get_data(as_text=True)
    assert "Dewi Lestari" in queue and "BBLR (berat lahir &lt; 2.500 g)" in queue
    page = client.get(f"/review/delivery/{delivery.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in ("Persalinan", "Penolong persalinan", "Dukun bayi", "Rumah", "Lahir hidup", "perempuan",
                 "Lahir kurang bulan", "antar ke bidan atau puskesmas hari ini"):
        assert text in html, text
    person = client.get(f"/people/{mother.id}").get_data(as_text=True)
    assert "Persalinan" in person and "Dukun bayi" in person
    assert client.get(f"/people/{baby.id}").status_code == 200
    assert Delivery.query.count() == 1


def test_merging_the_newborn_with_her_duplicate_keeps_the_birth_linked(make):
    from posyandu_app.services import merge

    pustu = make.pustu()
    posyandu = make.posyandu(pustu)
    mother = make.person(posyandu, name="Sri Wahyuni", birth_date=date(1995, 1, 1))
    born = date.today() - timedelta(days=5)
    episode = make.pregnancy_episode(mother, hpht=born - timedelta(weeks=39), outcome="delivered", delivery_date=born)
    registered = make.person(posyandu, name="Putri", birth_date=born, mother_name="Sri Wahyuni")
    from_birth = make.person(posyandu, name="Putri", birth_date=born, mother_name="Sri Wahyuni",
                             duplicate_of_id=registered.id, duplicate_reason="name_birth_mother")
    delivery = make.delivery(episode, born, baby_id=from_birth.id)
    merge.merge(make.user("bidan", pustu), from_birth.id, registered.id)
    db.session.expire_all()
    assert db.session.get(Delivery, delivery.id).baby_id == registered.id
    assert db.session.get(Delivery, delivery.id).person_id == mother.id
