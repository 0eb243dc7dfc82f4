"""The demo registry: the region, its organizations, staff, attestations and demo logins."""
