/// Argil examples from argil-update-webhook.md and CONTRACT.md (placeholders given real text).
enum ArgilFixtures {
    /// LIST: a bare array; one item spells `createdAt`, the other `createAt`.
    static let list = """
    [
      {"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "callbackUrl": "https://old.acme.com/argil",
       "events": ["AVATAR_TRAINING_SUCCESS"], "createdAt": "2023-11-07T05:31:56Z",
       "updatedAt": "2023-11-07T05:31:56Z", "lastTriggeredAt": "2023-11-07T05:31:56Z"},
      {"id": "7d1e2f3a-0000-4b50-8888-8dd25736052b", "callbackUrl": "https://old.acme.com/argil2",
       "events": ["VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"], "createAt": "2023-11-07T05:31:56Z",
       "updatedAt": "2023-11-07T05:31:56Z", "lastTriggeredAt": null}
    ]
    """

    /// UPDATE 200, the documented example (`createAt` spelling).
    static let updated = """
    {
      "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
      "callbackUrl": "https://hooks.acme.dev/argil",
      "events": ["AVATAR_TRAINING_SUCCESS"],
      "createAt": "2023-11-07T05:31:56Z",
      "updatedAt": "2023-11-07T05:31:56Z",
      "lastTriggeredAt": "2023-11-07T05:31:56Z"
    }
    """

    static let notFound = #"{"code": 123, "message": "Webhook not found"}"#
    static let validation = #"{"code": 123, "message": "callbackUrl must be a URL"}"#
}
