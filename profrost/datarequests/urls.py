from django.urls import path

from . import views, views_answers, views_builder

app_name = "datarequests"

urlpatterns = [
    path("", views.RequestListView.as_view(), name="request_list"),
    path("new/", views.RequestCreateView.as_view(), name="request_create"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("<int:pk>/edit/", views.RequestUpdateView.as_view(), name="request_update"),
    path("<int:pk>/delete/", views.RequestDeleteView.as_view(), name="request_delete"),
    path("<int:pk>/send/", views.RequestSendView.as_view(), name="request_send"),
    path("<int:pk>/close/", views.RequestCloseView.as_view(), name="request_close"),
    path("<int:pk>/reopen/", views.RequestReopenView.as_view(), name="request_reopen"),
    path("<int:pk>/summary/", views.SummaryView.as_view(), name="request_summary"),
    path("<int:pk>/fields/new/", views_builder.FieldCreateView.as_view(), name="field_create"),
    path("fields/<int:pk>/edit/", views_builder.FieldUpdateView.as_view(), name="field_update"),
    path("fields/<int:pk>/delete/", views_builder.FieldDeleteView.as_view(), name="field_delete"),
    path("fields/<int:pk>/move/", views_builder.FieldMoveView.as_view(), name="field_move"),
    path("<int:pk>/recipients/", views_builder.RecipientsView.as_view(), name="request_recipients"),
    path(
        "<int:pk>/recipients/clear/",
        views_builder.RecipientsClearView.as_view(),
        name="recipients_clear",
    ),
    path(
        "recipients/<int:pk>/remove/",
        views_builder.RecipientRemoveView.as_view(),
        name="recipient_remove",
    ),
    path("inbox/", views_answers.InboxView.as_view(), name="inbox"),
    path("answers/<int:pk>/", views_answers.AnswerView.as_view(), name="answer"),
    path(
        "answers/<int:pk>/fields/<int:field_pk>/",
        views_answers.AnswerFieldView.as_view(),
        name="answer_field",
    ),
    path(
        "answers/<int:pk>/return/", views_answers.AnswerReturnView.as_view(), name="answer_return"
    ),
]
