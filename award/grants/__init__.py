"""The winner's travel grant: the record, its claims, approvals within the cap."""
