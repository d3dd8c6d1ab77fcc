from django.urls import path

from . import views
from .views import embed, share_images
from .views.answers import answers_map, who_is_in_what_csv, who_is_in_what_page
from .views.changes import ChangesFeed, change_list
from .views.compare import compare
from .views.results import commitment_results, statement_results, timeline_results
from .views.search import site_search

app_name = "tiers"

# Mounted under i18n_patterns: each language has its own URLs (/en/…, /uk/…).
urlpatterns = [
    path("", views.home, name="home"),
    path("tiers/<slug:slug>/", views.tier_detail, name="tier_detail"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/results.csv", commitment_results, name="commitment_results"),
    path("commitments/<slug:slug>/", views.commitment_detail, name="commitment_detail"),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/results.csv", statement_results, name="statement_results"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement_detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("timeline/<slug:type_name>.csv", timeline_results, name="timeline_results"),
    path("sources/<slug:key>/", views.source_detail, name="source_detail"),
    path("who-is-in-what/", who_is_in_what_page, name="who_is_in_what"),
    path("who-is-in-what.csv", who_is_in_what_csv, name="who_is_in_what_csv"),
    path("who-is-in-what/map/", answers_map, name="answers_map"),
    path("compare/", compare, name="compare"),
    path("search/", site_search, name="search"),
    path("about/", views.about, name="about"),
    path("changes/", change_list, name="changes"),
    path("changes/feed/", ChangesFeed(), name="changes_feed"),
    # Each record page's preview image (og:image) and the cards other sites may frame
    # (tiers/sharing.py, docs/embedding.md).
    path("tiers/<slug:slug>/card.png", share_images.tier_image, name="tier_image"),
    path("actors/<slug:slug>/card.png", share_images.actor_image, name="actor_image"),
    path(
        "commitments/<slug:slug>/card.png",
        share_images.commitment_image,
        name="commitment_image",
    ),
    path("statements/<slug:slug>/card.png", share_images.statement_image, name="statement_image"),
    path("sources/<slug:key>/card.png", share_images.source_image, name="source_image"),
    path("embed/commitments/<slug:slug>/", embed.commitment_card, name="embed_commitment"),
    path("embed/actors/<slug:slug>/", embed.actor_card, name="embed_actor"),
    path("embed/tiers/<slug:slug>/chart/", embed.tier_chart, name="embed_tier_chart"),
]
