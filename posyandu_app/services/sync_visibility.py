"""What of a record a sync answer (push result, pulled change) may show its caller: nothing outside the caller's
scope. A probable duplicate found in a sibling posyandu is told as `duplicate_elsewhere`, without its id: the
bidan, whose scope covers both, sees the pair. A person merged into one of a sibling posyandu is a tombstone
without `merged_into_id`: the kader's phone drops the person and its visits, which now live in the other roster."""
import logging

log = logging.getLogger(__name__)


class Visibility:
    def __init__(self, scope_ids, posyandu_of):
        """`posyandu_of(person_id)` -> the posyandu id of a stored person, or None."""
        self.scope, self._posyandu_of = scope_ids, posyandu_of

    def shown(self, result: dict) -> dict:
        """A push result as the caller may see it: a record outside scope is never sent (defence in depth)."""
        record = result.get("record")
        if record is None:
            return result
        if record.get("posyandu_id") not in self.scope or self.hangs_elsewhere(record):
            log.warning("sync answer for op %s held a record outside the caller's scope", result.get("op_id"))
            return {key: value for key, value in result.items() if key != "record"}
        if "duplicate_of_id" in record:
            return {**result, "record": self.person(record)}
        return result

    def hangs_elsewhere(self, record: dict) -> bool:
        """A visit or episode of the caller's posyandu that names a person outside the caller's scope (history of
        a person merged across posyandu before merges moved it along): not shown, not even its person_id."""
        person_id = record.get("person_id")
        return bool(person_id) and self._posyandu_of(person_id) not in self.scope

    def person(self, record: dict) -> dict:
        record = self.tombstone(record)
        duplicate_of = record.get("duplicate_of_id")
        if duplicate_of and self._posyandu_of(duplicate_of) not in self.scope:
            return {**record, "duplicate_of_id": None, "duplicate_elsewhere": True}
        return {**record, "duplicate_elsewhere": False}

    def tombstone(self, data: dict) -> dict:
        """A merge target outside the caller's scope is not named (a bidan merges across the posyandu of her
        pustu; the kader of the merged person's posyandu must not learn the other one's id)."""
        merged_into = data.get("merged_into_id")
        if merged_into and self._posyandu_of(merged_into) not in self.scope:
            return {**data, "merged_into_id": None}
        return data
