"""By-name follow-up lists of the monthly reports (DOMAIN.md §5): children BGM/2T, pregnant women with a risk
flag, adults/elderly needing referral. Small result sets; the names are shown escaped like any user data."""
from sqlalchemy import or_, select

from ...extensions import db
from ...models import Person, PregnancyEpisode
from .periods import Month, on_register
from .pregnancy import _per_episode, pregnant_in_month
from .screening import _screened
from .skdn import weighed_visits


def children_to_follow(posyandu_ids, month: Month) -> list[dict]:
    """Children weighed in the month whose latest visit is BGM or 2T (the F2 lists; a single T is counted only)."""
    if not posyandu_ids:
        return []
    w = weighed_visits(posyandu_ids, month).c
    query = (select(Person.name, Person.mother_name, Person.sex, w.posyandu_id, w.visit_date, w.age_months,
                    w.kms_code, w.two_t, w.bgm, w.wfa_category, w.hfa_category, w.wfh_category)
             .join(Person, Person.id == w.person_id)
             .where(or_(w.bgm.is_(True), w.two_t.is_(True)))
             .order_by(w.posyandu_id, w.bgm.desc(), w.two_t.desc(), Person.name))
    return [dict(row) for row in db.session.execute(query).mappings()]


def pregnancies_to_follow(posyandu_ids, month: Month) -> list[dict]:
    """Women pregnant in the month with KEK, anaemia, hypertension, a danger sign or a referral this month."""
    if not posyandu_ids:
        return []
    per = _per_episode(posyandu_ids, month)
    flags = [per.c.kek, per.c.anaemia, per.c.hypertension, per.c.danger, per.c.referral]
    query = (select(Person.name, PregnancyEpisode.posyandu_id, PregnancyEpisode.hpht, per.c.contacts,
                    *flags)
             .select_from(PregnancyEpisode)
             .join(Person, Person.id == PregnancyEpisode.person_id)
             .join(per, per.c.episode_id == PregnancyEpisode.id)
             .where(PregnancyEpisode.posyandu_id.in_(posyandu_ids), pregnant_in_month(month),
                    on_register(month), or_(*[f == 1 for f in flags]))
             .order_by(PregnancyEpisode.posyandu_id, Person.name))
    return [dict(row) for row in db.session.execute(query).mappings()]


def screenings_to_refer(posyandu_ids, month: Month) -> list[dict]:
    """Adults/elderly whose latest screening in the month needs a referral."""
    if not posyandu_ids:
        return []
    s = _screened(posyandu_ids, month, with_person=True).c
    query = (select(Person.name, s.posyandu_id, s.age_group, s.bp_class, s.glucose_class, s.puma_score,
                    s.skilas_positive, s.adl_level)
             .join(Person, Person.id == s.person_id)
             .where(s.needs_referral.is_(True))
             .order_by(s.posyandu_id, Person.name))
    return [dict(row) for row in db.session.execute(query).mappings()]
