/// HeyGen examples from heygen-update-endpoint.md and CONTRACT.md.
enum HeyGenFixtures {
    static let endpoint = """
    {"username": "b3ebafd81a8541z0b8d56a14c8a4ce92", "url": "https://smee.io/MnBgJ2lt4vbwk5zQ",
     "events": ["photo_avatar_generation.success", "photo_avatar_generation.fail"],
     "created_at": "2025-10-22T08:31:48", "entity_id": null,
     "endpoint_id": "1b7c53dfc92349e89b82c1zfa7cf7819", "status": "enabled",
     "secret": "1esec_ZvRV3QFE12WZcYA1qSBwBA==", "space_id": "b3ebafd81a8541z0b8d56a14c8a4ce92"}
    """

    static let allEventsEndpoint = """
    {"username": "u2", "url": "https://old.acme.com/heygen", "events": null, "created_at": "2025-10-22T08:31:48",
     "entity_id": null, "endpoint_id": "ep_all", "status": "disabled", "secret": "1esec_allEventsSecret==",
     "space_id": "s2"}
    """

    /// LIST with `data` as an array (CONTRACT.md).
    static let listArray = #"{"code": 100, "data": [\#(endpoint), \#(allEventsEndpoint)], "msg": null, "message": null}"#
    /// LIST with `data.endpoints`.
    static let listWrapped = #"{"code": 100, "data": {"endpoints": [\#(endpoint), \#(allEventsEndpoint)]}, "msg": null, "message": null}"#

    /// UPDATE 200, the documented "Result" example.
    static let updated = #"{"code": 100, "data": \#(endpoint), "msg": null, "message": null}"#

    static let events = #"{"code": 100, "data": ["avatar_video.success", "avatar_video.fail", "video_translate.success"]}"#

    static let invalidURL = #"{"code":400542,"message":"Url of this webhook endpoint is invalid"}"#
    static let notFound = #"{"code": 400131, "message": "Webhook endpoint not found"}"#
    static let unauthorized = #"{"code": 400112, "message": "Unauthorized"}"#
}
