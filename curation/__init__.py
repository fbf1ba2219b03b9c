"""Curators' bulk tools: import and export of the directory (files, admin, commands), probable
duplicates and their merge, data quality and completeness."""
