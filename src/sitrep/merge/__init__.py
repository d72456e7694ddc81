"""Cross-document merging: reports of one event become one canonical event with reconciled claims."""

from .cluster import cluster_events
from .features import PairScore, score_pair
from .reconcile import reconcile
from .settings import MergeSettings, merge_settings
from .update import ClusterStore, MergeSummary, apply_corrections, recluster, update_clusters

__all__ = [
    "ClusterStore",
    "MergeSettings",
    "MergeSummary",
    "PairScore",
    "apply_corrections",
    "cluster_events",
    "merge_settings",
    "recluster",
    "reconcile",
    "score_pair",
    "update_clusters",
]
