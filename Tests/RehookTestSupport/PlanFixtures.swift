import RehookModel

/// Fixed plans for the golden and review tests, built by hand the way the interpreter would.
public enum PlanFixtures {
    public static let createdAt = "2026-11-23T12:00:00Z"
    public static let source = PlanSource(path: "scripts/migrate.rehook", digest: "00c0ffee00c0ffee")

    public static func change(_ before: Webhook, _ fields: FieldChange...) -> PlannedChange {
        PlannedChange(before: before, fields: fields)
    }

    public static func urlChange(_ before: String, _ after: String) -> FieldChange {
        FieldChange(field: .url, before: .string(before), after: .string(after))
    }

    public static func eventsChange(_ before: EventSelection, _ after: EventSelection) -> FieldChange {
        FieldChange(field: .events, before: .events(before), after: .events(after))
    }

    /// One plan touching all five vendors, with every kind of change the renderers show.
    public static let fleet = Plan(createdAt: createdAt, source: source, changes: [
        // HeyGen: a domain move on long URLs plus an events set diff with unchanged events.
        change(Webhook(vendor: .heygen, account: "prod", id: "ep_123",
                       url: "https://old.acme.com/hooks/heygen/video-pipeline/v2/callback?tenant=acme-production",
                       events: .list(["avatar_video.success", "avatar_video.fail", "video_translate.success",
                                      "video_translate.fail", "personalized_video"]), enabled: true,
                       extras: [.username: .string("ops@acme.com")]),
               urlChange("https://old.acme.com/hooks/heygen/video-pipeline/v2/callback?tenant=acme-production",
                         "https://hooks.acme.dev/hooks/heygen/video-pipeline/v2/callback?tenant=acme-production"),
               eventsChange(.list(["avatar_video.success", "avatar_video.fail", "video_translate.success",
                                   "video_translate.fail", "personalized_video"]),
                            .list(["avatar_video.success", "avatar_video.fail", "video_translate.success",
                                   "photo_avatar.success"]))),
        // HeyGen: "all events" narrowed to a list, and a list widened to "all events".
        change(Webhook(vendor: .heygen, account: "prod", id: "ep_200", url: "https://hooks.acme.dev/all",
                       events: .all, enabled: true),
               eventsChange(.all, .list(["avatar_video.success", "avatar_video.fail"]))),
        change(Webhook(vendor: .heygen, account: "staging", id: "ep_300", url: "https://hooks.acme.dev/staging",
                       events: .list(["avatar_video.fail", "avatar_video.success"]), enabled: true),
               eventsChange(.list(["avatar_video.fail", "avatar_video.success"]), .all)),
        // JoggAI: disable one endpoint (and bump a version deep in its URL), re-enable another.
        change(Webhook(vendor: .jogg, account: "main", id: "wh_j1", url: "https://hooks.acme.dev/jogg/endpoints/v1",
                       events: .list(["generated_avatar_video_success"]), enabled: true),
               FieldChange(field: .enabled, before: .bool(true), after: .bool(false)),
               urlChange("https://hooks.acme.dev/jogg/endpoints/v1", "https://hooks.acme.dev/jogg/endpoints/v2")),
        change(Webhook(vendor: .jogg, account: "main", id: "wh_j2", url: "https://old.acme.com/jogg2",
                       events: .list(["generated_avatar_video_success"]), enabled: false),
               FieldChange(field: .enabled, before: .bool(false), after: .bool(true)),
               urlChange("https://old.acme.com/jogg2", "https://hooks.acme.dev/jogg2")),
        // Talkover: fields the vendor never reveals, a secret by reference, a first name, a timeout.
        change(Webhook(vendor: .talkover, account: "support", id: "wh_t1", parentID: "ag_7",
                       url: "https://hooks.acme.dev/talkover", events: .list(["call.ended"]), enabled: true,
                       extras: [.agentName: .string("Support bot"), .timeout: .int(30), .maxRetries: .int(3)]),
               FieldChange(field: .name, before: nil, after: .string("Support calls")),
               FieldChange(field: .httpMethod, before: nil, beforeKnown: false, after: .string("PUT")),
               FieldChange(field: .authScheme, before: nil, beforeKnown: false, after: .string("bearer")),
               FieldChange(field: .headers, before: nil, beforeKnown: false,
                           after: .strings(["X-Team: support", "X-Env: prod"])),
               FieldChange(field: .secret, before: nil, beforeKnown: false,
                           after: .secret(.environment("TALKOVER_HOOK_SECRET"))),
               FieldChange(field: .timeout, before: .int(30), after: .int(45))),
        // Composio: a version bump and a URL too wide for one line.
        change(Webhook(vendor: .composio, account: "default", id: "sub_9f2",
                       url: "https://old.acme.com/composio", events: .list(["composio.trigger.message"]),
                       extras: [.version: .string("V1")]),
               urlChange("https://old.acme.com/composio",
                         "https://hooks.acme.dev/integrations/composio/triggers/messages/receive?source=rehook&region=eu-west-1"),
               FieldChange(field: .version, before: .string("V1"), after: .string("V3"))),
        // Argil: a URL move and one event dropped.
        change(Webhook(vendor: .argil, account: "main", id: "wh_a1", url: "https://old.acme.com/argil",
                       events: .list(["VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"])),
               urlChange("https://old.acme.com/argil", "https://hooks.acme.dev/argil"),
               eventsChange(.list(["VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"]),
                            .list(["VIDEO_GENERATION_SUCCESS"]))),
    ], unchangedMatches: 7, warnings: ["heygen account 'legacy' has no webhooks"])

