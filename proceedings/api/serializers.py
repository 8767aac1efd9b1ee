from rest_framework import serializers


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="party, case, court or ruling")
    id = serializers.IntegerField(source="object.pk")
    slug = serializers.SerializerMethodField()
    name = serializers.CharField(source="label", help_text="Name, title or citation.")
    web_url = serializers.SerializerMethodField(help_text="The public page.")
    match = serializers.SerializerMethodField(
        help_text="How it matched: exact name, exact other name, key match or fuzzy "
        "match (best first)."
    )
    matched_field = serializers.CharField(source="field")
    matched_text = serializers.CharField(source="text")

    def get_slug(self, hit) -> str | None:
        return getattr(hit.object, "slug", None)

    def get_web_url(self, hit) -> str:
        return self.context["request"].build_absolute_uri(hit.object.get_absolute_url())

    def get_match(self, hit) -> str:
        return hit.match.label
