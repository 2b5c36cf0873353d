"""Before and after of an edit, for the audit log: the changed fields only, personal numbers masked.

The writer of an edit calls `edit_entry` with the values before and after, in the transaction
that makes the change; fields that did not change are left out, and an ID number or a phone
(a field whose name says so) is stored masked the way the ledger shows it, so the audit log
never becomes a second copy of the numbers it protects.
"""

from __future__ import annotations

import uuid

from db.schema.audit import AuditEntry, audit_entry


def masked(field: str, value):
    """`value` as the audit log may hold it: ID numbers and phones masked."""
    # the ledger's masks, imported on use: configuration writers load this module at start
    from app.people.privacy import mask_id_number, mask_phone
    if isinstance(value, str):
        if "id_number" in field:
            return mask_id_number(value)
        if "phone" in field:
            return mask_phone(value)
    return value


def changed_fields(before: dict, after: dict) -> dict[str, list]:
    """{field: [old, new]} for every field whose value differs (masked where personal); nested
    settings are compared leaf by leaf, named by their path ("department.weights.timely")."""
    old, new = _flat(before), _flat(after)
    fields = list(old) + [f for f in new if f not in old]
    return {f: [masked(f, old.get(f)), masked(f, new.get(f))] for f in fields if old.get(f) != new.get(f)}


def _flat(values: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(_flat(value, name + "."))
        else:
            flat[name] = value
    return flat


def edit_entry(*, actor: str, workstation: str | None, action: str, entity: str, before: dict, after: dict,
               entity_id: uuid.UUID | None = None, extra: dict | None = None) -> AuditEntry | None:
    """The audit entry of an edit with its changed fields; None when nothing changed."""
    changes = changed_fields(before, after)
    if not changes:
        return None
    return audit_entry(actor=actor, workstation=workstation, action=action, entity=entity, entity_id=entity_id,
                       detail={**(extra or {}), "changes": changes})

