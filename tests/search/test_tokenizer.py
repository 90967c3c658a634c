"""The tokeniser: every 2-character fragment of a name must be findable."""

from hypothesis import given
from hypothesis import strategies as st

from search.tokenizer import index_terms, query_terms, search_text

NAME = "示例市妇幼保健院"


def matches(query, *values):
    text = search_text(*values)
    return all(
        (f" {t.text} " in text) if t.whole else (t.text in text) for t in query_terms(query)
    )


def test_two_character_fragment_is_an_indexed_term():
    assert "妇幼" in index_terms(NAME)
    assert matches("妇幼", NAME)


def test_longer_fragment_and_whole_name_match():
    assert matches("妇幼保健", NAME)
    assert matches(NAME, NAME)


def test_characters_not_adjacent_in_the_name_do_not_match():
    assert not matches("妇院", NAME)
    assert not matches("生殖", NAME)


def test_pinyin_initials_match_a_fragment():
    assert "slsfybjy" in index_terms(NAME)
    assert matches("fybj", NAME)


def test_uscc_and_licence_numbers_are_case_insensitive_and_full_width_tolerant():
    assert matches("12450102dm0000053p", "12450102DM0000053P")
    assert matches("ＰＭ４５０１０２", "PM450102-2024-000082")


def test_identifier_mixing_scripts_is_kept_whole():
    assert "桂卫辅生字〔2023〕第12号" in index_terms("桂卫辅生字〔2023〕第12号")


def test_every_query_term_must_match():
    assert matches("南宁 妇幼", NAME, "南宁市兴宁区")
    assert not matches("柳州 妇幼", NAME, "南宁市兴宁区")


def test_empty_and_punctuation_only_queries_have_no_terms():
    assert query_terms("") == []
    assert query_terms("  ，。!") == []


@given(st.text(alphabet="示例南宁市妇幼保健院生殖医学中心人民医", min_size=2, max_size=12))
def test_any_substring_of_two_or_more_characters_is_found(name):
    for start in range(len(name) - 1):
        for end in range(start + 2, len(name) + 1):
            assert matches(name[start:end], name)
