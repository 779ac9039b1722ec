"""What each pushed op does: create/edit persons and pregnancy episodes, append visits, apply corrections."""
from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..models import AuditLog, Facility, Person, PregnancyEpisode
from ..models.base import utcnow
from ..visit_kinds import kind as kind_of, visit_models
from . import assessment, audit, sync_close
from .registry import normalize_name
from .serialize import serialize, fill_defaults
from .sync_rules import (OpConflict, OpDuplicate, canonical, id_taken, in_scope, message, person_of_record, reject,
                         require_on_or_after, require_person, require_scope)


# --- persons and pregnancy episodes (mutable, versioned) ----------------------------------------------------------

def check_base_version(op, record, entity, scope_ids):
    """An edit applies only on top of the version it was made from; anything else is a conflict, never a merge.
    Scope first: a record outside it is never shown, whatever the op (a create under a foreign id: `id_taken`)."""
    if record.posyandu_id not in scope_ids:
        if op.base_version is None:
            raise id_taken()
        reject("id", "sync.not_found")  # as for an id the server does not hold: existence does not leak
    if record.deleted_at is not None:
        raise OpConflict({"id": message("sync.deleted")}, serialize(entity, record))
    if op.base_version is None:
        raise OpConflict({"id": message("sync.already_exists")}, serialize(entity, record))
    if op.base_version != record.version:
        raise OpConflict({"base_version": message("sync.stale_version", version=record.version)},
                         serialize(entity, record))


def apply_person(batch, op):
    person = batch.person(op.id)
    if person is None and op.base_version is not None:
        reject("id", "sync.not_found")
    if person is None:
        values = batch.load("person", op.data)
        posyandu_id = values.pop("posyandu_id", None) or batch.default_posyandu()
        if posyandu_id is None:
            reject("posyandu_id", "sync.posyandu_required")
        require_scope(batch.scope, posyandu_id, "posyandu_id")
        person = fill_defaults(Person(id=op.id, posyandu_id=posyandu_id, created_by_id=batch.user.id,
                                      updated_by_id=batch.user.id, **values))
        _normalize(batch, person)
        _check_left(person)
        _flag_probable_duplicate(batch, person)
        batch.add(person)
        batch.on_success(lambda: batch.persons.__setitem__(person.id, person))
        batch.on_success(lambda: batch.new_persons.append(person))
        return _audited(batch, "create", "person", person, None)

    check_base_version(op, person, "person", batch.scope)
    values = batch.load("person", op.data, partial=True)
    before = serialize("person", person)
    moved_to = values.pop("posyandu_id", None)
    if moved_to is not None and moved_to != person.posyandu_id:
        require_scope(batch.scope, moved_to, "posyandu_id")
        values["posyandu_id"] = moved_to
    batch.set(person, **values)
    _normalize(batch, person)
    _check_left(person)
    _bump(batch, person)
    return _audited(batch, "update", "person", person, before)


def _check_left(person):
    """Leaving the register takes a reason and a day, on or after the birth date (not in the future: schema)."""
    if person.left_on is not None and person.left_reason is None:
        reject("left_reason", "sync.left_reason_required")
    if person.left_reason is not None and person.left_on is None:
        reject("left_on", "sync.left_on_required")
    require_on_or_after(person.left_on, person.birth_date, "left_on", "sync.left_before_birth")


def _normalize(batch, person):
    batch.set(person, name_normalized=normalize_name(person.name),
              mother_name_normalized=normalize_name(person.mother_name))


def _flag_probable_duplicate(batch, person):
    """Same NIK, or same normalised name + birth date + mother, in the same pustu: applied, but marked for review.

    The oldest match wins: the database first, then persons created earlier in this batch (not flushed yet).
    """
    same_pustu = select(Facility.id).where(Facility.parent_id == batch.pustu_of(person.posyandu_id))
    identity = (person.name_normalized, person.birth_date, person.mother_name_normalized)
    same_identity = and_(Person.name_normalized == identity[0], Person.birth_date == identity[1],
                         func.coalesce(Person.mother_name_normalized, "") == identity[2])
    match = or_(Person.nik == person.nik, same_identity) if person.nik else same_identity
    stored = db.session.execute(
        select(Person.id, Person.nik).where(
            Person.posyandu_id.in_(same_pustu), Person.deleted_at.is_(None), Person.id != person.id, match)
        .order_by(Person.created_at, Person.id)).all()
    earlier = [p for p in batch.new_persons if batch.pustu_of(p.posyandu_id) == batch.pustu_of(person.posyandu_id)
               and (p.nik and p.nik == person.nik
                    or (p.name_normalized, p.birth_date, p.mother_name_normalized) == identity)]
    candidates = [(row.id, row.nik) for row in stored] + [(p.id, p.nik) for p in earlier]
    by_nik = [found for found, nik in candidates if person.nik and nik == person.nik]
    if by_nik:
        person.duplicate_of_id, person.duplicate_reason = by_nik[0], "nik"
    elif candidates:
        person.duplicate_of_id, person.duplicate_reason = candidates[0][0], "name_birth_mother"