    public static let empty = Plan(createdAt: createdAt, source: source, changes: [], unchangedMatches: 7)

    /// A plan moving webhooks somewhere a reviewer must notice.
    public static let risky = Plan(createdAt: createdAt, source: nil, changes: [
        change(Webhook(vendor: .argil, account: "main", id: "wh_a2", url: "https://hooks.acme.dev/a",
                       events: .list(["VIDEO_GENERATION_SUCCESS"])),
               urlChange("https://hooks.acme.dev/a", "http://10.1.2.3:8080/a")),
        change(Webhook(vendor: .composio, account: "default", id: "sub_1", url: "https://hooks.acme.dev/c",
                       events: .list(["composio.trigger.message"])),
               urlChange("https://hooks.acme.dev/c", "https://hooks.evilacme.dev/c")),
    ], unchangedMatches: 0)

    /// `fleet` and `risky` together with every member a reviewed, probed plan from a live fleet
    /// records: review findings among its warnings, the recorded review and policy, probes (an
    /// answer, a failure, a slow one), an estimate and its digest.
    public static var reviewed: Plan {
        var plan = fleet
        plan.changes = (fleet.changes + risky.changes).sorted { $0.key < $1.key }
        plan.warnings += [
            "warning: argil/main/wh_a2 url: moves to plain http: http://10.1.2.3:8080/a",
            "error: plan: destination 10.1.2.3:8080/a (1 webhook) is unreachable: tcp failed: connection refused; "
                + "deliveries there would be lost",
        ]
        plan.review = RecordedReview(policy: RecordedPolicy(strict: false, maxChanges: 40, allowHosts: ["*.acme.dev"],
                                                            requireHTTPS: false),
                                     errors: 1, warnings: 2)
        plan.probes = [
            DestinationProbeResult(url: "https://hooks.acme.dev/h", destination: "hooks.acme.dev/h", status: 204,
                                   method: "HEAD", failedPhase: nil, detail: nil, milliseconds: 41, tls: .verified),
            DestinationProbeResult(url: "http://10.1.2.3:8080/a", destination: "10.1.2.3:8080/a", status: nil, method: nil,
                                   failedPhase: .tcp, detail: "connection refused", milliseconds: 3, tls: .none),
            DestinationProbeResult(url: "https://hooks.evilacme.dev/c", destination: "hooks.evilacme.dev/c", status: 405,
                                   method: "OPTIONS", failedPhase: nil, detail: nil, milliseconds: 2_500, tls: .verified),
        ]
        plan.estimate = PlanEstimate(vendors: [
            VendorEstimate(vendor: .jogg, seconds: 51.3, requests: 23, limit: "20 writes/min"),
            VendorEstimate(vendor: .argil, seconds: 0.4, requests: 4, limit: "5 requests/s"),
        ])
        return PlanFile.sealed(plan)
    }
}
