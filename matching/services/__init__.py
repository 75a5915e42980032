"""The matching app's services: runs (runs.py) and task packages under review (packages.py)."""

from matching.services.packages import (
    PackageRuleError,
    package_approve,
    package_check,
    package_fit_report,
    package_offer_mail_send,
    package_reject,
    package_task_move,
    package_task_remove,
)
from matching.services.runs import (
    DEFAULT_TIME_LIMIT,
    BuiltInstance,
    instance_build,
    proposals_save,
    run_claim,
    run_create,
    run_execute,
    run_export,
    run_fail,
    run_instance,
    run_progress,
)

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "BuiltInstance",
    "PackageRuleError",
    "instance_build",
    "package_approve",
    "package_check",
    "package_fit_report",
    "package_offer_mail_send",
    "package_reject",
    "package_task_move",
    "package_task_remove",
    "proposals_save",
    "run_claim",
    "run_create",
    "run_execute",
    "run_export",
    "run_fail",
    "run_instance",
    "run_progress",
]