def apply_episode(batch, op):
    episode = batch.episode(op.id)
    if episode is None and op.base_version is not None:
        reject("id", "sync.not_found")
    if episode is None:
        values = batch.load("pregnancy", op.data)
        person = person_of_record(batch, values["person_id"])
        values["person_id"] = person.id
        episode = fill_defaults(PregnancyEpisode(id=op.id, posyandu_id=person.posyandu_id,
                                                 created_by_id=batch.user.id, updated_by_id=batch.user.id, **values))
        before, action = None, "create"
        batch.on_success(lambda: batch.episodes.__setitem__(episode.id, episode))
    else:
        check_base_version(op, episode, "pregnancy", batch.scope)
        values = batch.load("pregnancy", op.data, partial=True)
        if values.pop("person_id", episode.person_id) != episode.person_id:
            reject("person_id", "sync.person_fixed")
        person = require_person(batch.person(episode.person_id), batch.scope)
        before, action = serialize("pregnancy", episode), "update"
        batch.set(episode, **values)
        _bump(batch, episode)
    _check_episode(person, episode)
    if episode not in db.session:
        episode.person = person
        batch.add(episode)
    else:
        batch.keep(episode)
    assessment.assess_episode(episode)
    return _audited(batch, action, "pregnancy", episode, before)


def _check_episode(person, episode):
    if person.sex != "F":
        reject("person_id", "sync.not_female")
    require_on_or_after(episode.hpht, person.birth_date, "hpht", "sync.visit_before_birth")
    require_on_or_after(episode.delivery_date, episode.hpht, "delivery_date", "sync.date_before_hpht")
    if episode.previous_birth_date and episode.hpht and episode.previous_birth_date > episode.hpht:
        reject("previous_birth_date", "sync.date_after_hpht")


def _bump(batch, record):
    batch.set(record, version=record.version + 1, updated_at=utcnow(), updated_by_id=batch.user.id)


# --- visits (append-only) and corrections -------------------------------------------------------------------------

def apply_visit(batch, op, kind=None, old=None, data=None):
    kind = kind or op.entity
    if old is None:
        existing_kind, existing = batch.visit(op.id, kind)
        if existing is not None:
            raise existing_visit(batch, op, existing_kind, existing)
    values = batch.load(kind, op.data if data is None else data,
                        partial=("person_id", "episode_id") if old is not None else False)
    if old is not None:
        _inherit_from_superseded(values, old)
    person = person_of_record(batch, values["person_id"])
    values["person_id"] = person.id
    require_on_or_after(values["visit_date"], person.birth_date, "visit_date", "sync.visit_before_birth")
    declared = kind_of(kind)
    visit = declared.model(id=op.id, posyandu_id=person.posyandu_id, device_id=batch.device_id,
                           recorded_at=op.recorded_at, created_by_id=batch.user.id, **values)
    visit.person = person
    if declared.parent == "episode_id":
        visit.episode = _episode_of_visit(batch, person, values)
    if old is not None:
        visit.supersedes_id, visit.version = old.id, old.version + 1
        batch.set(old, is_current=False)
    fill_defaults(visit)
    batch.add_visit(visit)
    sync_close.after_visit(batch, declared, visit, getattr(visit, "episode", None), old)  # a birth ends its pregnancy
    if declared.reassess_following:
        _assess_growth_and_following(batch, visit, old)
    else:
        if declared.parent == "episode_id":
            batch.keep(visit.episode)  # its assessment re-assesses the episode too
        assessment.function(declared)(visit, **_history(batch, declared, visit))
    batch.on_success(lambda: batch.visits.__setitem__(visit.id, (kind, visit)))
    return _audited(batch, "correct" if old is not None else "create", kind, visit,
                    serialize(kind, old) if old is not None else None)


def _history(batch, declared, visit):
    """The person's records of this kind the batch holds (unwritten in the fast path), for history_of_person kinds."""
    held = [v for kind, v in batch.visits.values() if kind == declared.entity and v.person_id == visit.person_id]
    return {"known": held} if declared.history_of_person else {}


def _inherit_from_superseded(values, old):
    for name in ("person_id", "episode_id"):
        if name in values and values[name] != getattr(old, name, None):
            reject(name, "sync.person_mismatch")
        if hasattr(old, name):
            values[name] = getattr(old, name)


