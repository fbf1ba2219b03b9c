"""Cooperation projects, their participants and roles, the agreements between them."""
