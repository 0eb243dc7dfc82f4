"""The inbox, opening and marking notifications, the settings page, the bell."""

from profrost.notifications.models import Notification, NotificationKind, NotificationSetting

from .factories import notification


def test_inbox_shows_only_own_notifications(anna, boris, client):
    notification(anna, title="Маршрут Анны согласован")
    notification(boris, title="Маршрут Бориса согласован")
    client.force_login(anna)

    content = client.get("/notifications/").content.decode()

    assert "Маршрут Анны согласован" in content
    assert "Маршрут Бориса согласован" not in content


def test_inbox_offers_to_mark_the_unread_only(anna, client):
    notification(anna, key="a")
    notification(anna, key="b", read_at="2026-01-01T10:00Z")
    client.force_login(anna)

    content = client.get("/notifications/").content.decode()

    assert content.count("Отметить прочитанным") == 1
    assert content.count("прочитано</span>") == 1


def test_inbox_filters_unread(anna, client):
    notification(anna, key="a", title="Новое уведомление")
    notification(anna, key="b", title="Старое уведомление", read_at="2026-01-01T10:00Z")
    client.force_login(anna)

    content = client.get("/notifications/?state=unread").content.decode()

    assert "Новое уведомление" in content
    assert "Старое уведомление" not in content


def test_inbox_filters_by_kind(anna, client):
    notification(anna, key="a", title="Про маршрут")
    notification(anna, key="b", title="Про точку", kind=NotificationKind.CHECKPOINT_MARKED)
    client.force_login(anna)

    content = client.get("/notifications/?kind=checkpoint_marked").content.decode()

    assert "Про точку" in content
    assert "Про маршрут" not in content


def test_inbox_empty_says_so(anna, client):
    client.force_login(anna)

    content = client.get("/notifications/").content.decode()

    assert "Уведомлений нет." in content
    assert "Прочитать все" not in content


def test_inbox_keeps_its_query_count_as_rows_grow(anna, client, django_assert_max_num_queries):
    client.force_login(anna)
    notification(anna, key="0")
    with django_assert_max_num_queries(20) as one:
        client.get("/notifications/")
    for number in range(1, 6):
        notification(anna, key=str(number))

    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/notifications/")


def test_mark_read_marks_own_and_refuses_another(anna, boris, client):
    own, foreign = notification(anna), notification(boris)
    client.force_login(anna)

    response = client.post(f"/notifications/{own.pk}/read/")

    assert response.status_code == 302
    assert client.post(f"/notifications/{foreign.pk}/read/").status_code == 404
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.read_at is not None
    assert foreign.read_at is None


def test_read_all_marks_only_own(anna, boris, client):
    notification(anna, key="a")
    notification(anna, key="b")
    notification(boris)
    client.force_login(anna)

    response = client.post("/notifications/read-all/", follow=True)

    assert "Прочитано: 2 уведомления." in response.content.decode()
    assert not Notification.objects.filter(recipient=anna, read_at=None).exists()
    assert Notification.objects.filter(recipient=boris, read_at=None).count() == 1


def test_go_marks_read_and_leads_to_the_place(anna, client):
    own = notification(anna, url="/routes/7/")
    client.force_login(anna)

    response = client.get(f"/notifications/{own.pk}/go/")

    assert response.status_code == 302
    assert response["Location"] == "/routes/7/"
    own.refresh_from_db()
    assert own.read_at is not None


def test_go_refuses_another_users_notification(anna, boris, client):
    foreign = notification(boris)
    client.force_login(anna)

    assert client.get(f"/notifications/{foreign.pk}/go/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_go_never_leaves_the_site(anna, client):
    own = notification(anna, url="//evil.example.com/")
    client.force_login(anna)

    response = client.get(f"/notifications/{own.pk}/go/")

    assert response["Location"] == "/notifications/"


def test_settings_switch_a_kind_off_and_choose_the_digest(anna, client):
    client.force_login(anna)

    response = client.post(
        "/notifications/settings/", {"digest": "on", "kinds": ["route_agreed"]}, follow=True
    )

    assert "Настройки уведомлений сохранены." in response.content.decode()
    setting = NotificationSetting.objects.get(user=anna)
    assert setting.digest is True
    assert set(setting.muted_kinds) == set(NotificationKind.values) - {"route_agreed"}
    assert "diagnostic_assigned" in setting.muted_kinds


def test_settings_refuse_an_unknown_kind(anna, client):
    client.force_login(anna)

    response = client.post("/notifications/settings/", {"kinds": ["chat"]})

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not NotificationSetting.objects.exists()


def test_bell_counts_unread_notifications(anna, client):
    notification(anna, key="a")
    notification(anna, key="b")
    notification(anna, key="c", read_at="2026-01-01T10:00Z")
    client.force_login(anna)

    response = client.get("/notifications/settings/")

    assert response.context["unread_notifications"] == 2
    assert '<span class="badge rounded-pill bg-danger" data-unread>2</span>' in (
        response.content.decode()
    )


def test_bell_is_not_shown_to_the_anonymous(client, db):
    response = client.get("/accounts/login/")

    assert "unread_notifications" not in response.context
    assert 'id="bell"' not in response.content.decode()
