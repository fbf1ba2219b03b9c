"""The study's eight case studies: narrative parts, « À retenir » points, key figures."""
