"""ESS actors and collectivities, the domains and territories they work in."""
