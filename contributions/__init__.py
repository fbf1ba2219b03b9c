"""The actors' space and its moderation: editors of an organisation, and what they submit for review
(new profiles, claims, changes, references), with the curators' decisions."""
