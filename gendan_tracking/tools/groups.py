"""The security groups, by xml id, for ``groups=`` and ``has_group``."""

GROUP_MERCHANDISER = "gendan_tracking.group_merchandiser"
GROUP_MANAGER = "gendan_tracking.group_merchandising_manager"
