"""ess_coop: a directory of social and solidarity economy actors and decentralized cooperation."""
