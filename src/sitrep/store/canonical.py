"""Reading canonical events back: filtered, changed since a time (deletions included), with history."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, select, true

from ..model import EventCluster
from .filters import EventFilter, field_conditions
from .schema import cluster_versions, clusters, documents, events, memberships, review_log, review_log_clusters
from .session import cluster_from_payload

if TYPE_CHECKING:
    from sqlalchemy import Engine


class CanonicalReads:
    """The read side of merging, mixed into Store."""

    engine: Engine

    def _conditions(self, f: EventFilter) -> list:  # the report-level filters, defined by Store
        raise NotImplementedError

    def query_clusters(self, filters: EventFilter) -> list[EventCluster]:
        """Canonical events matching the filters, by date. Deleted ones only with --all or --changed-since,
        so a downstream copy learns of its deletions."""
        conditions = self.cluster_conditions(filters)
        query = select(clusters.c.payload).where(and_(true(), *conditions))
        query = query.order_by(clusters.c.event_date, clusters.c.cluster_id)
        if filters.limit:
            query = query.limit(filters.limit)
        with self.engine.connect() as conn:
            return [cluster_from_payload(json.loads(payload)) for payload in conn.scalars(query)]

    def cluster_conditions(self, filters: EventFilter) -> list:
        """The filters as conditions on the canonical events: their own fields, and publisher and text
        matched by any member report. Deleted events only with --all or --changed-since."""
        conditions = []
        if filters.changed_since:
            conditions.append(clusters.c.changed_at > filters.changed_since)
        elif not filters.include_superseded:
            conditions.append(clusters.c.deleted.is_(False))
        conditions.extend(field_conditions(clusters, filters))
        if filters.publisher or filters.text:
            # a canonical event matches when one of its reports does; correlated on the indexed
            # memberships.cluster_id, so a page probes its own events' reports, not all of an outlet's
            member_filter = replace(
                filters, date_from=None, date_to=None, admin1=None, event_type=None, actor=None, changed_since=None
            )
            matching_report = (
                exists()
                .where(memberships.c.cluster_id == clusters.c.cluster_id)
                .where(events.c.event_id == memberships.c.event_id)
                .where(documents.c.row_id == events.c.document_row)
                .where(and_(true(), *self._conditions(member_filter)))
            )
            conditions.append(matching_report)
        return conditions

    def get_cluster(self, cluster_id: str) -> EventCluster | None:
        with self.engine.connect() as conn:
            payload = conn.scalar(select(clusters.c.payload).where(clusters.c.cluster_id == cluster_id))
        return cluster_from_payload(json.loads(payload)) if payload else None

    def cluster_history(self, cluster_id: str) -> list[dict[str, Any]]:
        """Every version of a canonical event: number, time, why, and the event as it was."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cluster_versions)
                .where(cluster_versions.c.cluster_id == cluster_id)
                .order_by(cluster_versions.c.version)
            ).mappings()
            return [
                {
                    "version": r["version"],
                    "changed_at": r["changed_at"].isoformat(),
                    "reason": r["reason"],
                    "event": json.loads(r["payload"]),
                }
                for r in rows
            ]

    def review_entries(self, cluster_id: str | None = None) -> list[dict[str, Any]]:
        """The audit log of analysts' changes (all, or those touching one cluster), oldest first."""
        statement = select(review_log).order_by(review_log.c.id)
        if cluster_id is not None:
            touched = review_log_clusters.c.cluster_id == cluster_id
            statement = statement.join(review_log_clusters, review_log_clusters.c.entry_id == review_log.c.id)
            statement = statement.where(touched)
        with self.engine.connect() as conn:
            rows = conn.execute(statement).mappings().all()
        return [
            {
                "at": r["at"].isoformat(),
                "who": r["who"],
                "action": r["action"],
                "clusters": json.loads(r["clusters"]),
                "details": json.loads(r["details"]),
                "reason": r["reason"],
            }
            for r in rows
        ]

    def canonical_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(clusters).where(clusters.c.deleted.is_(False))) or 0
