"""The fixtures tell the study in the project's own words: no run of eight words shared with it,
outside the names and titles listed in fixtures/study_names_and_titles.txt (see ess_coop/study_wording.py)."""

from ess_coop import study_wording
from ess_coop.study_wording import copied_passages, mask_names, shared_runs, shingles, tokens


def hashes_of(text):
    return frozenset(digest for _, digest in shingles(tokens(text)))


def test_fixtures_share_no_run_of_eight_words_with_the_study():
    assert copied_passages() == []


def test_study_shingles_file_holds_the_whole_study():
    hashes = study_wording.read_hashes()
    # The study has about 25,600 words: one hash per eight-word run, as extracted and as repaired.
    assert len(hashes) > 25_000
    assert {len(h) for h in hashes} == {2 * study_wording.DIGEST_BYTES}


def test_shared_runs_reports_a_copied_passage_whatever_its_accents_and_case():
    source = frozenset(hashes_of("un deux trois quatre cinq six sept huit neuf dix"))
    text = "Avant. Deux, Trois quatre CINQ six sept huit neuf — après."
    assert shared_runs(text, source, []) == ["deux trois quatre cinq six sept huit neuf"]


def test_shared_runs_ignores_seven_shared_words():
    source = frozenset(hashes_of("un deux trois quatre cinq six sept huit"))
    assert shared_runs("un deux trois quatre cinq six sept et puis", source, []) == []


def test_shared_runs_lets_a_listed_name_break_a_run():
    study = "la fondation du réseau des acteurs solidaires a signé une convention"
    source = frozenset(hashes_of(study))
    names = [tokens("réseau des acteurs solidaires")]
    assert shared_runs(study, source, names) == []
    assert shared_runs(study, source, []) == [" ".join(tokens(study))]


def test_mask_names_marks_every_word_of_each_occurrence():
    words = tokens("A b c, puis b c encore")
    assert mask_names(words, [tokens("b c")]) == [False, True, True, False, True, True, False]