def _episode_of_visit(batch, person, values):
    episode = in_scope(batch.episode(values["episode_id"]), batch.scope)
    if episode is None or episode.deleted_at is not None:
        reject("episode_id", "sync.episode_not_found")
    if episode.person_id != person.id:
        reject("episode_id", "sync.episode_other_person")
    if person.sex != "F":
        reject("person_id", "sync.not_female")
    require_on_or_after(values["visit_date"], episode.hpht, "visit_date", "sync.visit_before_hpht")
    return episode


def existing_visit(batch, op, kind, visit):
    """The answer to a visit op whose id the server already holds: the same visit sent again under another op_id
    (same kind and person; for a correction, the same superseded visit) is a `duplicate` with the server copy;
    anything else, above all a visit outside the caller's scope, is `id_taken` and shows nothing of it."""
    if visit.posyandu_id not in batch.scope:
        return id_taken()
    if op.entity == "correction":
        same = visit.supersedes_id is not None and visit.supersedes_id == canonical(op.data.get("supersedes"))
    else:
        person = batch.surviving_person(canonical(op.data.get("person_id")))
        same = kind == op.entity and person is not None and person.id == visit.person_id
    return OpDuplicate(serialize(kind, visit)) if same else id_taken()


def apply_correction(batch, op):
    """A new visit that supersedes a submitted or returned one; the old one stays, no longer current."""
    existing_kind, existing = batch.visit(op.id)
    if existing is not None:
        raise existing_visit(batch, op, existing_kind, existing)
    superseded_id = batch.load("correction", op.data)["supersedes"]
    kind, old = batch.visit(superseded_id)
    if old is None:
        kind, old = load_visit(batch, superseded_id)
    if in_scope(old, batch.scope) is None:
        reject("supersedes", "sync.visit_not_found")  # none, or another posyandu's: the same answer
    if not old.is_current:
        raise OpConflict({"supersedes": message("sync.already_superseded")}, serialize(kind, _current_of(kind, old)))
    if old.status == "verified":
        reject("supersedes", "sync.verified_final")
    data = {name: value for name, value in op.data.items() if name != "supersedes"}
    record = apply_visit(batch, op, kind=kind, old=old, data=data)
    batch.on_success(lambda: batch.weighings[old.person_id].pop(old.id, None))
    return record


def load_visit(batch, visit_id):
    for kind, model in visit_models().items():
        visit = db.session.get(model, visit_id)
        if visit is not None:
            batch.visits[visit_id] = (kind, visit)
            return kind, visit
    return None, None


def _current_of(kind, visit):
    model = kind_of(kind).model
    while not visit.is_current:
        newer = db.session.scalar(select(model).where(model.supersedes_id == visit.id))
        if newer is None:
            break
        visit = newer
    return visit


# --- assessment with the domain rules -----------------------------------------------------------------------------

def assess_growth(visit, known):
    """The server's assessment, given the child's other current weighings (database + this batch so far)."""
    earlier = [{"date": day.isoformat(), "weight_kg": kg} for day, kg in known
               if kg is not None and day < visit.visit_date]
    return assessment.assess_growth(visit, previous_weighings=earlier)


def _assess_growth_and_following(batch, visit, old):
    """Assess the new weighing; later weighings of the child are re-assessed too (their KMS code depends on it)."""
    known = dict(batch.weighings[visit.person_id])
    if old is not None:
        known.pop(old.id, None)
    assess_growth(visit, list(known.values()))
    known[visit.id] = (visit.visit_date, visit.weight_kg)
    later = [visit_id for visit_id, (day, _) in known.items() if day > visit.visit_date]
    in_batch = [batch.visit(visit_id)[1] for visit_id in later if batch.visit(visit_id)[1] is not None]
    stored = [visit_id for visit_id in later if batch.visit(visit_id)[1] is None]
    model = kind_of("growth").model
    if stored:
        in_batch += db.session.scalars(select(model).where(model.id.in_(stored))).all()
    for following in in_batch:
        batch.keep(following)
        assess_growth(following, [value for key, value in known.items() if key != following.id])
    batch.on_success(lambda: batch.weighings[visit.person_id].__setitem__(visit.id, known[visit.id]))


def _audited(batch, action, entity, record, before):
    after = serialize(entity, record)
    batch.bookkeep(AuditLog, audit.row(batch.user, action, entity, record.id, before, after, plain=True))
    return after


def handler(entity: str):
    """The function that applies an op of `entity` (every entity of visit_kinds.sync_entities() has one)."""
    if entity in ("person", "correction"):
        return apply_person if entity == "person" else apply_correction
    return apply_visit if kind_of(entity).append_only else apply_episode
