from sitrep.extract.place_roles import event_places
from sitrep.model import Place, Toponym


def located(text: str, *names: str, regions: tuple[str, ...] = ()) -> list[str]:
    toponyms = []
    for name in names + regions:
        start = text.index(name)
        feature = "REGION" if name in regions else "PPL"
        toponyms.append(Toponym(name, start, start + len(name), Place(query=name, name=name, feature=feature)))
    return [t.text for t in event_places(text, sorted(toponyms, key=lambda t: t.start_char))]


def test_origins_and_the_places_listed_with_them_do_not_locate_the_event():
    text = "Shelling hit Kafr Nabl, where families of Tell Salma and Bireh in Idlib province had fled."
    assert located(text, "Kafr Nabl", "Tell Salma", "Bireh", regions=("Idlib province",)) == ["Kafr Nabl"]
    text = "A bomb hit buses of evacuees from the besieged town of Nubl in Rashidin."
    assert located(text, "Nubl", "Rashidin") == ["Rashidin"]
    text = "Barrel bombs hit a camp near Atmeh for people displaced from the central province of Hama."
    assert located(text, "Atmeh", regions=("province of Hama",)) == ["Atmeh"]
    text = "Under the deal 2,000 people left Madaya, a government-besieged town near Damascus, for Idlib."
    assert located(text, "Madaya", "Damascus", "Idlib") == ["Idlib"]


def test_a_distant_landmark_does_not_locate_the_event_but_a_near_one_does():
    text = "A blast hit the market of Mhardeh, 180 kilometres (110 miles) north of the capital Damascus."
    assert located(text, "Mhardeh", "Damascus") == ["Mhardeh"]
    text = "Jets struck a farm 8 km north of Sarmin and a bakery 5 km from Binnish."
    assert located(text, "Sarmin", "Binnish") == ["Sarmin", "Binnish"]


def test_residents_are_where_they_live():
    text = "Residents of Maarat al-Numan demonstrated against the regime."
    assert located(text, "Maarat al-Numan") == ["Maarat al-Numan"]


def test_where_the_dead_or_evacuees_came_from_does_not_locate_the_event():
    text = "The victims were mostly residents of the besieged villages of Fuaa and Kefraya in Idlib province."
    assert located(text, "Fuaa", "Kefraya", regions=("Idlib province",)) == []
    text = "Madaya evacuees said they heard the blast in Rashidin."
    assert located(text, "Madaya", "Rashidin") == ["Rashidin"]
    text = "The dead were mainly residents of the two villages of Kefraya and al-Foua in Idlib province."
    assert located(text, "Kefraya", regions=("Idlib province",)) == []


def test_an_origin_cue_counts_only_where_it_begins_within_its_window_before_the_place():
    from sitrep.extract.place_roles import CUE_WINDOW

    for gap in range(CUE_WINDOW - 3, CUE_WINDOW + 4):
        village = "Z" + "a" * (gap - len("from the villages of  in ") - 1)
        text = f"Buses carried families from the villages of {village} in Idlib province to a camp."
        assert text.index("Idlib") - text.index("from") == gap
        expected = [] if gap <= CUE_WINDOW else ["Idlib province"]
        assert located(text, regions=("Idlib province",)) == expected, gap


def test_an_earlier_event_a_time_span_dates_the_event_from_does_not_locate_it():
    text = "Shells hit a bakery in Tell Rifaat, two days after jets bombed a market in Marea and Azaz."
    assert located(text, "Tell Rifaat", "Marea", "Azaz") == ["Tell Rifaat"]
    text = "Gunmen killed 4 near the capital just hours after a car bomb left dozens dead in the town of Jableh."
    assert located(text, "Jableh") == []
    # a sentence that opens with the time span is told of its main clause, with or without the comma
    text = "A day after the truce began, jets struck Sarmin. Hours after the deal rebels shelled Binnish."
    assert located(text, "Sarmin", "Binnish") == ["Sarmin", "Binnish"]
    # another clause is another event's
    text = "Days after the talks, rebels shelled the town of Khan Touman."
    assert located(text, "Khan Touman") == ["Khan Touman"]
