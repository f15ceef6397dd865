"""The audit trail: `audit_record` inside every service's transaction, `audit_verify` for
anyone who wants to check that nothing was edited or removed afterwards."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Protocol

from django.db import models, transaction
from django.utils import timezone

from hamkori.core.middleware import current_request_id
from hamkori.core.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        # One instant, one text: the same moment in two time zones is not a change.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def event_digest(
    *,
    prev_hash: str,
    position: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    object_label: str,
    changes: dict,
    request_id: str,
) -> str:
    content = {
        "prev": prev_hash,
        "position": position,
        "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "actor_label": actor_label,
        "organisation": organisation_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_label": object_label,
        "changes": changes,
        "request_id": request_id,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def diff(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    out = {}
    for name in fields:
        new = _jsonable(getattr(instance, name))
        old = _jsonable(before.get(name))
        if old != new:
            out[name] = [old, new]
    return out


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


class _AuditedMeta(Protocol):
    @property
    def label_lower(self) -> str: ...


class Audited(Protocol):
    """What an event can be about: a model instance, or anything that names itself the
    same way (an imported file is not a row of any table)."""

    @property
    def pk(self) -> Any: ...

    @property
    def _meta(self) -> _AuditedMeta: ...


def audit_record(
    *,
    actor,
    action: str,
    obj: Audited,
    changes: dict | None = None,
    organisation=None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the service's transaction: if the
    business change rolls back, so does its event."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside a transaction")
    # The head row lock serialises appends across processes (PostgreSQL); on SQLite the
    # IMMEDIATE transaction already holds the database write lock.
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    actor_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    actor_label = getattr(actor, "email", "") if actor_id else ""
    fields = {
        "position": head.position + 1,
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "organisation_id": organisation.pk if organisation is not None else None,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_label": str(obj)[:300],
        "changes": _jsonable(changes or {}),
        "request_id": current_request_id(),
    }
    digest = event_digest(prev_hash=head.hash, **fields)
    event = AuditEvent.objects.create(prev_hash=head.hash, hash=digest, **fields)
    head.position = event.position
    head.hash = digest
    head.save(update_fields=["position", "hash"])
    return event


@dataclass(frozen=True)
class AuditProblem:
    position: int
    message: str


def audit_verify(batch_size: int = 5000) -> Iterator[AuditProblem]:
    """Walk the chain from the start and yield every break; nothing yielded means intact."""
    prev_hash = GENESIS
    expected_position = 1
    events = AuditEvent.objects.order_by("position").values(
        "position",
        "occurred_at",
        "actor_id",
        "actor_label",
        "organisation_id",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "changes",
        "request_id",
        "prev_hash",
        "hash",
    )
    for row in events.iterator(chunk_size=batch_size):
        position = row["position"]
        if position != expected_position:
            yield AuditProblem(position, f"events {expected_position}..{position - 1} are missing")
        if row["prev_hash"] != prev_hash:
            yield AuditProblem(position, "does not link to the event before it")
        stored = row["hash"]
        digest = event_digest(
            prev_hash=prev_hash,
            position=position,
            occurred_at=row["occurred_at"],
            actor_id=row["actor_id"],
            actor_label=row["actor_label"],
            organisation_id=row["organisation_id"],
            action=row["action"],
            object_type=row["object_type"],
            object_id=row["object_id"],
            object_label=row["object_label"],
            changes=row["changes"],
            request_id=row["request_id"],
        )
        if digest != stored:
            yield AuditProblem(position, "content does not match its hash (edited)")
        prev_hash = stored
        expected_position = position + 1
    head = AuditChainHead.objects.filter(id=1).first()
    last = expected_position - 1
    if head is not None and (head.position != last or head.hash != prev_hash):
        yield AuditProblem(
            head.position, f"the chain ends at {last} but the head says {head.position}"
        )
