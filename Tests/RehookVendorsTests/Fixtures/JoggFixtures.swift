/// JoggAI examples from jogg-update-endpoint.md and CONTRACT.md.
enum JoggFixtures {
    static let endpoint = """
    {"endpoint_id": "wh_123456789", "url": "https://your-domain.com/webhook",
     "secret": "whsec_abc123xyz", "status": "enabled",
     "events": ["generated_avatar_video_success", "generated_avatar_video_failed"],
     "username": "johndoe", "created_at": 1732806631}
    """

    static let list = """
    {"code": 0, "msg": "Success", "data": {"endpoints": [
      \(endpoint),
      {"endpoint_id": "wh_2", "url": "https://old.acme.com/jogg", "secret": "whsec_second",
       "status": "disabled", "events": ["generated_photo_avatar_success"], "username": "johndoe",
       "created_at": 1732806632}
    ]}}
    """

    static let updated = #"{"code": 0, "msg": "Success", "data": \#(endpoint)}"#

    static let events = """
    {"code": 0, "msg": "Success", "data": {"events": ["generated_avatar_video_success",
      "generated_avatar_video_failed", "generated_photo_avatar_success"]}}
    """

    static let rateLimited = #"{"code":429,"msg":"Rate limit exceeded...","data":null}"#
    static let notFound = #"{"code": 10104, "msg": "Record not found", "data": null}"#
    static let invalidKey = #"{"code": 10105, "msg": "Invalid API key", "data": null}"#
    static let noCredit = #"{"code": 18020, "msg": "Insufficient credit", "data": null}"#
    static let parameterError = #"{"code": 40000, "msg": "Parameter error", "data": null}"#
    static let systemError = #"{"code": 50000, "msg": "System error", "data": null}"#
}
