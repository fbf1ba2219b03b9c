from django.urls import path

from . import views

app_name = "alerts"

feed = views.ListFeed()

urlpatterns = [
    path("alertes/", views.index, name="index"),
    path("alertes/suivre/", views.follow, name="follow"),
    path("alertes/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("alertes/gerer/<str:token>/", views.manage, name="manage"),
    path("alertes/desinscrire/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # Atom feeds of the followable lists (flux.atom is no slug: the detail pages' patterns skip it).
    path("acteurs/flux.atom", feed, {"kind": "acteurs"}, name="feed_actors"),
    path("projets/flux.atom", feed, {"kind": "projets"}, name="feed_projects"),
    path("appels/flux.atom", feed, {"kind": "appels"}, name="feed_calls"),
]
