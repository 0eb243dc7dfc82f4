"""Naming a practice's experts through the person picker (core/lookups.py)."""

LOOKUP = "/lookup/practices.experts/"


def found(client, practice, text):
    response = client.get(LOOKUP, {"q": text, "practice": practice.pk})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_expert_picker_offers_people_in_scope_but_not_the_author(bank, client):
    practice = bank["practice"]
    client.force_login(bank["methodist_a"])
    assert found(client, practice, "экспертов") == [bank["expert_1"].pk]
    assert found(client, practice, "Альфина") == []
    assert found(client, practice, "Бетова") == []
    page = client.get(f"/practices/{practice.pk}/experts/").content.decode()
    assert "Оценщикова" not in page
    assert 'data-lookup="/lookup/practices.experts/?practice=' in page


def test_expert_picker_names_the_experts_posted(bank, client):
    practice = bank["practice"]
    chosen = {bank["expert_1"].pk, bank["expert_2"].pk}
    client.force_login(bank["methodist_a"])
    response = client.post(f"/practices/{practice.pk}/experts/", {"experts": sorted(chosen)})
    assert response.status_code == 302
    assert set(practice.reviews.values_list("expert_id", flat=True)) == chosen


def test_expert_picker_of_a_practice_managed_elsewhere_finds_nobody(bank, client):
    client.force_login(bank["admin_b"])
    assert found(client, bank["practice"], "экспертов") == []
