"""A re-published story keeps its original outlet when only a byline or a closing credit names it; a divider
line between paragraphs keeps them apart."""

from sitrep.ingest import document_from_string
from sitrep.settings import Options


def read(text: str, publisher: str | None = "Global Echo"):
    return document_from_string(text, doc_id="c", options=Options(), publisher=publisher, published="2022-01-02")


def test_a_byline_naming_an_outlet_is_the_original_publisher():
    document = read("Strike on the market\n\nBy Reuters\n\nJets struck the market in the old town on Monday.")
    assert (document.publisher, document.republished_by) == ("Reuters", "Global Echo")
    document = read("Strike on the market\n\nBy Samer Haddad\n\nJets struck the market in the old town on Monday.")
    assert (document.publisher, document.republished_by) == ("Global Echo", None)


def test_a_closing_credit_names_the_original_publisher():
    document = read(
        "Jets struck the market in the old town on Monday, killing five.\n\n"
        "The original source of this article is Reuters"
    )
    assert (document.publisher, document.republished_by) == ("Reuters", "Global Echo")
    assert "original source" not in document.text


def test_a_divider_line_separates_the_news_from_a_share_plea():
    document = read(
        "Jets struck the market in the old town on Monday, killing five.\n*\n"
        "Please share this story on Facebook and Twitter and donate to keep us going.\n\n"
        "Rescuers searched the rubble until late at night."
    )
    assert document.text.startswith("Jets struck the market in the old town on Monday, killing five.")
    assert "share" not in document.text.lower()
